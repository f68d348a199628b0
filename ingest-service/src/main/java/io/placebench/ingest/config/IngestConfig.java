package io.placebench.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code placebench.ingest.*} settings. (Each group has its own narrow prefix so that {@code placebench.*} keys
 * meant for other services, given to every service by a launcher, do not fail this one's config validation.)
 */
@ConfigMapping(prefix = "placebench.ingest")
public interface IngestConfig {

    /** Largest accepted image, in bytes (default 20 MiB). */
    @WithDefault("20971520")
    long maxImageBytes();

    /** Manifest rows stored per database transaction (their events are published after each commit). */
    @WithDefault("500")
    int batchSize();

    /** How long to wait for Kafka to acknowledge a batch of events. */
    @WithDefault("PT2M")
    Duration publishTimeout();

    /** Threads reading, hashing, fetching and writing images in parallel during an import. */
    @WithDefault("8")
    int ioThreads();
}
