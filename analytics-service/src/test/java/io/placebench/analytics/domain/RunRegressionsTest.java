package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.analytics.domain.stats.DesignMatrix;
import io.placebench.analytics.domain.stats.RegressionFit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The assembly of a run's regressions on hand-made images: features, rows per fit, and estimates a one-feature
 * design makes hand-computable (OLS: group means; logistic, saturated: group logits; ridge: 2×2 normal equations).
 * The fitting itself is checked against statsmodels in domain.stats.
 */
class RunRegressionsTest {

    static final double EPS = 1e-9;

    static RunRegressions.Image image(String id, double log1pKm, Boolean matchCity, String sceneType) {
        double km = Math.expm1(log1pKm);
        return new RunRegressions.Image(id, true, km, km < 25, matchCity,
                Map.of("scene_type", sceneType), Map.of());
    }

    static RunRegressions.Image refused(String id) {
        return new RunRegressions.Image(id, false, null, false, false, null, Map.of());
    }

    /**
     * street: log1p(km) 2, 2, 3, 3, 4, 4 (mean 3; within 25 km = log1p below 3.258: 4 of 6);
     * nature: 3, 5, 5, 6, 6 (mean 5; 1 of 5); two refusals without a scene; s2's truth has no city.
     */
    static List<RunRegressions.Image> run() {
        List<RunRegressions.Image> images = new ArrayList<>();
        double[] street = {2, 2, 3, 3, 4, 4};
        for (int i = 0; i < street.length; i++) {
            images.add(image("s" + i, street[i], i == 1 ? null : street[i] < Math.log1p(25), "Street "));
        }
        double[] nature = {3, 5, 5, 6, 6};
        for (int i = 0; i < nature.length; i++) {
            images.add(image("n" + i, nature[i], nature[i] < Math.log1p(25), "nature"));
        }
        images.add(refused("r0"));
        images.add(refused("r1"));
        return images;
    }

    static RunRegressions.Fit fit(RunRegressions.Result result, String outcome) {
        return result.fits().stream().filter(f -> f.fit().outcome().equals(outcome)).findFirst().orElseThrow();
    }

    static double estimate(RegressionFit fit, String term) {
        return fit.term(term).orElseThrow(() -> new AssertionError("no term " + term + " in " + fit.terms()))
                .estimate();
    }

    @Test
    void olsOfLog1pErrorOverAnsweredImagesIsTheGroupMeans() {
        RunRegressions.Result result = RunRegressions.of(run(), 5, 1.0);
        assertEquals(List.of("scene_type", "landmark"), result.features());
        RunRegressions.Fit ols = fit(result, RunRegressions.LOG_ERROR);
        assertEquals(Map.of("unanswered", 2), ols.excluded());
        RegressionFit f = ols.fit();
        assertEquals(RegressionFit.Model.LINEAR, f.model());
        assertEquals(11, f.n());
        assertEquals(List.of("(intercept)", "scene_type=nature"),
                f.terms().stream().map(RegressionFit.Term::term).toList(), "street (6 rows) is the reference");
        assertEquals(3.0, estimate(f, "(intercept)"), EPS);
        assertEquals(2.0, estimate(f, "scene_type=nature"), EPS);
        // RSS = 4 + 6 = 10, σ² = 10/9; SE = sqrt(σ²/6) and sqrt(σ²·(1/6 + 1/5))
        assertEquals(Math.sqrt(10.0 / 54), f.term("(intercept)").orElseThrow().stdError(), EPS);
        assertEquals(Math.sqrt(10.0 / 9 * 11 / 30), f.term("scene_type=nature").orElseThrow().stdError(), EPS);
        assertNull(f.term("scene_type=nature").orElseThrow().oddsRatio());
        // landmark is "no" on every image: a constant feature without a column
        assertTrue(f.dropped().contains(new DesignMatrix.Dropped("landmark", DesignMatrix.Reason.CONSTANT,
                "only one level: no")), f.dropped()::toString);
    }

    @Test
    void ridgeSolvesThePenalisedNormalEquations() {
        // 11·b0 + 5·b1 = 43; 5·b0 + (5 + λ)·b1 = 25 with λ = 1: b0 = 133/41, b1 = 60/41
        RegressionFit.RidgeFit ridge = RunRegressions.of(run(), 5, 1.0).ridge();
        assertEquals(1.0, ridge.lambda(), EPS);
        assertEquals(11, ridge.n());
        assertEquals(133.0 / 41, ridge.terms().get(0).estimate(), EPS);
        assertEquals(60.0 / 41, ridge.terms().get(1).estimate(), EPS);
        RegressionFit.RidgeFit unpenalised = RunRegressions.of(run(), 5, 0.0).ridge();
        assertEquals(2.0, unpenalised.terms().get(1).estimate(), EPS, "λ = 0 is OLS");
    }

    @Test
    void logisticFitsLeaveOutRefusalsWithoutSceneAndNullCityMatches() {
        RunRegressions.Result result = RunRegressions.of(run(), 5, 1.0);
        RunRegressions.Fit acc = fit(result, RunRegressions.ACC25KM);
        assertEquals(Map.of("unansweredWithoutScene", 2), acc.excluded());
        RegressionFit a = acc.fit();
        assertEquals(RegressionFit.Model.LOGISTIC, a.model());
        assertTrue(a.converged(), a.warnings()::toString);
        assertEquals(11, a.n());
        // saturated: intercept = logit(4/6) = ln 2, nature = logit(1/5) − ln 2 = −ln 8
        assertEquals(Math.log(2), estimate(a, "(intercept)"), 1e-7);
        assertEquals(-Math.log(8), estimate(a, "scene_type=nature"), 1e-7);
        // Var = 1/(n·p·q) per group: 1/(6·2/3·1/3) = 3/4 and 3/4 + 1/(5·1/5·4/5) = 2
        assertEquals(Math.sqrt(0.75), a.term("(intercept)").orElseThrow().stdError(), 1e-6);
        assertEquals(Math.sqrt(2.0), a.term("scene_type=nature").orElseThrow().stdError(), 1e-6);
        assertEquals(1.0 / 8, a.term("scene_type=nature").orElseThrow().oddsRatio(), 1e-7);

        RunRegressions.Fit city = fit(result, RunRegressions.CITY_CORRECT);
        assertEquals(Map.of("noCityLabel", 1, "unansweredWithoutScene", 2), city.excluded());
        RegressionFit c = city.fit();
        assertEquals(10, c.n());
        // 5 street (3 right), 5 nature (1 right): tie, so "nature" (alphabetically first) is the reference
        assertEquals(-Math.log(4), estimate(c, "(intercept)"), 1e-7);
        assertEquals(Math.log(6), estimate(c, "scene_type=street"), 1e-7, "ln(3/2) − ln(1/4), lower-cased level");
    }

    @Test
    void featuresSceneFirstThenLandmarkThenAttributesSkippingManyLevelsAndRenamingClashes() {
        List<RunRegressions.Image> images = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, String> scene = new HashMap<>();
            scene.put("weather_seen", i % 2 == 0 ? "sunny" : "grey");
            scene.put("setting", "outdoor");
            scene.put("landmark", "Eiffel tower");
            scene.put("scene_type", i % 3 == 0 ? "Landmark/Monument" : i % 3 == 1 ? "street" : " ");
            scene.put("environment", i % 4 < 2 ? "Urban" : "rural");
            Map<String, String> attributes = Map.of("photo_id", "p" + i, "setting", i % 2 == 0 ? "a" : "b",
                    "weather", i % 5 == 0 ? "rain" : "clear");
            images.add(new RunRegressions.Image("i" + i, true, 10.0 * (i + 1), i % 3 != 2, i % 4 == 0, scene,
                    attributes));
        }
        RunRegressions.Result result = RunRegressions.of(images, 5, 1.0);
        assertEquals(List.of("environment", "scene_type", "setting", "scene.landmark", "weather_seen", "landmark",
                "image.setting", "weather"), result.features());
        assertEquals(List.of(new RunRegressions.Skipped("photo_id", 40,
                "more than 30 levels: not used as a categorical feature")), result.skipped());
        RegressionFit ols = fit(result, RunRegressions.LOG_ERROR).fit();
        List<String> terms = ols.terms().stream().map(RegressionFit.Term::term).toList();
        // scene_type: 14 "landmark/monument", 13 "street", 13 blank (missing); landmark: yes 14, no 13, missing 13
        assertTrue(terms.contains("environment=urban"), terms::toString);
        assertTrue(terms.contains("scene_type=street"), terms::toString);
        assertTrue(terms.contains("scene_type=(missing)"), terms::toString);
        assertTrue(terms.contains("weather=rain"), terms::toString);
        // landmark=yes ⇔ scene_type=landmark/monument (the reference, 14 rows): landmark's columns repeat scene_type's
        assertTrue(ols.dropped().stream().anyMatch(d -> d.term().startsWith("landmark=")
                && d.reason() == DesignMatrix.Reason.COLLINEAR), ols.dropped()::toString);
        assertTrue(ols.dropped().stream().anyMatch(d -> d.term().equals("setting")
                && d.reason() == DesignMatrix.Reason.CONSTANT), ols.dropped()::toString);
    }

    @Test
    void noFeaturesGivesNoFitsAndAReason() {
        List<RunRegressions.Image> images = List.of(
                new RunRegressions.Image("a", true, 12.0, true, true, null, null),
                new RunRegressions.Image("b", false, null, false, false, Map.of(), Map.of()));
        RunRegressions.Result result = RunRegressions.of(images, 5, 1.0);
        assertTrue(result.fits().isEmpty());
        assertNull(result.ridge());
        assertNotNull(result.reason());
        assertTrue(result.reason().startsWith("no features"), result.reason());
        assertEquals("the run has no scored images", RunRegressions.of(List.of(), 5, 1.0).reason());
    }

    @Test
    void attributesOnlyKeepRefusalsAsWrong() {
        List<RunRegressions.Image> images = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            boolean answered = i % 4 != 3;
            images.add(new RunRegressions.Image("i" + i, answered, answered ? 5.0 + i : null, answered && i % 2 == 0,
                    null, null, Map.of("lighting", i < 6 ? "day" : "night")));
        }
        RunRegressions.Result result = RunRegressions.of(images, 5, 1.0);
        assertEquals(List.of("lighting"), result.features());
        assertEquals(12, fit(result, RunRegressions.ACC25KM).fit().n(), "no scene: refusals stay, as wrong");
        assertEquals(Map.of(), fit(result, RunRegressions.ACC25KM).excluded());
        RunRegressions.Fit city = fit(result, RunRegressions.CITY_CORRECT);
        assertEquals(0, city.fit().n(), "no image has a city label");
        assertEquals(Map.of("noCityLabel", 12), city.excluded());
        assertEquals(9, fit(result, RunRegressions.LOG_ERROR).fit().n());
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> RunRegressions.of(run(), 0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> RunRegressions.of(run(), 5, -1.0));
        assertThrows(IllegalArgumentException.class, () -> RunRegressions.of(run(), 5, Double.NaN));
    }
}
