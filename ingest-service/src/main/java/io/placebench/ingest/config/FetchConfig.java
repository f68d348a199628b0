package io.placebench.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code placebench.fetch.*}: fetching images from http(s) URLs named in manifests. Loopback, private,
 * link-local (cloud metadata) and other non-public addresses are refused unless allowed here.
 */
@ConfigMapping(prefix = "placebench.fetch")
public interface FetchConfig {

    @WithDefault("PT5S")
    Duration connectTimeout();

    /** Whole-request limit: connecting, waiting and reading the body. */
    @WithDefault("PT30S")
    Duration timeout();

    @WithDefault("3")
    int maxRedirects();

    /** Fetch from any address, private ones included (a trusted network only). */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** Host names allowed whatever they resolve to (e.g. an internal image server). */
    Optional<List<String>> allowedHosts();
}
