package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * Topic {@value Topics#INFERENCE_REQUESTS}, key: run id + image id. Ask one model about one image.
 * Deliberately carries no ground truth: inference never sees the answer.
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
        Map<String, Object> parameters) {

    public static final int SCHEMA_VERSION = 1;
}
