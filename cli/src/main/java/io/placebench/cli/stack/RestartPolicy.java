package io.placebench.cli.stack;

import java.time.Duration;

/**
 * When to restart a child of the local stack that exited without being asked to, like an orchestrator's
 * crash-loop back-off. Rules:
 * <ol>
 *   <li>Never while the stack is stopping, nor for a child stopped on purpose (the caller says so).</li>
 *   <li>The first restart waits {@code initialDelay}; each further consecutive one waits twice the previous,
 *       at most {@code maxDelay}.</li>
 *   <li>A child that ran at least {@code resetAfter} before it exited counts as healthy: its next restart waits
 *       {@code initialDelay} again.</li>
 *   <li>There is no limit on the number of restarts: a crash-looping child keeps being retried every
 *       {@code maxDelay}, so it comes back by itself once its cause (a database down, a port taken) is gone.</li>
 * </ol>
 * The policy is immutable; each child has its own {@link Tracker}.
 */
public record RestartPolicy(Duration initialDelay, Duration maxDelay, Duration resetAfter) {

    /** 1 s doubling to 30 s; reset after 60 s of running. */
    public static final RestartPolicy DEFAULT =
            new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    public RestartPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0
                || resetAfter.isNegative()) {
            throw new IllegalArgumentException("need 0 < initialDelay <= maxDelay and resetAfter >= 0");
        }
    }

    /** The wait before the restart that follows {@code consecutive} earlier quick exits (0 for the first). */
    public Duration delay(int consecutive) {
        Duration d = initialDelay;
        for (int i = 0; i < consecutive && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    public Tracker tracker() {
        return new Tracker(this);
    }

    /** What to do about one exit. */
    public sealed interface Decision {
    }

    /** Restart after {@code delay}; {@code restart} counts this child's restarts, this one included. */
    public record Restart(Duration delay, int restart) implements Decision {
    }

    /** Leave it stopped. */
    public record Leave(String why) implements Decision {
    }

    /** The restart history of one child. Not thread-safe: one supervisor thread owns it. */
    public static final class Tracker {
        private final RestartPolicy policy;
        private int consecutive;
        private int restarts;

        private Tracker(RestartPolicy policy) {
            this.policy = policy;
        }

        /**
         * Decides about an exit after the child ran for {@code ranFor}; {@code stopping} is true while the stack
         * (or this child, on purpose) is being stopped.
         */
        public Decision onExit(Duration ranFor, boolean stopping) {
            if (stopping) {
                return new Leave("stopping");
            }
            if (ranFor.compareTo(policy.resetAfter()) >= 0) {
                consecutive = 0;
            }
            Duration delay = policy.delay(consecutive);
            consecutive++;
            restarts++;
            return new Restart(delay, restarts);
        }

        public int restarts() {
            return restarts;
        }
    }
}
