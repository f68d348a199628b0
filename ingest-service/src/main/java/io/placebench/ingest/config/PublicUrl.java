package io.placebench.ingest.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code placebench.public-url}: how other services reach this one; blob URLs in events start with it. */
@ApplicationScoped
public class PublicUrl {

    private final String base;

    public PublicUrl(@ConfigProperty(name = "placebench.public-url", defaultValue = "http://localhost:8081") String url) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** {@code <public-url>/api/blobs/<sha256>} */
    public String blobUrl(String sha256) {
        return base + "/api/blobs/" + sha256;
    }
}
