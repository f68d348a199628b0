package io.placebench.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void connectionAndServerStatesAreTransient() {
        assertTrue(Failures.isTransient(new SQLException("connection refused", "08001")));
        assertTrue(Failures.isTransient(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(Failures.isTransient(new SQLException("could not serialize access", "40001")));
        assertTrue(Failures.isTransient(new SQLException("deadlock detected", "40P01")));
        assertTrue(Failures.isTransient(new SQLException("could not obtain lock", "55P03")));
        assertTrue(Failures.isTransient(new SQLTransientConnectionException("pool")));
        assertTrue(Failures.isTransient(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))),
                "Agroal's pool, exhausted");
    }

    @Test
    void wrappedCausesAreFound() {
        RuntimeException wrapped = new IllegalStateException("commit failed",
                new RuntimeException(new SQLException("I/O error", "08006")));
        assertTrue(Failures.isTransient(wrapped));
        assertTrue(Failures.isTransient(new UncheckedIOException(new ConnectException("refused"))));
        assertTrue(Failures.isTransient(new RuntimeException(new java.util.concurrent.TimeoutException())));
    }

    @Test
    void aCommitThatLostItsConnectionIsTransient() {
        // Narayana: RollbackException, suppressed XAException, caused by the PostgreSQL error
        Exception xa = new Exception("XAException", new SQLException("terminating connection", "57P01"));
        RuntimeException rollback = new IllegalStateException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertTrue(Failures.isTransient(new RuntimeException("commit", rollback)));
    }

    @Test
    void classesKnownByNameAreTransient() {
        assertTrue(Failures.isTransient(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved")));
    }

    @Test
    void badDataIsPermanent() {
        assertFalse(Failures.isTransient(new SQLException("value too long", "22001")));
        assertFalse(Failures.isTransient(new SQLException("duplicate key", "23505")));
        assertFalse(Failures.isTransient(new IllegalArgumentException("no run id")));
        assertFalse(Failures.isTransient(null));
    }

    @Test
    void backoffDoublesToACap() {
        assertEquals(Duration.ofMillis(200), Failures.backoff(1, 0));
        assertEquals(Duration.ofMillis(400), Failures.backoff(2, 0));
        assertEquals(Duration.ofMillis(320), Failures.backoff(2, 1));
        assertEquals(Duration.ofSeconds(10), Failures.backoff(30, 0));
        assertEquals(Duration.ofSeconds(10), Failures.backoff(Integer.MAX_VALUE, 0));
    }
}
