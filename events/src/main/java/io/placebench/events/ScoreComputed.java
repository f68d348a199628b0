package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Topic {@value Topics#SCORES}, key: run id + image id. A prediction measured against the truth.
 * {@code answered} is false when the prediction has no usable coordinates; then distance and score are null
 * and every threshold hit is false (the "all" denominator counts it as wrong).
 *
 * <p>Added in the same schema version (optional, null from older producers): {@code geodesicKm} (WGS-84
 * ellipsoid, GeographicLib), {@code truthPlace} / {@code predictedPlace} (reverse geocoded), {@code regionMatches}
 * and {@code textMatches}; {@code requestAttempt} (null means 1), the request attempt of the prediction scored:
 * a higher attempt (a retried failed image) replaces the score of a lower one downstream; {@code confidence} (1-5)
 * and {@code scene} (the model's description of the image) carried from the prediction's answer.
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
        long latencyMs,
        Double geodesicKm,
        GeoPlace truthPlace,
        GeoPlace predictedPlace,
        RegionMatches regionMatches,
        TextMatches textMatches,
        Integer requestAttempt,
        Integer confidence,
        Map<String, String> scene) {

    public static final int SCHEMA_VERSION = 1;

    @JsonCreator
    public ScoreComputed {
    }

    /** The fields of the third release: without the answer's confidence and scene. */
    public ScoreComputed(String eventId, int schemaVersion, Instant occurredAt, String runId, String datasetId,
            String imageId, String provider, String model, boolean simulated, PredictionStatus status,
            boolean answered, double truthLatitude, double truthLongitude, Double predictedLatitude,
            Double predictedLongitude, Double distanceKm, Double geoguessrScore, ThresholdHits hits,
            BigDecimal costUsd, TokenUsage usage, long latencyMs, Double geodesicKm, GeoPlace truthPlace,
            GeoPlace predictedPlace, RegionMatches regionMatches, TextMatches textMatches, Integer requestAttempt) {
        this(eventId, schemaVersion, occurredAt, runId, datasetId, imageId, provider, model, simulated, status,
                answered, truthLatitude, truthLongitude, predictedLatitude, predictedLongitude, distanceKm,
                geoguessrScore, hits, costUsd, usage, latencyMs, geodesicKm, truthPlace, predictedPlace,
                regionMatches, textMatches, requestAttempt, null, null);
    }

    /** The fields of the second release: geocoding, no request attempt. */
    public ScoreComputed(String eventId, int schemaVersion, Instant occurredAt, String runId, String datasetId,
            String imageId, String provider, String model, boolean simulated, PredictionStatus status,
            boolean answered, double truthLatitude, double truthLongitude, Double predictedLatitude,
            Double predictedLongitude, Double distanceKm, Double geoguessrScore, ThresholdHits hits,
            BigDecimal costUsd, TokenUsage usage, long latencyMs, Double geodesicKm, GeoPlace truthPlace,
            GeoPlace predictedPlace, RegionMatches regionMatches, TextMatches textMatches) {
        this(eventId, schemaVersion, occurredAt, runId, datasetId, imageId, provider, model, simulated, status,
                answered, truthLatitude, truthLongitude, predictedLatitude, predictedLongitude, distanceKm,
                geoguessrScore, hits, costUsd, usage, latencyMs, geodesicKm, truthPlace, predictedPlace,
                regionMatches, textMatches, null);
    }

    /** The request attempt of the prediction scored (1 when the producer did not say). */
    public int requestAttemptOrFirst() {
        return requestAttempt == null ? 1 : requestAttempt;
    }

    /** The fields of the first release, without geocoding (kept for producers and tests written against it). */
    public ScoreComputed(String eventId, int schemaVersion, Instant occurredAt, String runId, String datasetId,
            String imageId, String provider, String model, boolean simulated, PredictionStatus status,
            boolean answered, double truthLatitude, double truthLongitude, Double predictedLatitude,
            Double predictedLongitude, Double distanceKm, Double geoguessrScore, ThresholdHits hits,
            BigDecimal costUsd, TokenUsage usage, long latencyMs) {
        this(eventId, schemaVersion, occurredAt, runId, datasetId, imageId, provider, model, simulated, status,
                answered, truthLatitude, truthLongitude, predictedLatitude, predictedLongitude, distanceKm,
                geoguessrScore, hits, costUsd, usage, latencyMs, null, null, null, null, null, null);
    }
}
