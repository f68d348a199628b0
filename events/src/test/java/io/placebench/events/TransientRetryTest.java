package io.placebench.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.TransientRetry.Done;
import io.placebench.events.TransientRetry.Failed;
import io.placebench.events.TransientRetry.Stopped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientRetryTest {

    static RuntimeException databaseDown() {
        return new IllegalStateException("scoring failed", new SQLException("terminating connection", "57P01"));
    }

    final List<Duration> waits = new ArrayList<>();
    boolean stopping;

    TransientRetry retry(boolean stopAfterFirstWait) {
        return new TransientRetry(wait -> {
            if (wait.isZero()) {
                return stopping;
            }
            waits.add(wait);
            return stopAfterFirstWait;
        }, () -> 0.0, (attempt, failure, wait) -> {
        });
    }

    @Test
    void waitsOutTransientFailuresWithGrowingBackoffWithoutLimit() {
        AtomicInteger calls = new AtomicInteger();
        var outcome = retry(false).call(() -> {
            if (calls.incrementAndGet() <= 40) {
                throw databaseDown();
            }
            return "stored";
        });
        assertEquals(new Done<>("stored"), outcome);
        assertEquals(41, calls.get());
        assertEquals(40, waits.size());
        assertEquals(Failures.backoff(1, 0.0), waits.get(0));
        assertEquals(Failures.backoff(2, 0.0), waits.get(1));
        assertTrue(waits.get(1).compareTo(waits.get(0)) > 0, "the wait grows");
        assertEquals(Duration.ofSeconds(10), waits.get(39), "and is capped");
    }

    @Test
    void aFailureWhileTheServiceStopsIsStoppedNotFailed() {
        stopping = true;
        RuntimeException closing = new IllegalStateException("EntityManagerFactory is closed");
        var outcome = retry(false).call(() -> {
            throw closing;
        });
        assertSame(closing, assertInstanceOf(Stopped.class, outcome).lastFailure());
        assertTrue(waits.isEmpty());
    }

    @Test
    void aPermanentFailureIsReturnedAtOnce() {
        RuntimeException bad = new IllegalArgumentException("prediction lacks [runId]");
        var outcome = retry(false).call(() -> {
            throw bad;
        });
        assertSame(bad, assertInstanceOf(Failed.class, outcome).cause());
        assertTrue(waits.isEmpty());
    }

    @Test
    void aConstraintViolationIsPermanent() {
        var outcome = retry(false).run(() -> {
            throw new IllegalStateException(new SQLException("null value in column", "23502"));
        });
        assertInstanceOf(Failed.class, outcome);
    }

    @Test
    void aCommitLostWithItsConnectionIsTransient() {
        // What Narayana throws when the connection dies during commit (seen in the fault tests).
        var commit = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        var xa = new javax.transaction.xa.XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        commit.addSuppressed(xa);
        assertTrue(Failures.isTransient(new RuntimeException("Error invoking subclass method", commit)));
        assertEquals(false, Failures.isTransient(new RuntimeException(commit.getMessage())));
    }

    @Test
    void stopsWaitingWhenTheServiceStops() {
        RuntimeException down = databaseDown();
        AtomicInteger calls = new AtomicInteger();
        var outcome = retry(true).run(() -> {
            calls.incrementAndGet();
            throw down;
        });
        assertSame(down, assertInstanceOf(Stopped.class, outcome).lastFailure());
        assertEquals(1, calls.get(), "not tried again, and not reported as a permanent failure");
    }
}
