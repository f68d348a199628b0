package io.placebench.scoring.domain;

import io.placebench.events.GeoAnswer;
import io.placebench.events.GroundTruth;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.ScoreComputed;
import io.placebench.events.ThresholdHits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Turns a prediction and its truth into a score. Only an OK prediction with valid coordinates is "answered". */
public final class PredictionScorer {

    private PredictionScorer() {
    }

    public static ScoreComputed score(PredictionMade prediction, GroundTruth truth, Instant now) {
        GeoAnswer answer = prediction.answer();
        boolean answered = prediction.status() == PredictionStatus.OK && answer != null
                && GeoMetrics.validCoordinates(answer.latitude(), answer.longitude());
        Double distance = null;
        Double score = null;
        ThresholdHits hits = ThresholdHits.NONE;
        if (answered) {
            distance = GeoMetrics.haversineKm(truth.latitude(), truth.longitude(), answer.latitude(),
                    answer.longitude());
            score = GeoMetrics.geoguessrScore(distance);
            hits = GeoMetrics.hits(distance);
        }
        return new ScoreComputed(UUID.randomUUID().toString(), ScoreComputed.SCHEMA_VERSION, now,
                prediction.runId(), prediction.datasetId(), prediction.imageId(), prediction.provider(),
                prediction.model(), prediction.simulated(), prediction.status(), answered,
                truth.latitude(), truth.longitude(),
                answered ? answer.latitude() : null, answered ? answer.longitude() : null,
                distance, score, hits,
                prediction.costUsd() == null ? BigDecimal.ZERO : prediction.costUsd(),
                prediction.usage(), prediction.latencyMs());
    }
}
