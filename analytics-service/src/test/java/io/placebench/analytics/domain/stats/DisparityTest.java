package io.placebench.analytics.domain.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class DisparityTest {

    @Test
    void handComputedGroups() {
        Disparity.Result r = Disparity.of(List.of(
                new Disparity.Group("A", 50, 0.8),
                new Disparity.Group("B", 30, 0.5),
                new Disparity.Group("C", 12, 0.6),
                new Disparity.Group("D", 5, 0.1),    // n < 10: excluded
                new Disparity.Group("E", 10, 0.5))); // ties with B for worst: B (smaller id)
        assertEquals(new Disparity.Extreme("A", 0.8), r.best());
        assertEquals(new Disparity.Extreme("B", 0.5), r.worst());
        assertEquals(0.5, r.worstGroupAccuracy());
        assertEquals(0.3, r.gap(), 1e-12);
        assertEquals(0.625, r.ratio(), 1e-12);
        // ordered pairs of {0.8, 0.5, 0.6, 0.5}: Σ|xi − xj| = 2·(0.3 + 0.2 + 0.3 + 0.1 + 0 + 0.1) = 2.0;
        // G = 2.0 / (2 · 4² · 0.6) = 5/48
        assertEquals(5.0 / 48, r.gini(), 1e-12);
        assertEquals(4, r.groupsCounted());
        assertEquals(1, r.groupsExcluded());
        assertEquals(List.of("D"), r.excluded());
        assertEquals(10, r.minN());
    }

    @Test
    void giniHandCases() {
        assertEquals(0.0, Disparity.gini(new double[] {0.3, 0.3, 0.3}), 0.0);
        assertEquals(0.0, Disparity.gini(new double[] {0, 0}), 0.0);
        // one group has everything: 2·3·1 / (2 · 16 · 0.25) = 0.75 = 1 − 1/k
        assertEquals(0.75, Disparity.gini(new double[] {1, 0, 0, 0}), 1e-12);
        // {0.2, 0.6}: 2·0.4 / (2 · 4 · 0.4) = 0.25
        assertEquals(0.25, Disparity.gini(new double[] {0.2, 0.6}), 1e-12);
    }

    @Test
    void bestAtZeroHasNoRatioAndNoGroupsGiveNulls() {
        Disparity.Result zero = Disparity.of(List.of(new Disparity.Group("X", 20, 0.0), new Disparity.Group("Y", 20, 0.0)));
        assertNull(zero.ratio());
        assertEquals(0.0, zero.gap());
        assertEquals(0.0, zero.gini());
        Disparity.Result none = Disparity.of(List.of(new Disparity.Group("X", 3, 0.5)), 5);
        assertNull(none.best());
        assertNull(none.gini());
        assertNull(none.worstGroupAccuracy());
        assertEquals(0, none.groupsCounted());
        assertEquals(1, none.groupsExcluded());
    }
}
