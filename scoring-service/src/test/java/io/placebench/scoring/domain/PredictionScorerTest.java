package io.placebench.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.GeoAnswer;
import io.placebench.events.GroundTruth;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.ScoreComputed;
import io.placebench.events.ThresholdHits;
import io.placebench.events.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PredictionScorerTest {

    private static final GroundTruth PARIS = new GroundTruth(48.8566, 2.3522, "Paris", null, "FR");

    static PredictionMade prediction(PredictionStatus status, GeoAnswer answer) {
        return new PredictionMade("p1", 1, Instant.EPOCH, "run-1", "demo", "img-1", "simulator", "sim-strong",
                "imageo", "h", true, status, answer, "{}", null, null, new TokenUsage(100, 20, 0, 0, 85),
                new BigDecimal("0.001"), 1200, 1);
    }

    @Test
    void scoresAnAnsweredPrediction() {
        ScoreComputed s = PredictionScorer.score(
                prediction(PredictionStatus.OK, new GeoAnswer(51.5074, -0.1278, null, 3)), PARIS, Instant.EPOCH);
        assertTrue(s.answered());
        assertEquals(343.56, s.distanceKm(), 0.05);
        assertEquals(5000 * Math.exp(-s.distanceKm() / 1492.7), s.geoguessrScore(), 1e-9);
        assertEquals(new ThresholdHits(false, false, false, true, true), s.hits());
        assertEquals(new BigDecimal("0.001"), s.costUsd());
    }

    @Test
    void carriesTheAnswersConfidenceAndScene() {
        ScoreComputed s = PredictionScorer.score(prediction(PredictionStatus.OK, new GeoAnswer(51.5074, -0.1278,
                null, 3, java.util.Map.of("environment", "urban"), "big clock tower")), PARIS, Instant.EPOCH);
        assertEquals(3, s.confidence());
        assertEquals(java.util.Map.of("environment", "urban"), s.scene());
        assertEquals(3, PredictionScorer.addingCost(s, BigDecimal.ONE).confidence());
        assertNull(PredictionScorer.score(prediction(PredictionStatus.REFUSED, null), PARIS, Instant.EPOCH).scene());
    }

    @Test
    void aFailedPredictionIsUnansweredAndHitsNothing() {
        ScoreComputed s = PredictionScorer.score(prediction(PredictionStatus.REFUSED, null), PARIS, Instant.EPOCH);
        assertFalse(s.answered());
        assertNull(s.distanceKm());
        assertNull(s.geoguessrScore());
        assertEquals(ThresholdHits.NONE, s.hits());
        assertEquals(PredictionStatus.REFUSED, s.status());
    }

    @Test
    void fullMetricsOfAnAnsweredPrediction() {
        GeoScoring geo = GeoScoringTest.GEO;
        ScoreComputed s = PredictionScorer.score(prediction(PredictionStatus.OK, new GeoAnswer(51.5074, -0.1278,
                new io.placebench.events.Address("Baker Street", "London", "England", "UK"), 3)), PARIS, null, geo,
                Instant.EPOCH);
        assertEquals(343.56, s.distanceKm(), 0.05);
        assertEquals(343.923, s.geodesicKm(), 0.001);
        assertEquals("FR", s.truthPlace().countryCode());
        assertEquals("FR-IDF", s.truthPlace().regionCode());
        assertEquals("Paris", s.truthPlace().place());
        assertEquals("GB", s.predictedPlace().countryCode());
        assertEquals("GB-ENG", s.predictedPlace().regionCode());
        assertEquals("London", s.predictedPlace().place());
        assertEquals(new io.placebench.events.RegionMatches(true, false, false, false), s.regionMatches());
        // Truth city "Paris" and country "FR" from the dataset; no admin1, so the geocoded region is used.
        assertEquals(new io.placebench.events.TextMatches(true, false, false, false, false, false, false),
                s.textMatches());
    }

    @Test
    void fullMetricsOfAMissingAnswer() {
        ScoreComputed s = PredictionScorer.score(prediction(PredictionStatus.TIMEOUT, null), PARIS, null,
                GeoScoringTest.GEO, Instant.EPOCH);
        assertFalse(s.answered());
        assertNull(s.geodesicKm());
        assertNull(s.predictedPlace());
        assertEquals("FR", s.truthPlace().countryCode());
        assertEquals(new io.placebench.events.RegionMatches(false, false, false, false), s.regionMatches());
        assertFalse(s.textMatches().answered());
        assertEquals(false, s.textMatches().country());
    }

    @Test
    void anAddressOnlyAnswerScoresTextButNotRegions() {
        // A model that names a place but gives no coordinates: unanswered for distances and regions, and its
        // address still counts for the text matches.
        ScoreComputed s = PredictionScorer.score(prediction(PredictionStatus.OK, new GeoAnswer(null, null,
                new io.placebench.events.Address(null, "Paris", "Île-de-France", "France"), 2)), PARIS, null,
                GeoScoringTest.GEO, Instant.EPOCH);
        assertFalse(s.answered());
        assertEquals(false, s.regionMatches().country());
        assertEquals(new io.placebench.events.TextMatches(true, true, true, true, true, true, true),
                s.textMatches());
    }

    @Test
    void withoutAGeocoderTheGeographicFieldsAreNull() {
        ScoreComputed s = PredictionScorer.score(
                prediction(PredictionStatus.OK, new GeoAnswer(51.5074, -0.1278, null, 3)), PARIS, Instant.EPOCH);
        assertNull(s.truthPlace());
        assertNull(s.regionMatches());
        assertNull(s.textMatches());
        assertEquals(343.923, s.geodesicKm(), 0.001);
    }

    @Test
    void anOkPredictionWithoutCoordinatesIsUnanswered() {
        ScoreComputed s = PredictionScorer.score(
                prediction(PredictionStatus.OK, new GeoAnswer(null, 2.0, null, null)), PARIS, Instant.EPOCH);
        assertFalse(s.answered());
        assertNull(s.predictedLatitude());
    }
}
