package io.placebench.ingest.service;

import io.placebench.ingest.domain.RowProblem;
import java.math.BigDecimal;
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

    /** An image; {@code sha256}, {@code mediaType} and {@code blobUrl} are null when only its truth is known. */
    public record ImageView(String datasetId, String id, String sha256, String mediaType, long sizeBytes,
            double latitude, double longitude, String city, String admin1, String country,
            Map<String, String> attributes, String blobUrl, Instant createdAt) {
    }

    public record ImagePage(String datasetId, int offset, int limit, long total, List<ImageView> images) {
    }

    /**
     * A server-side import: {@code folder} (absolute), {@code manifest} (relative to it, default manifest.csv;
     * {@code .jsonl}/{@code .ndjson} or a first character <code>{</code> means JSON Lines), {@code format}
     * (generic, imageo, im2gps, osv5m...; default: recognised from the header), {@code mapping} (field to column).
     */
    public record ImportRequest(String folder, String manifest, String format, Map<String, String> mapping) {
    }

    /**
     * Outcome of an import: {@code format} the layout read; {@code rows} data rows read; {@code accepted} new
     * images stored (or bytes added to an image that had only its truth); {@code duplicates} images already
     * stored with the same bytes and coordinates; {@code rejectedRows} rows refused; {@code rejected} every
     * problem of those rows (a row may have several), ordered by row.
     */
    public record ImportReport(String datasetId, String format, int rows, int accepted, int duplicates,
            int rejectedRows, List<RowProblem> rejected) {
    }

    /**
     * {@code mode} snapshot (default) or open; {@code budgetUsd} stored and passed to inference in
     * {@code parameters.budgetUsd}; {@code dryRun} answers the estimate without creating anything;
     * {@code confirm} is needed above {@code placebench.runs.confirm-above} billable requests; {@code start}
     * false creates the run without sending anything (POST /api/runs/{id}/start later).
     */
    public record RunRequest(String datasetId, String provider, String model, String promptId,
            Map<String, Object> parameters, String mode, BigDecimal budgetUsd, Boolean dryRun, Boolean confirm,
            Boolean start) {
    }

    public record ModelRef(String provider, String model) {
    }

    /**
     * Several runs at once: every combination of dataset ({@code datasetId} or {@code datasetIds}) x model
     * ({@code models}) x prompt ({@code promptId} or {@code promptIds}) x parameters ({@code parameters} or
     * {@code parameterSets}); the other fields apply to each run.
     */
    public record RunBatchRequest(String datasetId, List<String> datasetIds, List<ModelRef> models, String promptId,
            List<String> promptIds, Map<String, Object> parameters, List<Map<String, Object>> parameterSets,
            String mode, BigDecimal budgetUsd, Boolean dryRun, Boolean confirm, Boolean start) {
    }

    /** Where a run stands in ingest: requests sent, predictions seen, failed ones a retry would send again. */
    public record RunProgress(long images, long sent, long predicted, long retryable) {
    }

    public record RunView(String id, String datasetId, String provider, String model, String promptId,
            Map<String, Object> parameters, boolean simulated, String status, long expectedCount,
            Instant createdAt, Instant updatedAt, String mode, BigDecimal budgetUsd, String source,
            String statusReason, long generation, RunProgress progress) {
    }

    public record RunBatchView(List<RunView> runs) {
    }

    /** What one run would be. {@code images}: images it would send now (images with bytes). */
    public record RunEstimate(String datasetId, String provider, String model, String promptId,
            Map<String, Object> parameters, String mode, boolean simulated, long images, BigDecimal budgetUsd) {
    }

    /**
     * A dry run: the runs that would be created, {@code requests} in all, {@code billableRequests} of
     * non-simulated providers, and whether {@code "confirm": true} is needed to create them. Costs are not
     * estimated here (inference-service owns prices).
     */
    public record DryRunView(boolean dryRun, List<RunEstimate> runs, long requests, long billableRequests,
            long confirmAbove, boolean confirmationRequired) {
    }

    /** Retry of a run's failed images: how many were sent again, with which statuses. */
    public record RetryView(String runId, List<String> statuses, int retried, RunView run) {
    }

    /** Optional body of POST /api/runs/{id}/retry. */
    public record RetryRequest(List<String> statuses) {
    }

    /** Optional body of POST /api/runs/{id}/resume: a new budget. */
    public record ResumeRequest(BigDecimal budgetUsd) {
    }

    /**
     * Import of published results from files on this server: {@code format} (imageo), {@code datasetId}
     * (default imageo-&lt;truth file name without _info.csv&gt;), {@code truth} (the dataset's info CSV),
     * {@code results} (result JSONL files), {@code promptId} (default imageo).
     */
    public record ResultsImportRequest(String format, String datasetId, String truth, List<String> results,
            String promptId) {
    }

    /** One run made from (part of) a result file: one per provider and model in it. */
    public record ImportedRun(String runId, String provider, String model, int images, boolean alreadyImported) {
    }

    /** One result file: lines read, lines turned into predictions, rejected lines with their problems. */
    public record ResultFileReport(String file, int lines, int accepted, int rejectedLines, List<RowProblem> rejected,
            List<ImportedRun> runs) {
    }

    public record ResultsImportReport(String datasetId, String format, ImportReport truth,
            List<ResultFileReport> files) {
    }
}
