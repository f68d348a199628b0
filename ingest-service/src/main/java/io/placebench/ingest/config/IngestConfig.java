package io.placebench.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code placebench.ingest.*} settings. (Each group has its own narrow prefix so that {@code placebench.*} keys
 * meant for other services, given to every service by a launcher, do not fail this one's config validation.)
 */
@ConfigMapping(prefix = "placebench.ingest")
public interface IngestConfig {

    /** Largest accepted image, in bytes (default 20 MiB). */
    @WithDefault("20971520")
    long maxImageBytes();

    /**
     * Largest image, in pixels, that ingest decodes (to make a thumbnail); larger ones are refused before any
     * pixel is decoded (decompression bombs). Same default as inference-service's source limit.
     */
    @WithDefault("100000000")
    long maxDecodePixels();

    /** Manifest rows stored per database transaction (their events are appended to the outbox in the same transaction). */
    @WithDefault("500")
    int batchSize();

    /** Threads reading, hashing, fetching and writing images in parallel during an import. */
    @WithDefault("8")
    int ioThreads();
}
