package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.placebench.analytics.domain.stats.Proportion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed calibration of a small run: correct means strictly within 25 km. */
class ConfidenceCalibrationTest {

    static final PlacedScore.Place P = RegionTableTest.PARIS;

    @Test
    void levelsSpearmanAndEce() {
        List<PlacedScore> run = List.of(
                RegionTableTest.answered(P, 10, P, true, true, 5),     // correct
                RegionTableTest.answered(P, 30, P, true, true, 5),     // wrong
                RegionTableTest.answered(P, 3000, P, false, false, 1), // wrong
                RegionTableTest.answered(P, 5, P, true, true, 3),      // correct
                RegionTableTest.answered(P, 25, P, true, true, 4),     // wrong: 25 is not < 25
                RegionTableTest.answered(P, 100, P, true, true, null), // no confidence
                RegionTableTest.refused(P));                           // no confidence, no error
        ConfidenceCalibration.Result r = ConfidenceCalibration.of(run);
        assertEquals(7, r.n());
        var c = r.calibration();
        assertEquals(5, c.withConfidence());
        assertEquals(2, c.withoutConfidence());
        assertEquals(Proportion.wilson(0, 1), c.levels().get(0).accuracy());
        assertEquals(Proportion.wilson(0, 0), c.levels().get(1).accuracy());
        assertEquals(Proportion.wilson(1, 1), c.levels().get(2).accuracy());
        assertEquals(Proportion.wilson(0, 1), c.levels().get(3).accuracy());
        assertEquals(Proportion.wilson(1, 2), c.levels().get(4).accuracy());
        // ECE = 1/5·|0 − 0.2| + 1/5·|1 − 0.6| + 1/5·|0 − 0.8| + 2/5·|0.5 − 1| = 0.04 + 0.08 + 0.16 + 0.2
        assertEquals(0.48, c.ece(), 1e-12);
        // ranks of confidence {5, 5, 1, 3, 4} → {4.5, 4.5, 1, 2, 3}, of error {10, 30, 3000, 5, 25} → {2, 4, 5, 1, 3}:
        // Σ dx·dy = −2, Σ dx² = 9.5, Σ dy² = 10 → ρ = −2/√95; p as scipy spearmanr = 0.7405819415910722
        assertEquals(5, c.spearmanN());
        assertEquals(-2 / Math.sqrt(95), c.spearmanRho(), 1e-12);
        assertEquals(0.7405819415910722, c.spearmanP(), 1e-9);
    }

    @Test
    void noConfidenceAtAll() {
        var c = ConfidenceCalibration.of(List.of(RegionTableTest.refused(P))).calibration();
        assertEquals(0, c.withConfidence());
        assertEquals(1, c.withoutConfidence());
        assertNull(c.ece());
        assertNull(c.spearmanRho());
    }
}
