package io.placebench.analytics.domain;

import java.time.Instant;

/**
 * Decides whether a runs event may replace the state stored for its run, so that lifecycle events delivered
 * out of order (or redelivered) never move a run backwards. The newer {@code occurredAt} wins; on a tie the
 * later lifecycle stage wins (created &lt; running/paused &lt; completed/cancelled/budget exhausted), and an
 * equal stage is applied again (harmless: same event, or a newer expected count).
 */
public final class RunEventOrder {

    private RunEventOrder() {
    }

    /**
     * @param storedAt occurredAt of the event applied last, null when none was (a placeholder row)
     * @param storedStatus status stored for the run
     * @param incomingAt occurredAt of the event that arrived
     * @param incomingStatus status it carries
     */
    public static boolean supersedes(Instant storedAt, String storedStatus, Instant incomingAt,
            String incomingStatus) {
        if (storedAt == null) {
            return true;
        }
        int byTime = incomingAt.compareTo(storedAt);
        if (byTime != 0) {
            return byTime > 0;
        }
        return stage(incomingStatus) >= stage(storedStatus);
    }

    static int stage(String status) {
        if (status == null) {
            return -1;
        }
        return switch (status) {
            case "CREATED" -> 0;
            case "RUNNING", "PAUSED" -> 1;
            case "COMPLETED", "CANCELLED", "BUDGET_EXHAUSTED" -> 2;
            default -> -1;
        };
    }
}
