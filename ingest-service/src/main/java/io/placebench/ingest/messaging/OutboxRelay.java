package io.placebench.ingest.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.Failures;
import io.placebench.ingest.config.OutboxConfig;
import io.placebench.ingest.repository.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.InvalidTransactionException;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows: in one transaction it locks the oldest batch ({@code for update skip
 * locked}), sends every row (the stored JSON, its topic and key, header {@code eventId}), awaits every
 * acknowledgement ({@code acks=all}), deletes the rows and commits. Any failure rolls back: the rows stay and
 * are sent again after a back-off ({@link Failures#backoff}), so delivery is at-least-once with the same event id.
 *
 * <p>One thread per instance; it polls every {@code placebench.outbox.idle-poll} when idle and is woken right
 * after each commit that appended rows. On shutdown it finishes (or rolls back) the batch in hand and stops;
 * what is left is sent by the next instance to run.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Sends one row; completes when the broker acknowledged it. */
    @FunctionalInterface
    public interface Sender {
        CompletionStage<Void> send(Outbox.Row row);
    }

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    Outbox outbox;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    TransactionManager transactions;

    @Inject
    @Channel("outbox")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> emitter;

    private final java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
    /** Held while a batch is in hand, so {@link #pause()} returns only once nothing is being sent. */
    private final ReentrantLock working = new ReentrantLock();
    private volatile boolean running;
    private volatile boolean paused;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake.release();
        if (thread != null) {
            thread.join(config.sendTimeout().plusSeconds(5).toMillis());
        }
    }

    /** Wakes the relay once a transaction that appended rows has committed. */
    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Appended appended) {
        wake.release();
    }

    /** Stops relaying after the batch in hand (tests, maintenance); rows accumulate in the table. */
    public void pause() {
        paused = true;
        working.lock();
        working.unlock();
    }

    public void resume() {
        paused = false;
        wake.release();
    }

    private void loop() {
        int failures = 0;
        while (running) {
            int sent = 0;
            try {
                if (!paused) {
                    working.lock();
                    try {
                        if (!paused) {
                            sent = relayOnce(this::send);
                        }
                    } finally {
                        working.unlock();
                    }
                }
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                registry.counter("placebench.ingest.outbox.failures").increment();
                Duration wait = Failures.backoff(failures, ThreadLocalRandom.current().nextDouble());
                if (failures == 1 || failures % 20 == 0) {
                    LOG.warnf("Outbox relay: cannot publish now (%s: %s); trying again in %d ms (failure %d)",
                            e.getClass().getSimpleName(), e.getMessage(), wait.toMillis(), failures);
                }
                sleep(wait);
                continue;
            }
            if (sent < Math.max(1, config.batchSize())) {
                try {
                    wake.tryAcquire(config.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * One relay transaction: lock a batch, send it with {@code sender}, await every acknowledgement, delete it.
     * Answers the number of rows published; throws (and keeps the rows) when any send fails.
     */
    public int relayOnce(Sender sender) {
        long timeout = config.sendTimeout().toMillis();
        int n = QuarkusTransaction.requiringNew().timeout((int) (timeout / 1000) + 60).call(() -> {
            List<Outbox.Row> rows = outbox.lockBatch(Math.max(1, config.batchSize()));
            if (rows.isEmpty()) {
                return 0;
            }
            // Sent with the transaction suspended: the emitter propagates context to the Kafka threads, and a
            // transaction must not be active on two threads. The rows stay locked: the locks belong to the
            // connection, not to the thread.
            Transaction tx = suspend();
            try {
                List<CompletableFuture<Void>> sends = new ArrayList<>(rows.size());
                for (Outbox.Row row : rows) {
                    sends.add(sender.send(row).toCompletableFuture());
                }
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(timeout, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("publishing " + rows.size() + " outbox rows failed", e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge " + rows.size() + " outbox rows within "
                        + config.sendTimeout(), e);
            } finally {
                resume(tx);
            }
            outbox.delete(rows.stream().map(Outbox.Row::id).toList());
            return rows.size();
        });
        if (n > 0) {
            registry.counter("placebench.ingest.outbox.published").increment(n);
        }
        return n;
    }

    private Transaction suspend() {
        try {
            return transactions.suspend();
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
    }

    private void resume(Transaction tx) {
        try {
            transactions.resume(tx);
        } catch (InvalidTransactionException | SystemException e) {
            throw new IllegalStateException(e);
        }
    }

    private CompletionStage<Void> send(Outbox.Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("eventId", row.eventId().getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic()).withKey(row.key()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(row.payload()).addMetadata(metadata)).subscribeAsCompletionStage();
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
