package io.placebench.ingest.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

class InPlaceRetryTest {

    @Test
    void aCommitThatLostItsConnectionIsTransient() {
        // what Narayana throws when PostgreSQL terminated the connection during the commit (seen in ReliabilityTest)
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertTrue(InPlaceRetry.isTransient(new RuntimeException(rollback)));
    }

    @Test
    void aRecordThatCanNeverBeProcessedIsNot() {
        assertFalse(InPlaceRetry.isTransient(new IllegalArgumentException("prediction has no runId")));
        Exception rollback = new Exception("could not commit");
        rollback.addSuppressed(new SQLException("duplicate key", "23505"));
        assertFalse(InPlaceRetry.isTransient(rollback));
    }
}
