package io.placebench.ingest.domain;

import io.placebench.events.RunStatus;
import java.util.Optional;

/**
 * What the run actions do in each status. A refused action answers 409 with {@link Decision#refusal()}; an
 * action that changes nothing (pausing a paused run) is accepted without an event.
 *
 * <pre>
 * start   CREATED -> RUNNING;  RUNNING: sends what is still unsent
 * pause   RUNNING -> PAUSED;   PAUSED: nothing
 * resume  PAUSED, BUDGET_EXHAUSTED -> RUNNING;  RUNNING: sends what is still unsent
 * cancel  CREATED, RUNNING, PAUSED, BUDGET_EXHAUSTED -> CANCELLED;  CANCELLED: nothing
 * retry   RUNNING, PAUSED (sent on resume), COMPLETED -> RUNNING
 * </pre>
 * Imported runs make no provider calls: only start (re-sending unsent records) and cancel apply to them.
 */
public final class RunLifecycle {

    public enum Action { START, PAUSE, RESUME, CANCEL, RETRY }

    /** {@code next} the status after the action (null when refused); {@code changes} whether it is a new status. */
    public record Decision(RunStatus next, boolean changes, String refusal) {
        public boolean refused() {
            return refusal != null;
        }

        public Optional<String> refusalReason() {
            return Optional.ofNullable(refusal);
        }
    }

    private RunLifecycle() {
    }

    public static Decision decide(Action action, RunStatus current, RunMode mode) {
        if (mode == RunMode.IMPORTED && (action == Action.PAUSE || action == Action.RESUME || action == Action.RETRY)) {
            return refuse("an imported run makes no provider calls: it cannot be " + past(action));
        }
        return switch (action) {
            case START -> switch (current) {
                case CREATED -> to(RunStatus.RUNNING);
                case RUNNING -> stay(current);
                default -> refuse("a " + current + " run cannot be started");
            };
            case PAUSE -> switch (current) {
                case RUNNING -> to(RunStatus.PAUSED);
                case PAUSED -> stay(current);
                default -> refuse("a " + current + " run cannot be paused");
            };
            case RESUME -> switch (current) {
                case PAUSED, BUDGET_EXHAUSTED -> to(RunStatus.RUNNING);
                case RUNNING -> stay(current);
                case CREATED -> refuse("the run was never started: start it instead");
                default -> refuse("a " + current + " run cannot be resumed");
            };
            case CANCEL -> switch (current) {
                case CREATED, RUNNING, PAUSED, BUDGET_EXHAUSTED -> to(RunStatus.CANCELLED);
                case CANCELLED -> stay(current);
                default -> refuse("a " + current + " run cannot be cancelled");
            };
            case RETRY -> switch (current) {
                case RUNNING, PAUSED -> stay(current);
                case COMPLETED -> to(RunStatus.RUNNING);
                case BUDGET_EXHAUSTED -> refuse("the run's budget is exhausted: resume it (with a new budgetUsd) "
                        + "before retrying");
                default -> refuse("a " + current + " run cannot be retried");
            };
        };
    }

    private static String past(Action action) {
        return switch (action) {
            case START -> "started";
            case PAUSE -> "paused";
            case RESUME -> "resumed";
            case CANCEL -> "cancelled";
            case RETRY -> "retried";
        };
    }

    private static Decision to(RunStatus next) {
        return new Decision(next, true, null);
    }

    private static Decision stay(RunStatus current) {
        return new Decision(current, false, null);
    }

    private static Decision refuse(String reason) {
        return new Decision(null, false, reason);
    }
}
