package io.placebench.scoring.domain;

import io.placebench.events.GeoAnswer;
import io.placebench.events.GeoPlace;
import io.placebench.events.GroundTruth;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RegionMatches;
import io.placebench.events.ScoreComputed;
import io.placebench.events.TextMatches;
import io.placebench.events.ThresholdHits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns a prediction and its truth into a score. Only an OK prediction with valid coordinates is "answered".
 * With a {@link GeoScoring}, the score also carries the geodesic distance, the reverse-geocoded places of truth
 * and prediction, region matches and text matches.
 */
public final class PredictionScorer {

    private PredictionScorer() {
    }

    /**
     * A random (version 4) UUID from a thread-local generator: event ids need to be unique, not unpredictable,
     * and {@link UUID#randomUUID()}'s shared SecureRandom is a bottleneck at thousands of scores per second.
     */
    static String eventId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Distances, score and hits only (no geocoder). */
    public static ScoreComputed score(PredictionMade prediction, GroundTruth truth, Instant now) {
        return score(prediction, truth, null, null, now);
    }

    /**
     * The full metric set. {@code truthPlace} is the cached label of the truth point (computed if null and a
     * geocoder is given); {@code geo} may be null, then the geographic fields are null.
     */
    public static ScoreComputed score(PredictionMade prediction, GroundTruth truth, GeoPlace truthPlace,
            GeoScoring geo, Instant now) {
        GeoAnswer answer = prediction.answer();
        boolean ok = prediction.status() == PredictionStatus.OK;
        boolean answered = ok && answer != null
                && GeoMetrics.validCoordinates(answer.latitude(), answer.longitude());
        Double distance = null;
        Double geodesic = null;
        Double score = null;
        ThresholdHits hits = ThresholdHits.NONE;
        if (answered) {
            distance = GeoMetrics.haversineKm(truth.latitude(), truth.longitude(), answer.latitude(),
                    answer.longitude());
            score = GeoMetrics.geoguessrScore(distance);
            hits = GeoMetrics.hits(distance);
            geodesic = GeoMetrics.geodesicKm(truth.latitude(), truth.longitude(), answer.latitude(),
                    answer.longitude());
        }
        GeoPlace predictedPlace = null;
        RegionMatches regionMatches = null;
        TextMatches textMatches = null;
        if (geo != null) {
            if (truthPlace == null) {
                truthPlace = geo.label(truth.latitude(), truth.longitude());
            }
            if (answered) {
                predictedPlace = geo.label(answer.latitude(), answer.longitude());
            }
            regionMatches = geo.regionMatches(truth.latitude(), truth.longitude(), truthPlace,
                    answered ? answer.latitude() : null, answered ? answer.longitude() : null, predictedPlace);
            textMatches = geo.textMatches(ok && answer != null ? answer.address() : null, truth, truthPlace);
        } else {
            truthPlace = null;
        }
        return new ScoreComputed(eventId(), ScoreComputed.SCHEMA_VERSION, now,
                prediction.runId(), prediction.datasetId(), prediction.imageId(), prediction.provider(),
                prediction.model(), prediction.simulated(), prediction.status(), answered,
                truth.latitude(), truth.longitude(),
                answered ? answer.latitude() : null, answered ? answer.longitude() : null,
                distance, score, hits,
                prediction.costUsd() == null ? BigDecimal.ZERO : prediction.costUsd(),
                prediction.usage(), prediction.latencyMs(),
                geodesic, truthPlace, predictedPlace, regionMatches, textMatches, prediction.requestAttemptOrFirst(),
                answer == null ? null : answer.confidence(), answer == null ? null : answer.scene());
    }

    /** The same score with {@code earlierCost} added to its cost (the cost of attempts it replaces). */
    public static ScoreComputed addingCost(ScoreComputed s, BigDecimal earlierCost) {
        return new ScoreComputed(s.eventId(), s.schemaVersion(), s.occurredAt(), s.runId(), s.datasetId(),
                s.imageId(), s.provider(), s.model(), s.simulated(), s.status(), s.answered(), s.truthLatitude(),
                s.truthLongitude(), s.predictedLatitude(), s.predictedLongitude(), s.distanceKm(),
                s.geoguessrScore(), s.hits(), s.costUsd().add(earlierCost), s.usage(), s.latencyMs(), s.geodesicKm(),
                s.truthPlace(), s.predictedPlace(), s.regionMatches(), s.textMatches(), s.requestAttempt(),
                s.confidence(), s.scene());
    }
}
