package io.placebench.analytics.domain.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DistributionTest {

    @Test
    void entropyHandCases() {
        Distribution.Entropy uniform = Distribution.entropy(1, 1, 1, 1);
        assertEquals(2.0, uniform.bits(), 1e-12);
        assertEquals(1.0, uniform.normalised(), 1e-12);
        // {2, 1, 1}: −(½·log2 ½ + 2·¼·log2 ¼) = 0.5 + 1 = 1.5 bits; / log2 3
        Distribution.Entropy skewed = Distribution.entropy(2, 1, 1);
        assertEquals(1.5, skewed.bits(), 1e-12);
        assertEquals(1.5 / (Math.log(3) / Math.log(2)), skewed.normalised(), 1e-12);
        // a category passed with 0 counts in k: {1, 1, 0, 0} is 1 bit over log2 4 = 2
        Distribution.Entropy support = Distribution.entropy(1, 1, 0, 0);
        assertEquals(1.0, support.bits(), 1e-12);
        assertEquals(0.5, support.normalised(), 1e-12);
        assertEquals(0.0, Distribution.entropy(5, 0).bits(), 0.0);
        assertEquals(0.0, Distribution.entropy(5, 0).normalised(), 0.0);
        assertNull(Distribution.entropy(7).normalised());
        assertNull(Distribution.entropy(0, 0).normalised());
        assertEquals(1.0, Distribution.entropy(Map.of("FR", 3L, "DE", 3L)).bits(), 1e-12);
    }

    @Test
    void overPredictionHandCase() {
        List<Distribution.OverPrediction> rows = Distribution.overPrediction(
                Map.of("US", 6L, "FR", 2L, "JP", 2L),
                Map.of("US", 3L, "FR", 3L, "BR", 4L));
        assertEquals(List.of("US", "JP", "FR", "BR"), rows.stream().map(Distribution.OverPrediction::category).toList());
        double[] excess = {0.3, 0.2, -0.1, -0.4};
        for (int i = 0; i < excess.length; i++) {
            assertEquals(excess[i], rows.get(i).excess(), 1e-12, rows.get(i).category());
        }
        Distribution.OverPrediction us = rows.get(0);
        assertEquals(6, us.predicted());
        assertEquals(3, us.actual());
        assertEquals(0.6, us.predictedShare(), 1e-12);
        assertEquals(0.3, us.trueShare(), 1e-12);
        Distribution.OverPrediction br = rows.get(3);
        assertEquals(0, br.predicted());
        assertEquals(0.0, br.predictedShare(), 0.0);
    }

    @Test
    void equalExcessIsOrderedByCategory() {
        List<Distribution.OverPrediction> rows = Distribution.overPrediction(Map.of("B", 1L, "A", 1L), Map.of("C", 2L));
        assertEquals(List.of("A", "B", "C"), rows.stream().map(Distribution.OverPrediction::category).toList());
    }
}
