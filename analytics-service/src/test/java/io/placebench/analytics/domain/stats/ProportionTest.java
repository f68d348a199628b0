package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.StatsReference.CLOSED_FORM;
import static io.placebench.analytics.domain.stats.StatsReference.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class ProportionTest {

    @Test
    void wilsonMatchesStatsmodels() {
        JsonNode cases = StatsReference.get("wilson");
        assertEquals(9, cases.size());
        for (JsonNode c : cases) {
            Proportion p = Proportion.wilson(c.get("successes").asLong(), c.get("n").asLong());
            String what = c.get("successes") + "/" + c.get("n");
            close(c.get("rate").asDouble(), p.rate(), CLOSED_FORM, what + " rate");
            close(c.get("low").asDouble(), p.low(), CLOSED_FORM, what + " low");
            close(c.get("high").asDouble(), p.high(), CLOSED_FORM, what + " high");
        }
    }

    @Test
    void emptyGivesNulls() {
        Proportion p = Proportion.wilson(0, 0);
        assertEquals(0, p.n());
        assertNull(p.rate());
        assertNull(p.low());
        assertNull(p.high());
    }

    @Test
    void boundsStayInTheUnitInterval() {
        assertEquals(0.0, Proportion.wilson(0, 7).low());
        assertEquals(1.0, Proportion.wilson(7, 7).high());
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(3, 2));
        assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(-1, 2));
    }
}
