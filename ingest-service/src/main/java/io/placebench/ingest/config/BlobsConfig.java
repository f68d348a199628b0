package io.placebench.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code placebench.blobs.*}: where the content-addressed blob store keeps image bytes. */
@ConfigMapping(prefix = "placebench.blobs")
public interface BlobsConfig {

    /** Root directory of the blob store (relative paths resolve against the working directory). */
    @WithDefault("data/blobs")
    String directory();
}
