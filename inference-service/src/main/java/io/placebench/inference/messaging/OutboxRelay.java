package io.placebench.inference.messaging;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;

import io.placebench.events.Failures;
import io.placebench.inference.repository.Outbox;
import io.placebench.inference.service.InferenceMetrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: committed rows, oldest first, in batches, each batch under row locks (so replicas do not
 * send the same rows) until the broker acknowledged every record ({@code acks=all}); then the rows are deleted.
 * A batch the broker does not take rolls back and is tried again with back-off, so an event is published at
 * least once, with the event id it was stored with, however long the broker is away.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    Outbox outbox;

    @Inject
    TransactionManager transactions;

    @Inject
    InferenceMetrics metrics;

    @Inject
    @Channel("outbox")
    MutinyEmitter<String> out;

    @ConfigProperty(name = "placebench.outbox.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "placebench.outbox.send-timeout", defaultValue = "30s")
    Duration sendTimeout;

    @ConfigProperty(name = "placebench.outbox.idle-poll", defaultValue = "200ms")
    Duration idlePoll;

    private final Object signal = new Object();
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        metrics.outboxGauge(this::pending);
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes what is left, then stops (runs before the datasource and the Kafka connector close). */
    void stop(@Observes ShutdownEvent event) {
        running = false;
        nudge();
        try {
            if (thread != null) {
                thread.join(sendTimeout.toMillis() + 5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rows not yet published; NaN while the database cannot say. */
    private double pending() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> outbox.size());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Wakes the relay after a commit that appended rows, so events leave without waiting for the next poll. */
    public void nudge() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        int failures = 0;
        while (true) {
            boolean stopping = !running;
            int sent;
            try {
                sent = relayOnce();
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                sent = 0;
                if (stopping) {
                    LOG.warnf("Outbox: stopping with events unpublished (%s); they are sent after the restart",
                            e.getMessage());
                    return;
                }
                Duration wait = Failures.backoff(failures, ThreadLocalRandom.current().nextDouble());
                LOG.warnf("Outbox: publishing failed (%s); trying again in %d ms", e.getMessage(), wait.toMillis());
                pause(wait);
                continue;
            }
            if (stopping && sent == 0) {
                return;
            }
            if (sent == 0) {
                pause(idlePoll);
            }
        }
    }

    /** Publishes one batch; answers its size. */
    int relayOnce() {
        return QuarkusTransaction.requiringNew().timeout((int) sendTimeout.toSeconds() + 30).call(() -> {
            List<Outbox.Pending> batch = outbox.claim(batchSize);
            if (batch.isEmpty()) {
                return 0;
            }
            List<Uni<Void>> sends = new ArrayList<>(batch.size());
            List<Long> ids = new ArrayList<>(batch.size());
            // Sent with the transaction suspended: the emitter carries the context to Kafka's threads, and a
            // transaction must not be active on two threads. The row locks stay: they belong to the connection.
            Transaction tx = transactions.suspend();
            try {
                for (Outbox.Pending p : batch) {
                    sends.add(out.sendMessage(message(p)));
                    ids.add(p.id());
                }
                Uni.join().all(sends).andFailFast().await().atMost(sendTimeout);
            } finally {
                transactions.resume(tx);
            }
            outbox.delete(ids);
            batch.stream().filter(p -> p.reason() != null)
                    .collect(groupingBy(Outbox.Pending::topic, counting()))
                    .forEach((topic, count) -> metrics.deadLettersPublished(topic, count.intValue()));
            return batch.size();
        });
    }

    private static Message<String> message(Outbox.Pending p) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("event-id", p.eventId().getBytes(StandardCharsets.UTF_8));
        if (p.reason() != null) {
            String original = p.topic().substring(Outbox.DLQ_PREFIX.length(),
                    p.topic().length() - io.placebench.events.Topics.DLQ_SUFFIX.length());
            headers.add("dead-letter-reason", p.reason().getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-topic", original.getBytes(StandardCharsets.UTF_8));
        }
        return Message.of(p.payload()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(p.topic()).withKey(p.key()).withHeaders(headers).build());
    }

    private void pause(Duration wait) {
        synchronized (signal) {
            try {
                signal.wait(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
