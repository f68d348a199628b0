package io.placebench.analytics.domain;

import io.placebench.events.Failures;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Runs an action until it succeeds, fails permanently or the service stops. Rules:
 * <ul>
 * <li>success: {@link Done} with the action's result;</li>
 * <li>a failure {@link Failures#isTransient} calls transient, itself or any cause of a suppressed exception (see
 * {@link #isTransient}) (database or broker down, connection lost, lock
 * timeout...): wait {@link Failures#backoff}(attempt) and try again, without limit, so a consumer blocked here
 * pauses its channel for as long as the outage lasts;</li>
 * <li>any other failure: {@link Failed} at once (the caller dead-letters the record);</li>
 * <li>the service stops while waiting: {@link Stopped} (the caller neither acknowledges nor dead-letters, so the
 * record is redelivered after the restart).</li>
 * </ul>
 * Pure logic: the waiting is the caller's {@link Pause}.
 */
public final class TransientRetry {

    /** Waits (blocking); answers true when the service is stopping and the wait was cut short. */
    @FunctionalInterface
    public interface Pause {
        boolean stopsDuring(Duration wait);
    }

    /** Told about each transient failure before its wait (for logs and metrics). */
    @FunctionalInterface
    public interface Listener {
        void waiting(int attempt, RuntimeException failure, Duration wait);
    }

    /** What became of the action. */
    public sealed interface Outcome<T> permits Done, Failed, Stopped {
    }

    public record Done<T>(T value) implements Outcome<T> {
    }

    public record Failed<T>(RuntimeException cause) implements Outcome<T> {
    }

    public record Stopped<T>(RuntimeException lastFailure) implements Outcome<T> {
    }

    private final Pause pause;
    private final DoubleSupplier random;
    private final Listener listener;

    public TransientRetry(Pause pause, DoubleSupplier random, Listener listener) {
        this.pause = pause;
        this.random = random;
        this.listener = listener;
    }

    public <T> Outcome<T> call(Supplier<T> action) {
        for (int attempt = 1;; attempt++) {
            try {
                return new Done<>(action.get());
            } catch (RuntimeException failure) {
                if (!isTransient(failure)) {
                    return new Failed<>(failure);
                }
                Duration wait = Failures.backoff(attempt, random.getAsDouble());
                listener.waiting(attempt, failure, wait);
                if (pause.stopsDuring(wait)) {
                    return new Stopped<>(failure);
                }
            }
        }
    }

    /**
     * {@link Failures#isTransient} on the failure and on every exception suppressed anywhere in its chain, with their
     * causes: a commit that fails because the connection died surfaces as Narayana's {@code RollbackException}
     * whose suppressed {@code XAException} has the {@code PSQLException} (57P01, 08006) as its cause.
     */
    public static boolean isTransient(Throwable failure) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(failure);
        while (!todo.isEmpty() && seen.size() < 64) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (Failures.isTransient(t)) {
                return true;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.List.of(t.getSuppressed()));
        }
        return false;
    }

    public Outcome<Void> run(Runnable action) {
        return call(() -> {
            action.run();
            return null;
        });
    }
}
