package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.analytics.domain.ImageAnswers.Answered;
import io.placebench.analytics.domain.ImageAnswers.Entry;
import io.placebench.analytics.domain.ImageAnswers.Place;
import io.placebench.analytics.domain.ImageAnswers.RunLabel;
import io.placebench.analytics.domain.ImageAnswers.Scored;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageAnswersTest {

    private static final Place PARIS = new Place(48.85, 2.35, "EU", "FR", "France", "Île-de-France", "FR-IDF",
            "Paris");
    private static final Place LYON = new Place(45.76, 4.84, "EU", "FR", "France", "Auvergne-Rhône-Alpes",
            "FR-ARA", "Lyon");
    private static final RunLabel RUN = new RunLabel("openai", "gpt-x", false, "imageo");

    private static Scored scored(String status, boolean answered, int attempt, String cost) {
        return new Scored("openai", "gpt-x", false, status, answered, attempt, PARIS, answered ? LYON : Place.NONE,
                answered ? 392.0 : null, answered ? 3000.0 : null, 4, Map.of("scene_type", "street"), 100, 20,
                new BigDecimal(cost), 15);
    }

    private static Map<String, Object> answer(Double latitude, Double longitude, Integer confidence) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("latitude", latitude);
        answer.put("longitude", longitude);
        answer.put("confidence", confidence);
        answer.put("scene", Map.of("environment", "urban"));
        return answer;
    }

    private static Answered answered(String status, int attempt, Map<String, Object> answer, String cost) {
        return new Answered("openai-raw", "gpt-x-raw", true, "globe", status, attempt, 2, null, null, null, answer,
                "{\"lat\": 45.76}", false, "Lyon's traboules", 110, 25, 7, new BigDecimal(cost), 900);
    }

    @Test
    void aScoredAnswerTakesItsFiguresFromTheScoreAndItsWordsFromTheAnswer() {
        Entry e = ImageAnswers.entry("run-1", RUN, scored("OK", true, 1, "0.002"),
                answered("OK", 1, answer(45.76, 4.84, 3), "0.002"));
        assertEquals("openai", e.provider(), "the run's labels first");
        assertEquals("gpt-x", e.model());
        assertFalse(e.simulated());
        assertEquals("imageo", e.promptId());
        assertEquals("OK", e.status());
        assertTrue(e.answered());
        assertEquals(LYON, e.predicted());
        assertEquals(392.0, e.distanceKm());
        assertEquals(3000.0, e.geoguessrScore());
        assertEquals(4, e.confidence(), "the score's confidence first");
        assertEquals(Map.of("scene_type", "street"), e.scene());
        assertEquals("{\"lat\": 45.76}", e.rawResponse());
        assertEquals("Lyon's traboules", e.reasoning());
        assertEquals(2, e.attempts());
        assertEquals(110, e.inputTokens(), "an answer of the same attempt gives tokens, cost and latency");
        assertEquals(7L, e.reasoningTokens());
        assertEquals(900, e.latencyMs());
    }

    @Test
    void withoutARunRowTheLabelsComeFromTheAnswerThenTheScore() {
        Entry fromAnswer = ImageAnswers.entry("run-1", null, scored("OK", true, 1, "0"),
                answered("OK", 1, answer(1.0, 2.0, null), "0"));
        assertEquals("openai-raw", fromAnswer.provider());
        assertTrue(fromAnswer.simulated());
        assertEquals("globe", fromAnswer.promptId());
        Entry fromScore = ImageAnswers.entry("run-1", RunLabel.UNKNOWN, scored("OK", true, 1, "0"), null);
        assertEquals("openai", fromScore.provider());
        assertNull(fromScore.promptId());
    }

    @Test
    void anAnswerNotYetScoredGivesItsOwnPointWithoutFigures() {
        Entry e = ImageAnswers.entry("run-1", RUN, null, answered("OK", 1, answer(45.76, 4.84, 3), "0.001"));
        assertTrue(e.answered(), "OK with coordinates");
        assertEquals(new Place(45.76, 4.84, null, null, null, null, null, null), e.predicted());
        assertNull(e.distanceKm());
        assertNull(e.geoguessrScore());
        assertEquals(3, e.confidence(), "the answer's confidence");
        assertEquals(Map.of("environment", "urban"), e.scene());

        Entry noPoint = ImageAnswers.entry("run-1", RUN, null, answered("OK", 1, answer(null, 4.84, 3), "0"));
        assertFalse(noPoint.answered(), "no latitude");
        assertEquals(Place.NONE, noPoint.predicted());
        assertFalse(ImageAnswers.entry("run-1", RUN, null, answered("REFUSED", 1, null, "0")).answered());
    }

    @Test
    void aScoreWithoutItsAnswerHasNoWords() {
        Entry e = ImageAnswers.entry("run-1", RUN, scored("REFUSED", false, 1, "0.003"), null);
        assertEquals("REFUSED", e.status());
        assertFalse(e.answered());
        assertNull(e.attempts());
        assertNull(e.rawResponse());
        assertNull(e.reasoning());
        assertNull(e.reasoningTokens());
        assertFalse(e.rawTruncated());
        assertEquals(new BigDecimal("0.003"), e.costUsd());
        assertEquals(100, e.inputTokens());
    }

    @Test
    void theHigherRequestAttemptGivesStatusTokensAndCost() {
        // the answer of a retry arrived before its score: the status and cost are the retry's
        Entry retried = ImageAnswers.entry("run-1", RUN, scored("REFUSED", false, 1, "0.001"),
                answered("OK", 2, answer(45.76, 4.84, 3), "0.003"));
        assertEquals("OK", retried.status());
        assertEquals(2, retried.requestAttempt());
        assertTrue(retried.answered());
        assertEquals(new BigDecimal("0.003"), retried.costUsd());
        // the score of a retry arrived before its answer
        Entry scoredFirst = ImageAnswers.entry("run-1", RUN, scored("OK", true, 2, "0.004"),
                answered("REFUSED", 1, null, "0.001"));
        assertEquals("OK", scoredFirst.status());
        assertEquals(2, scoredFirst.requestAttempt());
        assertTrue(scoredFirst.answered());
        assertEquals(new BigDecimal("0.004"), scoredFirst.costUsd());
        assertEquals(100, scoredFirst.inputTokens());
        assertNull(scoredFirst.reasoningTokens());
        assertEquals("Lyon's traboules", scoredFirst.reasoning(), "the words of the older answer stay visible");
    }

    @Test
    void theTruthIsThatOfTheFirstScoreWithCoordinates() {
        Scored old = new Scored("p", "m", true, "OK", false, 1, Place.NONE, Place.NONE, null, null, null, null, 0, 0,
                BigDecimal.ZERO, 0);
        assertEquals(PARIS, ImageAnswers.truth(Arrays.asList(null, old, scored("OK", true, 1, "0"))));
        assertNull(ImageAnswers.truth(Arrays.asList(null, old)));
    }

    @Test
    void aRunWithNeitherIsAMistake() {
        assertThrows(IllegalArgumentException.class, () -> ImageAnswers.entry("run-1", RUN, null, null));
    }
}
