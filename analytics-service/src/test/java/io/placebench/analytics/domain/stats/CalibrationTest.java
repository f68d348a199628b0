package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.StatsReference.CLOSED_FORM;
import static io.placebench.analytics.domain.stats.StatsReference.P_VALUE;
import static io.placebench.analytics.domain.stats.StatsReference.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class CalibrationTest {

    @Test
    void levelsAndSpearmanMatchStatsmodelsAndScipy() {
        JsonNode c = StatsReference.get("calibration");
        List<Calibration.Observation> observations = new ArrayList<>();
        for (JsonNode o : c.get("observations")) {
            observations.add(new Calibration.Observation(
                    o.get("confidence").isNull() ? null : o.get("confidence").asInt(),
                    o.get("correct").asBoolean(),
                    o.get("errorKm").isNull() ? null : o.get("errorKm").asDouble()));
        }
        Calibration.Result r = Calibration.of(observations);
        assertEquals(c.get("spearmanN").asInt(), r.spearmanN());
        close(c.get("spearmanRho").asDouble(), r.spearmanRho(), CLOSED_FORM, "rho");
        close(c.get("spearmanP").asDouble(), r.spearmanP(), P_VALUE, "p");
        assertEquals(5, r.levels().size());
        long with = 0;
        for (JsonNode l : c.get("levels")) {
            Calibration.Level level = r.levels().get(l.get("level").asInt() - 1);
            assertEquals(l.get("level").asInt(), level.level());
            assertEquals(l.get("n").asLong(), level.accuracy().n());
            assertEquals(l.get("correct").asLong(), level.accuracy().successes());
            close(l.get("low").asDouble(), level.accuracy().low(), CLOSED_FORM, "level " + level.level() + " low");
            close(l.get("high").asDouble(), level.accuracy().high(), CLOSED_FORM, "level " + level.level() + " high");
            with += level.accuracy().n();
        }
        assertEquals(with, r.withConfidence());
        assertEquals(observations.size() - with, r.withoutConfidence());
    }

    @Test
    void spearmanMatchesScipy() {
        for (JsonNode c : StatsReference.get("spearman")) {
            Calibration.Spearman s = Calibration.spearman(StatsReference.doubles(c.get("x")), StatsReference.doubles(c.get("y")));
            assertNotNull(s);
            close(c.get("rho").asDouble(), s.rho(), CLOSED_FORM, c.get("name").asText() + " rho");
            close(c.get("p").asDouble(), s.p(), P_VALUE, c.get("name").asText() + " p");
        }
        Calibration.Spearman perfect = Calibration.spearman(new double[] {1, 2, 3, 4}, new double[] {40, 30, 20, 10});
        assertEquals(-1.0, perfect.rho(), 1e-12);
        assertEquals(0.0, perfect.p(), 0.0);
        assertNull(Calibration.spearman(new double[] {1, 2}, new double[] {3, 4}));
        assertNull(Calibration.spearman(new double[] {3, 3, 3}, new double[] {1, 2, 3}));
    }

    @Test
    void expectedCalibrationErrorHandCase() {
        List<Calibration.Observation> o = new ArrayList<>();
        // level 5 (states 1.0): 3 of 4 correct; level 1 (states 0.2): 1 of 2; level 3 (states 0.6): 2 of 4
        for (boolean ok : new boolean[] {true, true, true, false}) {
            o.add(new Calibration.Observation(5, ok, 10.0));
        }
        for (boolean ok : new boolean[] {true, false}) {
            o.add(new Calibration.Observation(1, ok, 900.0));
        }
        for (boolean ok : new boolean[] {true, true, false, false}) {
            o.add(new Calibration.Observation(3, ok, 200.0));
        }
        o.add(new Calibration.Observation(null, true, 1.0)); // no confidence: not in the ECE
        Calibration.Result r = Calibration.of(o);
        // ECE = 0.4·|0.75 − 1.0| + 0.2·|0.5 − 0.2| + 0.4·|0.5 − 0.6| = 0.1 + 0.06 + 0.04 = 0.2
        assertEquals(0.2, r.ece(), 1e-12);
        assertEquals(10, r.withConfidence());
        assertEquals(1, r.withoutConfidence());
        assertNull(r.levels().get(1).accuracy().rate()); // level 2 unused
        assertEquals(0.4, r.levels().get(1).statedProbability(), 0.0);
        assertEquals(10, r.spearmanN());
    }

    @Test
    void noConfidenceNoEce() {
        Calibration.Result r = Calibration.of(List.of(new Calibration.Observation(null, true, 3.0)));
        assertNull(r.ece());
        assertNull(r.spearmanRho());
        assertThrows(IllegalArgumentException.class,
                () -> Calibration.of(List.of(new Calibration.Observation(6, true, 3.0))));
    }
}
