package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.DesignMatrixTest.design;
import static io.placebench.analytics.domain.stats.DesignMatrixTest.doubles;
import static io.placebench.analytics.domain.stats.DesignMatrixTest.reference;
import static io.placebench.analytics.domain.stats.DesignMatrixTest.strings;
import static io.placebench.analytics.domain.stats.LogisticRegressionTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against statsmodels' {@code OLS} and a closed-form numpy ridge (regression-reference/make_reference.py). */
class LinearRegressionTest {

    @Test
    void matchesStatsmodelsOlsOfLog1pKilometres() {
        JsonNode root = reference();
        JsonNode main = root.get("main");
        JsonNode expected = main.get("ols");
        DesignMatrix design = design(main, root);

        RegressionFit fit = LinearRegression.olsLog1p("log1p_error_km", design,
                doubles(main.get("outcomes").get("error_km")));

        assertTrue(fit.converged());
        assertEquals(List.of(), fit.warnings());
        assertEquals(RegressionFit.Model.LINEAR, fit.model());
        assertEquals(expected.get("nobs").asInt(), fit.n());
        assertEquals(expected.get("df_resid").asInt(), fit.n() - fit.parameters());
        assertClose(expected.get("llf").asDouble(), fit.logLikelihood(), "llf");
        assertClose(expected.get("aic").asDouble(), fit.aic(), "aic");
        assertClose(expected.get("rsquared").asDouble(), fit.rSquared(), "R²");
        assertClose(expected.get("rsquared_adj").asDouble(), fit.adjustedRSquared(), "adjusted R²");

        List<String> terms = strings(expected.get("terms"));
        double[] params = doubles(expected.get("params"));
        double[] bse = doubles(expected.get("bse"));
        double[] t = doubles(expected.get("t"));
        double[] p = doubles(expected.get("p"));
        double[] low = doubles(expected.get("low"));
        double[] high = doubles(expected.get("high"));
        assertEquals(terms, fit.terms().stream().map(RegressionFit.Term::term).toList());
        for (int j = 0; j < terms.size(); j++) {
            RegressionFit.Term term = fit.terms().get(j);
            String what = terms.get(j);
            assertClose(params[j], term.estimate(), what + " estimate");
            assertClose(bse[j], term.stdError(), what + " stdError");
            assertClose(t[j], term.statistic(), what + " t");
            assertClose(p[j], term.p(), what + " p");
            assertClose(low[j], term.low(), what + " low");
            assertClose(high[j], term.high(), what + " high");
            assertNull(term.oddsRatio(), what + " odds ratio");
        }
    }

    @Test
    void ridgeMatchesTheClosedFormReference() {
        JsonNode root = reference();
        JsonNode main = root.get("main");
        DesignMatrix design = design(main, root);
        double[] y = log1p(doubles(main.get("outcomes").get("error_km")));
        assertEquals(2, main.get("ridge").size());

        for (JsonNode expected : main.get("ridge")) {
            double lambda = expected.get("lambda").asDouble();
            RegressionFit.RidgeFit fit = LinearRegression.ridge("log1p_error_km", design, y, lambda);

            assertEquals(lambda, fit.lambda());
            assertEquals(300, fit.n());
            assertEquals(strings(expected.get("terms")), fit.terms().stream().map(RegressionFit.RidgeTerm::term)
                    .toList());
            double[] params = doubles(expected.get("params"));
            for (int j = 0; j < params.length; j++) {
                assertClose(params[j], fit.terms().get(j).estimate(), "lambda " + lambda + " " + fit.terms().get(j)
                        .term());
            }
        }
    }

    @Test
    void ridgeShrinksTowardsZeroAndEqualsOlsWithoutPenalty() {
        JsonNode root = reference();
        JsonNode main = root.get("main");
        DesignMatrix design = design(main, root);
        double[] y = log1p(doubles(main.get("outcomes").get("error_km")));
        double[] ols = doubles(main.get("ols").get("params"));

        RegressionFit.RidgeFit unpenalised = LinearRegression.ridge("y", design, y, 0);
        RegressionFit.RidgeFit heavy = LinearRegression.ridge("y", design, y, 1e9);

        for (int j = 0; j < ols.length; j++) {
            assertClose(ols[j], unpenalised.terms().get(j).estimate(), "lambda 0 " + j);
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        // an infinite penalty leaves only the (unpenalised) intercept, at the mean
        assertEquals(mean / y.length, heavy.terms().get(0).estimate(), 1e-5);
        for (int j = 1; j < ols.length; j++) {
            assertEquals(0.0, heavy.terms().get(j).estimate(), 1e-5);
        }
    }

    @Test
    void tooFewRowsGiveNoInference() {
        DesignMatrix design = DesignMatrix.oneHot(List.of("landmark"),
                List.of(Map.of("landmark", "yes"), Map.of("landmark", "no")), 1);

        RegressionFit fit = LinearRegression.ols("y", design, new double[] {1.0, 2.0});

        assertFalse(fit.converged());
        assertNull(fit.logLikelihood());
        assertNull(fit.terms().get(0).estimate());
        assertTrue(fit.warnings().get(0).contains("2 rows for 2 coefficients"), fit.warnings().get(0));
    }

    @Test
    void invalidInputIsRejected() {
        DesignMatrix design = DesignMatrix.oneHot(List.of("landmark"),
                List.of(Map.of("landmark", "yes"), Map.of("landmark", "no"), Map.of("landmark", "no")), 1);

        assertThrows(IllegalArgumentException.class,
                () -> LinearRegression.olsLog1p("e", design, new double[] {1, -1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> LinearRegression.ols("e", design, new double[] {1, Double.NaN, 2}));
        assertThrows(IllegalArgumentException.class, () -> LinearRegression.ols("e", design, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> LinearRegression.ridge("e", design, new double[] {1, 2, 3}, -1));
    }

    private static double[] log1p(double[] km) {
        double[] y = new double[km.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.log1p(km[i]);
        }
        return y;
    }
}
