package io.placebench.ingest.rest;

import io.placebench.ingest.domain.BlobStore;
import io.placebench.ingest.domain.ImageType;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.repository.StoredImage;
import io.placebench.ingest.service.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Serves image bytes by their SHA-256 (the claim check carried in events). */
@Path("/api/blobs")
public class BlobResource {

    static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

    @Inject
    BlobStore blobs;

    @GET
    @Path("/{sha256}")
    public Response get(@PathParam("sha256") String sha256) {
        String sha = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
        if (!BlobStore.isSha256(sha)) {
            throw ApiException.badRequest("not a SHA-256: expected 64 hex digits",
                    List.of(new Problem("sha256", sha256, "expected 64 hex digits")));
        }
        java.nio.file.Path path = blobs.find(sha).orElseThrow(() -> new ApiException(404, "blob " + sha
                + " not found", List.of(new Problem("sha256", sha, "not found"))));
        return Response.ok(path.toFile(), mediaType(sha, path))
                .header("Cache-Control", CACHE_CONTROL)
                .header("ETag", "\"" + sha + "\"")
                .build();
    }

    /** The media type recorded when the image was stored; sniffed from the bytes if no row names it. */
    private static String mediaType(String sha, java.nio.file.Path path) {
        Optional<String> stored = QuarkusTransaction.requiringNew().call(() -> StoredImage.find("sha256 = ?1", sha)
                .<StoredImage>firstResultOptional().map(i -> i.mediaType));
        if (stored.isPresent()) {
            return stored.get();
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(ImageType.SIGNATURE_BYTES);
            return ImageType.sniff(head).map(ImageType::mediaType).orElse("application/octet-stream");
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }
}
