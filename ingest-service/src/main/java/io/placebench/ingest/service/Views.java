package io.placebench.ingest.service;

import io.placebench.ingest.domain.RowProblem;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request and response bodies of the REST API. */
public final class Views {

    private Views() {
    }

    public record DatasetRequest(String id, String name, String description) {
    }

    public record DatasetView(String id, String name, String description, Instant createdAt, long imageCount) {
    }

    public record ImageView(String datasetId, String id, String sha256, String mediaType, long sizeBytes,
            double latitude, double longitude, String city, String admin1, String country,
            Map<String, String> attributes, String blobUrl, Instant createdAt) {
    }

    public record ImagePage(String datasetId, int offset, int limit, long total, List<ImageView> images) {
    }

    public record ImportRequest(String folder, String manifest) {
    }

    /**
     * Outcome of an import: {@code rows} data rows read; {@code accepted} new images stored; {@code duplicates}
     * images already stored with the same bytes and coordinates; {@code rejectedRows} rows refused;
     * {@code rejected} every problem of those rows (a row may have several), ordered by row.
     */
    public record ImportReport(String datasetId, int rows, int accepted, int duplicates, int rejectedRows,
            List<RowProblem> rejected) {
    }

    public record RunRequest(String datasetId, String provider, String model, String promptId,
            Map<String, Object> parameters) {
    }

    public record RunView(String id, String datasetId, String provider, String model, String promptId,
            Map<String, Object> parameters, boolean simulated, String status, long expectedCount,
            Instant createdAt, Instant updatedAt) {
    }
}
