package io.placebench.inference.domain;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An adaptive limit on calls in flight (AIMD): every success raises the limit by {@code increase / limit}
 * (about +increase per round of calls), an overload signal (429, 529, 503) multiplies it by {@code factor},
 * at most once per {@code decreaseInterval} (the calls already in flight when the provider pushed back all
 * report it). The limit stays within [min, max]; callers block in {@link #acquire} while the limit is reached.
 */
public final class AdaptiveConcurrency {

    public enum Signal { SUCCESS, OVERLOAD, NEUTRAL }

    private final int min;
    private final int max;
    private final double factor;
    private final double increase;
    private final long decreaseIntervalNanos;
    private final LongSupplier clock;
    private double limit;
    private int inFlight;
    private long lastDecrease = Long.MIN_VALUE / 2;

    public AdaptiveConcurrency(int min, int max, double factor, double increase, Duration decreaseInterval) {
        this(min, max, factor, increase, decreaseInterval, System::nanoTime);
    }

    public AdaptiveConcurrency(int min, int max, double factor, double increase, Duration decreaseInterval,
            LongSupplier clock) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("need 1 <= min <= max, got " + min + " and " + max);
        }
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("the decrease factor must be in (0, 1), got " + factor);
        }
        this.min = min;
        this.max = max;
        this.factor = factor;
        this.increase = increase;
        this.decreaseIntervalNanos = decreaseInterval.toNanos();
        this.clock = clock;
        this.limit = max;
    }

    /** Waits until a call may start. */
    public synchronized void acquire() throws InterruptedException {
        while (inFlight >= (int) Math.floor(limit)) {
            wait();
        }
        inFlight++;
    }

    /** Waits at most {@code timeout}; false when no slot came free. */
    public synchronized boolean tryAcquire(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight >= (int) Math.floor(limit)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        inFlight++;
        return true;
    }

    /** A call ended; {@code signal} says how the provider coped. */
    public synchronized void release(Signal signal) {
        inFlight = Math.max(0, inFlight - 1);
        if (signal == Signal.OVERLOAD) {
            long now = clock.getAsLong();
            if (now - lastDecrease >= decreaseIntervalNanos) {
                limit = Math.max(min, limit * factor);
                lastDecrease = now;
            }
        } else if (signal == Signal.SUCCESS) {
            limit = Math.min(max, limit + increase / limit);
        }
        notifyAll();
    }

    public synchronized double limit() {
        return limit;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public int max() {
        return max;
    }
}
