package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.DesignMatrixTest.design;
import static io.placebench.analytics.domain.stats.DesignMatrixTest.doubles;
import static io.placebench.analytics.domain.stats.DesignMatrixTest.reference;
import static io.placebench.analytics.domain.stats.DesignMatrixTest.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against statsmodels' {@code Logit} (regression-reference/make_reference.py). */
class LogisticRegressionTest {

    /** |actual − expected| ≤ REL·|expected| + ABS. */
    private static final double REL = 1e-8;
    private static final double ABS = 1e-12;

    static void assertClose(double expected, Double actual, String what) {
        if (actual == null) {
            throw new AssertionError(what + ": expected " + expected + " but was null");
        }
        double tolerance = REL * Math.abs(expected) + ABS;
        assertTrue(Math.abs(actual - expected) <= tolerance,
                () -> what + ": expected " + expected + " but was " + actual + " (difference " + (actual - expected)
                        + ")");
    }

    private static boolean[] booleans(JsonNode array) {
        boolean[] out = new boolean[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt() == 1;
        }
        return out;
    }

    @Test
    void matchesStatsmodelsLogitOnTheReferenceData() {
        JsonNode root = reference();
        JsonNode main = root.get("main");
        DesignMatrix design = design(main, root);
        assertEquals(2, main.get("logit").size());

        for (JsonNode expected : main.get("logit")) {
            String outcome = expected.get("outcome").asText();
            RegressionFit fit = LogisticRegression.fit(outcome, design, booleans(main.get("outcomes").get(outcome)));

            assertTrue(fit.converged(), outcome);
            assertEquals(List.of(), fit.warnings(), outcome);
            assertEquals(RegressionFit.Model.LOGISTIC, fit.model());
            assertEquals(outcome, fit.outcome());
            assertEquals(expected.get("nobs").asInt(), fit.n());
            assertEquals(design.columnCount(), fit.parameters());
            assertClose(expected.get("llf").asDouble(), fit.logLikelihood(), outcome + " llf");
            assertClose(expected.get("aic").asDouble(), fit.aic(), outcome + " aic");
            assertNull(fit.rSquared());
            assertEquals(design.dropped(), fit.dropped());

            List<String> terms = strings(expected.get("terms"));
            double[] params = doubles(expected.get("params"));
            double[] bse = doubles(expected.get("bse"));
            double[] z = doubles(expected.get("z"));
            double[] p = doubles(expected.get("p"));
            double[] low = doubles(expected.get("low"));
            double[] high = doubles(expected.get("high"));
            assertEquals(terms.size(), fit.terms().size());
            for (int j = 0; j < terms.size(); j++) {
                RegressionFit.Term term = fit.terms().get(j);
                String what = outcome + " " + terms.get(j);
                assertEquals(terms.get(j), term.term());
                assertClose(params[j], term.estimate(), what + " estimate");
                assertClose(bse[j], term.stdError(), what + " stdError");
                assertClose(z[j], term.statistic(), what + " z");
                assertClose(p[j], term.p(), what + " p");
                assertClose(low[j], term.low(), what + " low");
                assertClose(high[j], term.high(), what + " high");
                assertClose(Math.exp(params[j]), term.oddsRatio(), what + " odds ratio");
                assertClose(Math.exp(low[j]), term.oddsRatioLow(), what + " odds ratio low");
                assertClose(Math.exp(high[j]), term.oddsRatioHigh(), what + " odds ratio high");
            }
        }
    }

    @Test
    void completeSeparationIsReportedAsNotConvergedWithoutNumbers() {
        JsonNode root = reference();
        JsonNode data = root.get("separation").get("complete");
        // what statsmodels said about the same data
        assertTrue(data.get("statsmodels").asText().startsWith("PerfectSeparationError"));

        RegressionFit fit = LogisticRegression.fit("city_correct", design(data, root),
                booleans(data.get("outcome")));

        assertFalse(fit.converged());
        assertEquals(1, fit.warnings().size());
        assertTrue(fit.warnings().get(0).contains("separation"), fit.warnings().get(0));
        assertTrue(fit.warnings().get(0).contains("landmark=yes"), fit.warnings().get(0));
        assertNull(fit.logLikelihood());
        assertNull(fit.aic());
        assertEquals(strings(data.get("terms")), fit.terms().stream().map(RegressionFit.Term::term).toList());
        for (RegressionFit.Term term : fit.terms()) {
            assertNull(term.estimate());
            assertNull(term.stdError());
            assertNull(term.p());
            assertNull(term.oddsRatio());
        }
    }

    @Test
    void quasiCompleteSeparationNamesTheSeparatedLevel() {
        JsonNode root = reference();
        JsonNode data = root.get("separation").get("quasi");
        // statsmodels ran out of iterations with an enormous standard error on the same term
        assertTrue(data.get("statsmodels").asText().startsWith("converged=False"));

        RegressionFit fit = LogisticRegression.fit("city_correct", design(data, root),
                booleans(data.get("outcome")));

        assertFalse(fit.converged());
        String warning = fit.warnings().get(0);
        assertTrue(warning.contains("separation"), warning);
        assertTrue(warning.contains(data.get("separatedTerm").asText()), warning);
        assertFalse(warning.contains("scene_type=water"), warning);
        assertNull(fit.terms().get(1).estimate());
    }

    @Test
    void aConstantOutcomeDoesNotConverge() {
        DesignMatrix design = DesignMatrix.oneHot(List.of("landmark"),
                List.of(Map.of("landmark", "yes"), Map.of("landmark", "no"), Map.of("landmark", "no")), 1);

        RegressionFit fit = LogisticRegression.fit("city_correct", design, new boolean[] {true, true, true});

        assertFalse(fit.converged());
        assertTrue(fit.warnings().get(0).contains("(intercept)"), fit.warnings().get(0));
    }

    @Test
    void anOutcomeOfAnotherLengthIsRejected() {
        DesignMatrix design = DesignMatrix.oneHot(List.of("landmark"),
                List.of(Map.of("landmark", "yes"), Map.of("landmark", "no")), 1);

        assertThrows(IllegalArgumentException.class,
                () -> LogisticRegression.fit("city_correct", design, new boolean[] {true}));
    }
}
