package io.placebench.ingest.service;

import io.placebench.ingest.config.IngestConfig;
import io.placebench.ingest.domain.BlobStore;
import io.placebench.ingest.domain.EntityTags;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.domain.Thumbnailer;
import io.placebench.ingest.repository.StoredImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Metadata-free thumbnails of stored images for the web page's drill-down (see {@link Thumbnailer}). The image is
 * looked up in one short transaction; decoding happens outside it, so no database connection waits on pixels.
 * At most one decode per processor runs at a time (decoding is CPU-bound), which also bounds the pixel memory
 * that thumbnails hold together; further requests wait their turn.
 */
@ApplicationScoped
public class ThumbnailService {

    /** JPEG quality of thumbnails. */
    static final float QUALITY = 0.85f;

    private final BlobStore blobs;
    private final Thumbnailer thumbnailer;
    private final Semaphore decoding = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

    public ThumbnailService(BlobStore blobs, IngestConfig config) {
        this.blobs = blobs;
        this.thumbnailer = new Thumbnailer(config.maxImageBytes(), config.maxDecodePixels(), QUALITY);
    }

    /**
     * What a thumbnail is made of: the image's blob and the size asked. The entity tag names the bytes (SHA-256),
     * the size and the rendering, so it can be answered (If-None-Match → 304) without decoding anything.
     */
    public record Source(String datasetId, String imageId, String sha256, int size) {
        public String etag() {
            return EntityTags.strong(sha256 + "-" + size + "-" + Thumbnailer.RENDERING);
        }
    }

    /**
     * The image to make a thumbnail of. 400 for a malformed dataset id or a {@code size} that is not a whole
     * number in {@link Thumbnailer#MIN_SIZE}..{@link Thumbnailer#MAX_SIZE}; 404 naming the dataset or the image
     * when unknown, or the image when only its truth is known (no bytes).
     */
    @Transactional
    public Source source(String datasetId, String imageId, String rawSize) {
        int size = size(rawSize);
        DatasetService.require(datasetId);
        StoredImage image = StoredImage.findImage(datasetId, imageId).orElseThrow(() -> new ApiException(404,
                "image " + imageId + " not found in dataset " + datasetId,
                List.of(new Problem("imageId", imageId, "not found"))));
        if (image.sha256 == null) {
            throw new ApiException(404, "image " + imageId + " of dataset " + datasetId
                    + " has no bytes: only its truth is known",
                    List.of(new Problem("imageId", imageId, "no image bytes stored")));
        }
        return new Source(datasetId, imageId, image.sha256, size);
    }

    /**
     * The thumbnail's JPEG bytes. 415 when ingest has no decoder for the stored format, 422 when the stored
     * bytes cannot be decoded or are above the byte or pixel limits, 500 when the blob is missing from the store.
     */
    public byte[] render(Source source) {
        Path file = blobs.find(source.sha256()).orElseThrow(() -> new ApiException(500, "the bytes of image "
                + source.imageId() + " of dataset " + source.datasetId() + " are missing from the blob store ("
                + source.sha256() + ")"));
        decoding.acquireUninterruptibly();
        try {
            return thumbnailer.render(file, source.size()).jpeg();
        } catch (Thumbnailer.ThumbnailException e) {
            int status = e.failure() == Thumbnailer.Failure.UNSUPPORTED ? 415 : 422;
            String reason = switch (e.failure()) {
                case UNSUPPORTED -> "no decoder for this format";
                case UNREADABLE -> "cannot be decoded";
                case TOO_LARGE -> "above the decoding limits";
            };
            throw new ApiException(status, "no thumbnail for image " + source.imageId() + " of dataset "
                    + source.datasetId() + ": " + e.getMessage(),
                    List.of(new Problem("imageId", source.imageId(), reason)));
        } finally {
            decoding.release();
        }
    }

    private static int size(String raw) {
        if (raw == null || raw.isBlank()) {
            return Thumbnailer.DEFAULT_SIZE;
        }
        String range = "must be a whole number between " + Thumbnailer.MIN_SIZE + " and " + Thumbnailer.MAX_SIZE;
        try {
            int size = Integer.parseInt(raw.trim());
            if (Thumbnailer.allowedSize(size)) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("size " + range + " (pixels of the longer side), was " + raw,
                List.of(new Problem("size", raw, range)));
    }
}
