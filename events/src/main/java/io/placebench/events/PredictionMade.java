package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Topic {@value Topics#PREDICTIONS}, key: run id + image id. The outcome of asking a model about an image:
 * status, parsed answer (null unless parsed), raw response text (secrets redacted), tokens, cost in USD,
 * latency of the successful (or last) attempt and the number of attempts.
 *
 * <p>{@code errorType} (added later, null when absent): the provider's error type or code of an API error
 * ({@code rate_limit_error}, {@code RESOURCE_EXHAUSTED}, {@code insufficient_quota}...) or the local cause
 * ({@code timeout}, {@code connection}, {@code image}, {@code budget}...), beside {@code httpStatus}.
 *
 * <p>{@code requestAttempt} (added later, null means 1): the attempt number of the inference request this answers.
 * A run's "retry failed images" re-sends a request with a higher attempt; scoring and analytics let a higher
 * attempt replace the outcome of a lower one.
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
        int attempts,
        String errorType,
        Integer requestAttempt) {

    public static final int SCHEMA_VERSION = 1;

    @JsonCreator
    public PredictionMade {
    }

    /** The second version's constructor: no request attempt. */
    public PredictionMade(String eventId, int schemaVersion, Instant occurredAt, String runId, String datasetId,
            String imageId, String provider, String model, String promptId, String promptHash, boolean simulated,
            PredictionStatus status, GeoAnswer answer, String rawResponse, String error, Integer httpStatus,
            TokenUsage usage, BigDecimal costUsd, long latencyMs, int attempts, String errorType) {
        this(eventId, schemaVersion, occurredAt, runId, datasetId, imageId, provider, model, promptId, promptHash,
                simulated, status, answer, rawResponse, error, httpStatus, usage, costUsd, latencyMs, attempts,
                errorType, null);
    }

    /** The request attempt this prediction answers (1 when the producer did not say). */
    public int requestAttemptOrFirst() {
        return requestAttempt == null ? 1 : requestAttempt;
    }

    /** The first version's constructor: no error type. */
    public PredictionMade(String eventId, int schemaVersion, Instant occurredAt, String runId, String datasetId,
            String imageId, String provider, String model, String promptId, String promptHash, boolean simulated,
            PredictionStatus status, GeoAnswer answer, String rawResponse, String error, Integer httpStatus,
            TokenUsage usage, BigDecimal costUsd, long latencyMs, int attempts) {
        this(eventId, schemaVersion, occurredAt, runId, datasetId, imageId, provider, model, promptId, promptHash,
                simulated, status, answer, rawResponse, error, httpStatus, usage, costUsd, latencyMs, attempts, null, null);
    }
}
