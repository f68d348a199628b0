package io.placebench.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code placebench.uploads.*}: limits of uploaded requests (413 beyond them) and where uploads are unpacked. */
@ConfigMapping(prefix = "placebench.uploads")
public interface UploadsConfig {

    /**
     * Largest request body, checked on {@code Content-Length} before the body is read (keep
     * {@code quarkus.http.limits.max-body-size} a little above it: it stops bodies sent without a length).
     */
    @WithDefault("1073741824")
    long maxRequestBytes();

    /** Most files in one archive. */
    @WithDefault("100000")
    int maxArchiveEntries();

    /** Most bytes one archive may unpack to. */
    @WithDefault("4294967296")
    long maxArchiveUnpackedBytes();

    /** Most file parts in one multipart request (e.g. result files). */
    @WithDefault("100")
    int maxFiles();

    /** Where archives are unpacked while being imported (default: the system temporary directory). */
    Optional<String> directory();
}
