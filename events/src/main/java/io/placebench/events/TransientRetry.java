package io.placebench.events;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Runs an action until it succeeds, fails permanently or the service stops. Rules:
 * <ul>
 * <li>success: {@link Done} with the action's result;</li>
 * <li>a failure {@link Failures#isTransient} calls transient (database or broker down, connection lost, lock
 * timeout, a commit that lost its connection...): wait {@link Failures#backoff}(attempt) and try again, without limit, so a consumer blocked here
 * pauses its channel for as long as the outage lasts;</li>
 * <li>any other failure: {@link Failed} at once (the caller dead-letters the record), unless the service is
 * stopping: then the failure is most likely its own resources closing under the action (the EntityManagerFactory,
 * the pool), not the record's fault, and the outcome is {@link Stopped};</li>
 * <li>the service stops while waiting: {@link Stopped} (the caller neither acknowledges nor dead-letters, so the
 * record is redelivered after the restart).</li>
 * </ul>
 * Pure logic: the waiting is the caller's {@link Pause}. Every service's consumers use it.
 */
public final class TransientRetry {

    /** Waits (blocking); answers true when the service is stopping and the wait was cut short. */
    @FunctionalInterface
    public interface Pause {
        boolean stopsDuring(Duration wait);

        /** Whether the service is stopping (a wait of zero). */
        default boolean stopping() {
            return stopsDuring(Duration.ZERO);
        }
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
                if (!Failures.isTransient(failure)) {
                    return pause.stopping() ? new Stopped<>(failure) : new Failed<>(failure);
                }
                Duration wait = Failures.backoff(attempt, random.getAsDouble());
                listener.waiting(attempt, failure, wait);
                if (pause.stopsDuring(wait)) {
                    return new Stopped<>(failure);
                }
            }
        }
    }

    public Outcome<Void> run(Runnable action) {
        return call(() -> {
            action.run();
            return null;
        });
    }
}
