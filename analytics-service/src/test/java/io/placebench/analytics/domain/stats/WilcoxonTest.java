package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.StatsReference.CLOSED_FORM;
import static io.placebench.analytics.domain.stats.StatsReference.P_VALUE;
import static io.placebench.analytics.domain.stats.StatsReference.close;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class WilcoxonTest {

    @Test
    void matchesScipyDefaults() {
        Set<String> methods = new HashSet<>();
        for (JsonNode c : StatsReference.get("wilcoxon")) {
            String name = c.get("name").asText();
            Wilcoxon.Result r = Wilcoxon.test(StatsReference.doubles(c.get("differences")));
            assertEquals(c.get("method").asText(), r.method(), name + " method");
            assertEquals(c.get("n").asInt(), r.n(), name + " n");
            assertEquals(c.get("zeros").asInt(), r.zeros(), name + " zeros");
            close(c.get("statistic").asDouble(), r.statistic(), CLOSED_FORM, name + " statistic");
            close(c.get("p").asDouble(), r.p(), P_VALUE, name + " p");
            methods.add(r.method());
        }
        assertEquals(Set.of("exact", "permutation", "normal"), methods);
    }

    @Test
    void pairedSamplesUseTheirDifferences() {
        JsonNode c = StatsReference.get("wilcoxon_paired");
        Wilcoxon.Result r = Wilcoxon.test(StatsReference.doubles(c.get("x")), StatsReference.doubles(c.get("y")));
        assertEquals(c.get("n").asInt(), r.n());
        assertEquals(c.get("zeros").asInt(), r.zeros());
        close(c.get("statistic").asDouble(), r.statistic(), CLOSED_FORM, "statistic");
        close(c.get("p").asDouble(), r.p(), P_VALUE, "p");
    }

    @Test
    void allZeroDifferencesGiveNoEvidence() {
        Wilcoxon.Result r = Wilcoxon.test(new double[] {0, 0, 0});
        assertEquals(new Wilcoxon.Result(0.0, 1.0, 0, 3, "none"), r);
    }
}
