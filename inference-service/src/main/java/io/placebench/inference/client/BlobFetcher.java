package io.placebench.inference.client;

import io.placebench.inference.config.InferenceConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Fetches image bytes by their claim-check URL ({@code blobUrl} of the request) with a MicroProfile REST client
 * built per origin and cached. {@code placebench.blobs.base-url}, when set, replaces the URL's origin (the path
 * is kept), for deployments where ingest's public URL is not the one inference can reach.
 */
@ApplicationScoped
public class BlobFetcher {

    private static final Logger LOG = Logger.getLogger(BlobFetcher.class);

    @Inject
    InferenceConfig config;

    private final Map<String, BlobApi> clients = new ConcurrentHashMap<>();

    public byte[] fetch(String blobUrl) throws BlobFetchException {
        URI uri;
        try {
            uri = URI.create(blobUrl == null ? "" : blobUrl);
        } catch (IllegalArgumentException e) {
            throw new BlobFetchException("blobUrl is not a URL: " + blobUrl, false, e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new BlobFetchException("blobUrl must be an http(s) URL, was '" + blobUrl + "'", false, null);
        }
        String origin = config.blobs().baseUrl().filter(s -> !s.isBlank())
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                .orElse(uri.getScheme() + "://" + uri.getRawAuthority());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/+", "");
        BlobApi client = clients.computeIfAbsent(origin, this::build);
        Response response;
        try {
            response = client.fetch(path);
        } catch (WebApplicationException e) {
            response = e.getResponse();
        } catch (RuntimeException e) {
            throw new BlobFetchException("fetching " + blobUrl + " failed: " + rootMessage(e), true, e);
        }
        try (Response r = response) {
            int status = r.getStatus();
            if (status != 200) {
                throw new BlobFetchException("fetching " + blobUrl + " answered HTTP " + status,
                        status >= 500 || status == 408 || status == 429, null);
            }
            byte[] bytes = r.readEntity(byte[].class);
            if (bytes == null || bytes.length == 0) {
                throw new BlobFetchException("fetching " + blobUrl + " returned no bytes", false, null);
            }
            if (bytes.length > config.image().maxSourceBytes()) {
                throw new BlobFetchException("the image at " + blobUrl + " has " + bytes.length
                        + " bytes, more than the " + config.image().maxSourceBytes() + " allowed", false, null);
            }
            return bytes;
        } catch (RuntimeException e) {
            throw new BlobFetchException("reading " + blobUrl + " failed: " + rootMessage(e), true, e);
        }
    }

    private BlobApi build(String origin) {
        LOG.infof("Blob client for %s", origin);
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(origin))
                .connectTimeout(config.blobs().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.blobs().readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .build(BlobApi.class);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @PreDestroy
    void close() {
        clients.values().forEach(c -> {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debugf("Closing a blob client failed: %s", e);
            }
        });
    }
}
