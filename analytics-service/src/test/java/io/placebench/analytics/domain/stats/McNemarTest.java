package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.StatsReference.CLOSED_FORM;
import static io.placebench.analytics.domain.stats.StatsReference.P_VALUE;
import static io.placebench.analytics.domain.stats.StatsReference.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class McNemarTest {

    @Test
    void matchesStatsmodelsExactAndChiSquare() {
        JsonNode cases = StatsReference.get("mcnemar");
        int exact = 0;
        int chi2 = 0;
        for (JsonNode c : cases) {
            long b = c.get("b").asLong();
            long cc = c.get("c").asLong();
            McNemar.Result r = McNemar.test(b, cc);
            String what = "b=" + b + " c=" + cc;
            assertEquals(c.get("test").asText(), r.test(), what);
            close(c.get("statistic").asDouble(), r.statistic(), CLOSED_FORM, what + " statistic");
            close(c.get("p").asDouble(), r.p(), P_VALUE, what + " p");
            if (r.test().equals("mcnemar-exact")) {
                exact++;
            } else {
                chi2++;
            }
        }
        assertEquals(6, exact);
        assertEquals(4, chi2);
    }

    @Test
    void fromPairedOutcomes() {
        JsonNode c = StatsReference.get("mcnemar_paired");
        boolean[] a = booleans(c.get("a"));
        boolean[] b = booleans(c.get("b"));
        McNemar.Result r = McNemar.of(a, b);
        assertEquals(c.get("discordantB").asLong(), r.b());
        assertEquals(c.get("discordantC").asLong(), r.c());
        assertEquals(c.get("test").asText(), r.test());
        close(c.get("statistic").asDouble(), r.statistic(), CLOSED_FORM, "statistic");
        close(c.get("p").asDouble(), r.p(), P_VALUE, "p");
        assertEquals(60L, r.n());
        // hand computed: (b − c)/n = (30 − 18)/60, se = sqrt(48 − 144/60)/60
        close(0.2, r.difference(), CLOSED_FORM, "difference");
        close(-0.020586668671202596, r.low(), CLOSED_FORM, "low");
        close(0.42058666867120265, r.high(), CLOSED_FORM, "high");
    }

    @Test
    void differenceWithWaldIntervalForPairedProportions() {
        // hand computed: d = (10 − 5)/50 = 0.1, se = sqrt(15 − 25/50)/50 = 0.0761577..., d ± 1.95996·se
        McNemar.Result r = McNemar.test(10, 5, 50);
        assertEquals("mcnemar-exact", r.test());
        close(0.1, r.difference(), CLOSED_FORM, "difference");
        close(-0.04926641001922008, r.low(), CLOSED_FORM, "low");
        close(0.2492664100192201, r.high(), CLOSED_FORM, "high");
        McNemar.Result none = McNemar.test(0, 0, 20);
        assertEquals(0.0, none.difference(), 0.0);
        assertEquals(0.0, none.low(), 0.0);
        assertEquals(0.0, none.high(), 0.0);
        assertEquals(1.0, none.p(), 0.0);
        assertNull(McNemar.test(3, 4).difference());
        assertThrows(IllegalArgumentException.class, () -> McNemar.test(10, 5, 14));
    }

    @Test
    void switchesToChiSquareAtTwentyFiveDiscordantPairs() {
        assertEquals("mcnemar-exact", McNemar.test(12, 12).test());
        assertEquals("mcnemar-chi2", McNemar.test(12, 13).test());
    }

    private static boolean[] booleans(JsonNode array) {
        boolean[] out = new boolean[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asBoolean();
        }
        return out;
    }
}
