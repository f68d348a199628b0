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
     * The watchdog sends again a request of a running run that was sent this long ago and is still unanswered
     * (then waits as long again before the next re-send). Inference's ledger makes a re-send free.
     */
    @WithDefault("PT10M")
    Duration resendAfter();

    /** How often the watchdog checks the running runs (also read by its {@code @Scheduled}). */
    @WithDefault("PT15S")
    Duration watchdogEvery();
}
