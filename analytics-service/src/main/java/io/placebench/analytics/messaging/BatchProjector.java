package io.placebench.analytics.messaging;

import io.placebench.events.TransientRetry.Done;
import io.placebench.events.TransientRetry.Failed;
import io.placebench.events.TransientRetry.Outcome;
import io.placebench.events.TransientRetry.Stopped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * How a batch consumer stores a polled batch of events: in one transaction, with the rules every batch consumer here
 * keeps.
 * <ul>
 * <li>A record that cannot be read or lacks a required field ({@code problem} names it) goes by itself to the
 * dead-letter topic; the rest is stored.</li>
 * <li>A transient failure (database down, lock timeout) is retried in place ({@link RetryInPlace}): the worker
 * waits, so the channel pauses until the outage ends, and nothing is dead-lettered for it.</li>
 * <li>When the batch fails permanently its records are stored one by one, and only one that still fails on its
 * own is dead-lettered.</li>
 * <li>The batch is acknowledged once every record is stored or dead-lettered; interrupted by shutdown it is left
 * unacknowledged and redelivered after the restart; a record that can be neither stored nor dead-lettered nacks
 * it, which stops the channel uncommitted (failure-strategy=fail).</li>
 * </ul>
 *
 * @param <T> the event type
 */
final class BatchProjector<T> {

    private final Logger log;
    private final String one;
    private final String many;
    private final RetryInPlace retry;
    private final Function<T, String> problem;
    private final Consumer<List<T>> store;
    private final BiConsumer<KafkaRecord<String, T>, RuntimeException> deadLetter;

    /**
     * @param owner the consumer (names the log category)
     * @param one what one record is, for logs and retry meters ("score")
     * @param many the plural, also the topic's name ("scores")
     * @param problem why an event can never be stored (null when it can; called with null for an unreadable record)
     * @param store stores valid events in the caller's transaction
     * @param deadLetter sends a record to the dead-letter topic, waiting for the broker's acknowledgement
     */
    BatchProjector(Class<?> owner, String one, String many, RetryInPlace retry, Function<T, String> problem,
            Consumer<List<T>> store, BiConsumer<KafkaRecord<String, T>, RuntimeException> deadLetter) {
        this.log = Logger.getLogger(owner);
        this.one = one;
        this.many = many;
        this.retry = retry;
        this.problem = problem;
        this.store = store;
        this.deadLetter = deadLetter;
    }

    CompletionStage<Void> consume(KafkaRecordBatch<String, T> batch) {
        List<KafkaRecord<String, T>> valid = new ArrayList<>();
        for (KafkaRecord<String, T> record : batch.getRecords()) {
            String why = problem.apply(record.getPayload());
            if (why == null) {
                valid.add(record);
                continue;
            }
            Outcome<Void> sent = deadLetter(record, new IllegalArgumentException(why));
            if (!(sent instanceof Done)) {
                return stop(batch, sent);
            }
        }
        if (valid.isEmpty()) {
            return batch.ack();
        }
        Outcome<Void> whole = retry.run("Storing a batch of " + many, () -> store(valid));
        if (whole instanceof Failed<Void> failed) {
            log.warnf(failed.cause(), "A batch of %d %s failed; storing them one by one", valid.size(), many);
            for (KafkaRecord<String, T> record : valid) {
                Outcome<Void> single = retry.run("Storing a " + one, () -> store(List.of(record)));
                if (single instanceof Failed<Void> alone) {
                    single = deadLetter(record, alone.cause());
                }
                if (!(single instanceof Done)) {
                    return stop(batch, single);
                }
            }
        } else if (whole instanceof Stopped) {
            return stop(batch, whole);
        }
        return batch.ack();
    }

    private void store(List<KafkaRecord<String, T>> records) {
        List<T> events = records.stream().map(KafkaRecord::getPayload).toList();
        QuarkusTransaction.requiringNew().run(() -> store.accept(events));
    }

    /** Sends the record to the dead-letter topic, waiting out a broker outage. */
    private Outcome<Void> deadLetter(KafkaRecord<String, T> record, RuntimeException cause) {
        return retry.run("Dead-lettering a " + one, () -> deadLetter.accept(record, cause));
    }

    /**
     * Stopping: the batch stays unacknowledged and is redelivered after the restart. A record that could be neither
     * stored nor dead-lettered nacks the batch, which stops the channel uncommitted (failure-strategy=fail).
     */
    private CompletionStage<Void> stop(KafkaRecordBatch<String, T> batch, Outcome<Void> outcome) {
        if (outcome instanceof Failed<Void> failed) {
            log.errorf(failed.cause(), "A %s record could neither be stored nor dead-lettered; stopping", many);
            return batch.nack(failed.cause());
        }
        log.infof("Stopping: a batch of %d %s is left unacknowledged and will be redelivered",
                batch.getRecords().size(), many);
        return CompletableFuture.completedFuture(null);
    }
}
