package io.placebench.ingest.config;

import io.placebench.ingest.domain.BlobStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Makes the pure-Java {@link BlobStore} injectable, rooted at {@code placebench.blobs.directory}. */
public class BlobStoreProducer {

    @Produces
    @Singleton
    BlobStore blobStore(BlobsConfig config) {
        return new BlobStore(Path.of(config.directory()));
    }
}
