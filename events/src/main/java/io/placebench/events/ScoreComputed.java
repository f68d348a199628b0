package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Topic {@value Topics#SCORES}, key: run id + image id. A prediction measured against the truth.
 * {@code answered} is false when the prediction has no usable coordinates; then distance and score are null
 * and every threshold hit is false (the "all" denominator counts it as wrong).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScoreComputed(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String runId,
        String datasetId,
        String imageId,
        String provider,
        String model,
        boolean simulated,
        PredictionStatus status,
        boolean answered,
        double truthLatitude,
        double truthLongitude,
        Double predictedLatitude,
        Double predictedLongitude,
        Double distanceKm,
        Double geoguessrScore,
        ThresholdHits hits,
        BigDecimal costUsd,
        TokenUsage usage,
        long latencyMs) {

    public static final int SCHEMA_VERSION = 1;
}
