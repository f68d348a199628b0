package io.placebench.analytics.domain.stats;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The reference values of {@code stats-reference/reference.json}, made by {@code make_reference.py} with scipy
 * and statsmodels, and the tolerances the tests compare with.
 */
final class StatsReference {

    /** Closed forms: relative 1e-9 (absolute 1e-12 near zero). */
    static final double CLOSED_FORM = 1e-9;
    /** p-values: relative 1e-6 (absolute 1e-12 near zero). */
    static final double P_VALUE = 1e-6;

    private static JsonNode root;

    private StatsReference() {
    }

    static synchronized JsonNode get(String section) {
        if (root == null) {
            try (InputStream in = StatsReference.class.getResourceAsStream("/stats-reference/reference.json")) {
                assertNotNull(in, "stats-reference/reference.json is on the test class path");
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode node = root.get(section);
        assertNotNull(node, "reference.json has section " + section);
        return node;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** |actual − expected| ≤ relative·|expected| + 1e-12. */
    static void close(double expected, double actual, double relative, String what) {
        assertTrue(Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-12,
                what + ": expected " + expected + " but was " + actual);
    }

    static void close(double expected, Double actual, double relative, String what) {
        assertNotNull(actual, what + " is null");
        close(expected, actual.doubleValue(), relative, what);
    }
}
