package io.placebench.ingest.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.Failures;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * How every ingest consumer handles one record: a transient failure ({@link Failures#isTransient}: the database
 * restarting, a refused connection, a lock timeout) is waited out by trying the same record again with back-off,
 * on the consumer's blocking thread, so the channel stops taking records until the dependency is back; only a
 * permanent failure nacks the record (dead-letter topic). A record failing, for whatever reason, once the service is
 * stopping is neither acked nor nacked: its offset is not committed and it is delivered again after the restart.
 */
@ApplicationScoped
public class InPlaceRetry {

    private static final Logger LOG = Logger.getLogger(InPlaceRetry.class);

    @Inject
    MeterRegistry registry;

    private volatile boolean stopping;

    void stopping(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
    }

    public <T> CompletionStage<Void> process(String channel, Message<T> message, Consumer<T> work) {
        T payload = message.getPayload();
        if (payload == null) {
            return message.nack(new IllegalArgumentException("unreadable " + channel + " record (not the expected JSON)"));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                work.accept(payload);
                return message.ack();
            } catch (RuntimeException e) {
                if (stopping) {
                    // whatever failed (the EntityManagerFactory closing under the record, too) is not the record's fault
                    LOG.warnf("%s: stopping after a failure (%s); the record is left for redelivery", channel,
                            rootMessage(e));
                    return CompletableFuture.completedFuture(null);
                }
                if (!isTransient(e)) {
                    LOG.errorf(e, "%s: record can never be processed, dead-lettering it", channel);
                    return message.nack(e);
                }
                registry.counter("placebench.ingest.consumer.retries", "channel", channel).increment();
                Duration wait = Failures.backoff(attempt, ThreadLocalRandom.current().nextDouble());
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warnf("%s: transient failure (%s), trying the record again in %d ms (attempt %d)", channel,
                            rootMessage(e), wait.toMillis(), attempt);
                }
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return CompletableFuture.completedFuture(null);
                }
            }
        }
    }

    /**
     * {@link Failures#isTransient} applied to every exception in the tree, suppressed ones' causes included: a
     * commit that fails because the database dropped the connection surfaces as a RollbackException whose
     * suppressed XAException has the PSQLException (57P01, 08006) as its cause.
     */
    static boolean isTransient(Throwable failure) {
        return isTransient(failure, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), 0);
    }

    private static boolean isTransient(Throwable t, java.util.Set<Throwable> seen, int depth) {
        if (t == null || depth > 64 || !seen.add(t)) {
            return false;
        }
        if (Failures.isTransient(t)) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (isTransient(suppressed, seen, depth + 1)) {
                return true;
            }
        }
        return isTransient(t.getCause(), seen, depth + 1);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
