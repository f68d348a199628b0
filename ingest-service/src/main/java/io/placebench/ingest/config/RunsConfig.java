package io.placebench.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code placebench.runs.*}: run creation and fan-out. */
@ConfigMapping(prefix = "placebench.runs")
public interface RunsConfig {

    /**
     * Creating runs that would send more billable requests than this (non-simulated providers) needs
     * {@code "confirm": true}; {@code "dryRun": true} shows the count first.
     */
    @WithDefault("1000")
    long confirmAbove();

    /** Requests published and marked sent per database transaction while fanning a run out. */
    @WithDefault("5000")
    int fanoutChunk();

    /**
     * A running run whose requests could not all be published (Kafka unavailable) is swept and sent again when
     * it has not changed for this long.
     */
    @WithDefault("PT30S")
    Duration sweepAfter();
}
