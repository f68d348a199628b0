package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunEventOrderTest {

    private static final Instant T1 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Instant T2 = T1.plusMillis(1);

    @Test
    void anyEventFillsInAPlaceholder() {
        assertTrue(RunEventOrder.supersedes(null, "RUNNING", T1, "CREATED"));
    }

    @Test
    void theNewerEventWinsWhateverItsStatus() {
        assertTrue(RunEventOrder.supersedes(T1, "COMPLETED", T2, "RUNNING"));
        assertFalse(RunEventOrder.supersedes(T2, "RUNNING", T1, "CREATED"));
        assertFalse(RunEventOrder.supersedes(T2, "RUNNING", T1, "COMPLETED"));
    }

    @Test
    void onATieTheLaterStageWins() {
        assertTrue(RunEventOrder.supersedes(T1, "CREATED", T1, "RUNNING"));
        assertFalse(RunEventOrder.supersedes(T1, "RUNNING", T1, "CREATED"));
        assertFalse(RunEventOrder.supersedes(T1, "COMPLETED", T1, "PAUSED"));
        assertTrue(RunEventOrder.supersedes(T1, "RUNNING", T1, "RUNNING"), "a redelivery changes nothing");
    }

    @Test
    void aNewerGenerationWinsWhateverTheClocksSay() {
        // A resume (generation 3) stamped by a clock behind the one that stamped the pause (generation 2).
        assertTrue(RunEventOrder.supersedes(T2, "PAUSED", 2, T1, "RUNNING", 3));
        assertFalse(RunEventOrder.supersedes(T1, "RUNNING", 3, T2, "PAUSED", 2), "a stale PAUSED never shadows it");
        assertFalse(RunEventOrder.supersedes(T1, "COMPLETED", 3, T2, "COMPLETED", 2));
        assertTrue(RunEventOrder.supersedes(T2, "COMPLETED", 0, T1, "CREATED", 1), "an older record has generation 0");
    }

    @Test
    void anEqualGenerationKeepsTheTimeAndStageRule() {
        // Inference's own BUDGET_EXHAUSTED keeps the generation it halts.
        assertTrue(RunEventOrder.supersedes(T1, "RUNNING", 4, T2, "BUDGET_EXHAUSTED", 4));
        assertFalse(RunEventOrder.supersedes(T2, "BUDGET_EXHAUSTED", 4, T1, "RUNNING", 4));
        assertTrue(RunEventOrder.supersedes(T1, "CREATED", 4, T1, "RUNNING", 4));
        assertTrue(RunEventOrder.supersedes(null, "RUNNING", 0, T1, "CREATED", 0), "a placeholder takes anything");
    }
}
