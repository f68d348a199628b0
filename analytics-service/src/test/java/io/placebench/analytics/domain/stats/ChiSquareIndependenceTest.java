package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.StatsReference.CLOSED_FORM;
import static io.placebench.analytics.domain.stats.StatsReference.P_VALUE;
import static io.placebench.analytics.domain.stats.StatsReference.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class ChiSquareIndependenceTest {

    @Test
    void matchesScipyWithoutCorrection() {
        JsonNode cases = StatsReference.get("chiSquare");
        assertEquals(4, cases.size());
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            JsonNode t = c.get("table");
            long[][] table = new long[t.size()][];
            for (int i = 0; i < table.length; i++) {
                table[i] = new long[t.get(i).size()];
                for (int j = 0; j < table[i].length; j++) {
                    table[i][j] = t.get(i).get(j).asLong();
                }
            }
            ChiSquareIndependence.Result r = ChiSquareIndependence.test(table);
            close(c.get("statistic").asDouble(), r.statistic(), CLOSED_FORM, name + " statistic");
            assertEquals(c.get("df").asInt(), r.df(), name + " df");
            close(c.get("p").asDouble(), r.p(), P_VALUE, name + " p");
            assertEquals(c.get("cellsExpectedBelow5").asInt(), r.cellsExpectedBelow5(), name + " below 5");
            assertEquals(c.get("sparse").asBoolean(), r.sparse(), name + " sparse");
            assertEquals(ints(c.get("droppedRows")), r.droppedRows(), name + " dropped rows");
            assertEquals(ints(c.get("droppedColumns")), r.droppedColumns(), name + " dropped columns");
        }
    }

    @Test
    void noTestWithOneNonEmptyRow() {
        ChiSquareIndependence.Result r = ChiSquareIndependence.test(new long[][] {{3, 4, 5}, {0, 0, 0}});
        assertNull(r.statistic());
        assertNull(r.p());
        assertEquals(List.of(1), r.droppedRows());
        assertEquals(1, r.rows());
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
