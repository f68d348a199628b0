package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Topic {@value Topics#PREDICTIONS}, key: run id + image id. The outcome of asking a model about an image:
 * status, parsed answer (null unless parsed), raw response text (secrets redacted), tokens, cost in USD,
 * latency of the successful (or last) attempt and the number of attempts.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PredictionMade(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String runId,
        String datasetId,
        String imageId,
        String provider,
        String model,
        String promptId,
        String promptHash,
        boolean simulated,
        PredictionStatus status,
        GeoAnswer answer,
        String rawResponse,
        String error,
        Integer httpStatus,
        TokenUsage usage,
        BigDecimal costUsd,
        long latencyMs,
        int attempts) {

    public static final int SCHEMA_VERSION = 1;
}
