package io.placebench.analytics.domain;

import java.time.Instant;

/**
 * Decides whether a runs event may replace the state stored for its run, so that lifecycle events delivered
 * out of order (or redelivered) never move a run backwards:
 * <ol>
 * <li>a placeholder (no event applied yet) takes any event;</li>
 * <li>the newer generation wins ({@code RunChanged.generationOrZero()}: ingest counts a run's lifecycle decisions),
 * whatever the clocks say, so a stale PAUSED never shadows a later resume;</li>
 * <li>on an equal generation the newer {@code occurredAt} wins; on a tie the later lifecycle stage wins
 * (created &lt; running/paused &lt; completed/cancelled/budget exhausted), and an equal stage is applied again
 * (harmless: same event, or a newer expected count).</li>
 * </ol>
 */
public final class RunEventOrder {

    private RunEventOrder() {
    }

    /**
     * @param storedAt occurredAt of the event applied last, null when none was (a placeholder row)
     * @param storedStatus status stored for the run
     * @param storedGeneration generation of the event applied last (0 for a placeholder or an older record)
     * @param incomingAt occurredAt of the event that arrived
     * @param incomingStatus status it carries
     * @param incomingGeneration its generation (0 when absent)
     */
    public static boolean supersedes(Instant storedAt, String storedStatus, long storedGeneration,
            Instant incomingAt, String incomingStatus, long incomingGeneration) {
        if (storedAt == null) {
            return true;
        }
        if (incomingGeneration != storedGeneration) {
            return incomingGeneration > storedGeneration;
        }
        int byTime = incomingAt.compareTo(storedAt);
        if (byTime != 0) {
            return byTime > 0;
        }
        return stage(incomingStatus) >= stage(storedStatus);
    }

    /** The rule for events without generations (both 0). */
    public static boolean supersedes(Instant storedAt, String storedStatus, Instant incomingAt,
            String incomingStatus) {
        return supersedes(storedAt, storedStatus, 0, incomingAt, incomingStatus, 0);
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
