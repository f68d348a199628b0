package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.StatsReference.CLOSED_FORM;
import static io.placebench.analytics.domain.stats.StatsReference.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class HolmTest {

    @Test
    void matchesStatsmodelsMultipletestsHolm() {
        for (JsonNode c : StatsReference.get("holm")) {
            double[] p = StatsReference.doubles(c.get("p"));
            double[] expected = StatsReference.doubles(c.get("adjusted"));
            double[] adjusted = Holm.adjust(p);
            assertEquals(expected.length, adjusted.length);
            for (int i = 0; i < p.length; i++) {
                close(expected[i], adjusted[i], CLOSED_FORM, c.get("p") + "[" + i + "]");
                assertTrue(adjusted[i] >= p[i] && adjusted[i] <= 1.0);
                for (int j = 0; j < p.length; j++) {
                    if (p[i] <= p[j]) {
                        assertTrue(adjusted[i] <= adjusted[j], "monotone");
                    }
                }
            }
        }
    }

    @Test
    void emptyAndInvalid() {
        assertEquals(0, Holm.adjust().length);
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(0.2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(1.2));
    }
}
