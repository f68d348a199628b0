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
}
