package io.placebench.events;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a transient failure (the database or the broker is down, restarting or busy: wait and try again) from
 * a permanent one (this record can never be processed: dead-letter it). Consumers wait out the first kind with
 * {@link #backoff} and send only the second kind to a dead-letter topic.
 *
 * <p>Rules, checked on the exception, its causes, its suppressed exceptions and theirs:
 * <ul>
 * <li>a {@link SQLTransientException} or {@link SQLRecoverableException} is transient;</li>
 * <li>a {@link SQLException} is transient when its SQLState is in class 08 (connection), 40 (serialization
 * failure, deadlock), 53 (insufficient resources), 57P (operator intervention: admin shutdown, crash, cannot
 * connect now) or is 55P03 (lock not available);</li>
 * <li>an {@link IOException} or a {@link TimeoutException} is transient;</li>
 * <li>a class named like Kafka's {@code RetriableException} or {@code TimeoutException}, Hibernate's
 * {@code JDBCConnectionException}, {@code LockTimeoutException} or {@code PessimisticLockException} is transient
 * (matched by name, so this jar needs none of them);</li>
 * <li>an {@link SQLException} saying "acquisition timeout" (Agroal's exhausted pool, which sets no state) is
 * transient;</li>
 * <li>anything else is permanent.</li>
 * </ul>
 */
public final class Failures {

    private static final Set<String> TRANSIENT_CLASS_NAMES = Set.of(
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.TimeoutException",
            "org.apache.kafka.common.errors.DisconnectException",
            "org.hibernate.exception.JDBCConnectionException",
            "org.hibernate.exception.LockAcquisitionException",
            "org.hibernate.PessimisticLockException",
            "jakarta.persistence.LockTimeoutException",
            "jakarta.persistence.PessimisticLockException",
            "jakarta.persistence.QueryTimeoutException",
            "io.smallrye.mutiny.TimeoutException",
            "java.net.ConnectException");

    private static final Duration FIRST = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofSeconds(10);

    private Failures() {
    }

    /**
     * True when waiting and trying again may succeed: some exception in the tree of causes and suppressed
     * exceptions is transient. (A commit that lost its connection surfaces as Narayana's RollbackException whose
     * suppressed XAException has the PostgreSQL error as its cause.)
     */
    public static boolean isTransient(Throwable failure) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (failure != null) {
            todo.push(failure);
        }
        while (!todo.isEmpty() && seen.size() < 256) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (transientItself(t)) {
                return true;
            }
            if (t.getCause() != null) {
                todo.push(t.getCause());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.push(s);
            }
        }
        return false;
    }

    private static boolean transientItself(Throwable t) {
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof IOException
                || t instanceof TimeoutException) {
            return true;
        }
        if (t instanceof SQLException sql && transientState(sql.getSQLState())) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (TRANSIENT_CLASS_NAMES.contains(c.getName())) {
                return true;
            }
        }
        // Agroal's pool answers "Sorry, acquisition timeout!" as a plain SQLException without a state
        return t instanceof SQLException && String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT)
                .contains("acquisition timeout");
    }

    static boolean transientState(String state) {
        if (state == null || state.length() < 2) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("55P03");
    }

    /**
     * How long to wait before try {@code attempt} (1-based) of a transient failure: 200 ms doubling to at most
     * 10 s, with up to 20% jitter taken from {@code random} (0..1) so replicas do not retry in step.
     */
    public static Duration backoff(int attempt, double random) {
        int shift = Math.max(0, Math.min(attempt - 1, 20));
        long millis = Math.min(MAX.toMillis(), FIRST.toMillis() << shift);
        return Duration.ofMillis(Math.round(millis * (1.0 - 0.2 * Math.max(0, Math.min(1, random)))));
    }
}
