package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * Topic {@value Topics#INFERENCE_REQUESTS}, key: run id + image id. Ask one model about one image.
 * Deliberately carries no ground truth: inference never sees the answer.
 *
 * <p>Optional fields added in schema version 1 (absent or null in older records):
 * <ul>
 * <li>{@code attempt}: 1 for the first request of a (run, image), 2, 3... when the run's failed images are
 * retried; null means 1. Idempotency is per (run, image, attempt): a new attempt must call the provider again,
 * a redelivered request of the same attempt must not.</li>
 * <li>{@code imported}: the answer was recorded elsewhere (an imported result file): parse it, publish the
 * prediction, never call a provider. {@code sha256}, {@code mediaType} and {@code blobUrl} may then be null
 * (an imported run does not need the image bytes).</li>
 * <li>{@code generation}: the run's lifecycle generation when the request was sent (see {@link RunChanged});
 * null means 0. A request newer than the run state a consumer holds shows that the run was resumed.</li>
 * </ul>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InferenceRequested(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String runId,
        String datasetId,
        String imageId,
        String sha256,
        String mediaType,
        String blobUrl,
        String provider,
        String model,
        String promptId,
        Map<String, Object> parameters,
        Integer attempt,
        ImportedResult imported,
        Long generation) {

    public static final int SCHEMA_VERSION = 1;

    /** A first request of a live run (attempt 1, nothing imported): the constructor of the first version. */
    public InferenceRequested(String eventId, int schemaVersion, Instant occurredAt, String runId, String datasetId,
            String imageId, String sha256, String mediaType, String blobUrl, String provider, String model,
            String promptId, Map<String, Object> parameters) {
        this(eventId, schemaVersion, occurredAt, runId, datasetId, imageId, sha256, mediaType, blobUrl, provider,
                model, promptId, parameters, null, null, null);
    }

    /** A request with an attempt and maybe an imported answer, without a generation. */
    public InferenceRequested(String eventId, int schemaVersion, Instant occurredAt, String runId, String datasetId,
            String imageId, String sha256, String mediaType, String blobUrl, String provider, String model,
            String promptId, Map<String, Object> parameters, Integer attempt, ImportedResult imported) {
        this(eventId, schemaVersion, occurredAt, runId, datasetId, imageId, sha256, mediaType, blobUrl, provider,
                model, promptId, parameters, attempt, imported, null);
    }

    /** The generation, 0 when absent. */
    public long generationOrZero() {
        return generation == null ? 0 : generation;
    }

    /** The attempt number, 1 when absent. */
    public int attemptOrFirst() {
        return attempt == null || attempt < 1 ? 1 : attempt;
    }
}
