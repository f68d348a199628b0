package io.placebench.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * {@code placebench.auth.*}: API tokens, stored as SHA-256 hex digests (never the tokens themselves). When
 * neither {@code token-hashes} nor {@code tokens-file} names a token, writes are open (a warning is logged once
 * at startup) so that a local stack works without one.
 */
@ConfigMapping(prefix = "placebench.auth")
public interface AuthConfig {

    /** Comma-separated {@code <sha256-hex>[:read|:write]} entries (write when no scope is given). */
    Optional<List<String>> tokenHashes();

    /** A file of {@code <sha256-hex> [read|write]} lines ({@code #} comments); read at startup. */
    Optional<String> tokensFile();

    /** Whether read endpoints (GET) need a token too (any scope). */
    @WithDefault("false")
    boolean readRequiresToken();

    /**
     * Whether {@code GET /api/blobs/{sha256}} needs a token when reads do. Off by default: inference-service
     * fetches blobs by URL without a token.
     */
    @WithDefault("false")
    boolean blobsRequireToken();
}
