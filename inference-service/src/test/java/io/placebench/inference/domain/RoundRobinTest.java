package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundRobinTest {

    /** Serves like a dispatcher lane: the first member in order that has work, until every queue is empty. */
    static List<String> drain(RoundRobin<String> rr, Map<String, Integer> queued, int calls) {
        List<String> served = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            for (String run : rr.order()) {
                if (queued.getOrDefault(run, 0) == 0) {
                    rr.remove(run);
                    continue;
                }
                queued.merge(run, -1, Integer::sum);
                rr.served(run);
                served.add(run);
                break;
            }
        }
        return served;
    }

    @Test
    void runsOnOneModelTakeTurnsWhateverTheirSize() {
        RoundRobin<String> rr = new RoundRobin<>();
        Map<String, Integer> queued = new HashMap<>(Map.of("big", 1000, "small", 3));
        rr.add("big");
        rr.add("small");
        List<String> served = drain(rr, queued, 8);
        assertEquals(List.of("big", "small", "big", "small", "big", "small", "big", "big"), served);
    }

    @Test
    void aRunThatJoinsIsServedWithinOneRound() {
        RoundRobin<String> rr = new RoundRobin<>();
        Map<String, Integer> queued = new HashMap<>(Map.of("a", 100, "b", 100, "c", 100));
        rr.add("a");
        rr.add("b");
        drain(rr, queued, 3);
        rr.add("c");
        List<String> next = drain(rr, queued, 3);
        assertTrue(next.contains("c"), "the newcomer is served in the next round: " + next);
        assertEquals(3, next.stream().distinct().count(), "one call each per round: " + next);
    }

    @Test
    void eachRunGetsAnEqualShareOverTime() {
        RoundRobin<String> rr = new RoundRobin<>();
        Map<String, Integer> queued = new HashMap<>();
        for (String run : List.of("r1", "r2", "r3", "r4")) {
            rr.add(run);
            queued.put(run, 10_000);
        }
        Map<String, Long> counts = new HashMap<>();
        drain(rr, queued, 4_000).forEach(r -> counts.merge(r, 1L, Long::sum));
        counts.values().forEach(c -> assertEquals(1_000L, c));
    }

    @Test
    void removingTheLastServedKeepsTheRotation() {
        RoundRobin<String> rr = new RoundRobin<>();
        rr.add("a");
        rr.add("b");
        rr.add("c");
        rr.served("b");
        assertEquals(List.of("c", "a", "b"), rr.order());
        rr.remove("b");
        assertEquals(List.of("c", "a"), rr.order(), "the round goes on after the removed member");
        rr.add("b");
        assertEquals(List.of("c", "b", "a"), rr.order());
    }
}
