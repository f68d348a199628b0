package io.placebench.analytics.messaging;

import io.placebench.analytics.service.ProjectionService;
import io.placebench.events.ScoreComputed;
import io.placebench.events.TransientRetry.Done;
import io.placebench.events.TransientRetry.Failed;
import io.placebench.events.TransientRetry.Outcome;
import io.placebench.events.TransientRetry.Stopped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores every score once per (run, image), a polled batch per transaction.
 *
 * <p>Failures: a transient one (database down, lock timeout) is retried in place with back-off on this worker, which
 * pauses the channel until the outage ends; nothing is dead-lettered for it. A record that cannot be read or lacks a
 * required field, and one that still fails on its own after its batch failed permanently, goes by itself to
 * {@code analytics-service.scores.dlq} ({@link DeadLetters}), and the rest is stored. The batch is acknowledged
 * once every record is stored or dead-lettered; a batch interrupted by shutdown is left unacknowledged and
 * redelivered after the restart.
 */
@ApplicationScoped
public class ScoreConsumer {

    private static final Logger LOG = Logger.getLogger(ScoreConsumer.class);

    @Inject
    ProjectionService projection;

    @Inject
    RetryInPlace retry;

    @Inject
    DeadLetters deadLetters;

    @Incoming("scores")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, ScoreComputed> batch) {
        List<KafkaRecord<String, ScoreComputed>> valid = new ArrayList<>();
        for (KafkaRecord<String, ScoreComputed> record : batch.getRecords()) {
            String problem = ProjectionService.problem(record.getPayload());
            if (problem == null) {
                valid.add(record);
                continue;
            }
            Outcome<Void> sent = deadLetter(record, new IllegalArgumentException(problem));
            if (!(sent instanceof Done)) {
                return stop(batch, sent);
            }
        }
        if (valid.isEmpty()) {
            return batch.ack();
        }
        Outcome<Void> whole = retry.run("Storing a batch of scores", () -> store(valid));
        if (whole instanceof Failed<Void> failed) {
            LOG.warnf(failed.cause(), "A batch of %d scores failed; storing them one by one", valid.size());
            for (KafkaRecord<String, ScoreComputed> record : valid) {
                Outcome<Void> one = retry.run("Storing a score", () -> store(List.of(record)));
                if (one instanceof Failed<Void> alone) {
                    one = deadLetter(record, alone.cause());
                }
                if (!(one instanceof Done)) {
                    return stop(batch, one);
                }
            }
        } else if (whole instanceof Stopped) {
            return stop(batch, whole);
        }
        return batch.ack();
    }

    private void store(List<KafkaRecord<String, ScoreComputed>> records) {
        List<ScoreComputed> scores = records.stream().map(KafkaRecord::getPayload).toList();
        QuarkusTransaction.requiringNew().run(() -> projection.onScores(scores));
    }

    /** Sends the record to the dead-letter topic, waiting out a broker outage. */
    private Outcome<Void> deadLetter(KafkaRecord<String, ScoreComputed> record, RuntimeException cause) {
        return retry.run("Dead-lettering a score", () -> deadLetters.score(record, cause));
    }

    /**
     * Stopping: the batch stays unacknowledged and is redelivered after the restart. A record that could be neither
     * stored nor dead-lettered nacks the batch, which stops the channel uncommitted (failure-strategy=fail).
     */
    private CompletionStage<Void> stop(KafkaRecordBatch<String, ScoreComputed> batch, Outcome<Void> outcome) {
        if (outcome instanceof Failed<Void> failed) {
            LOG.errorf(failed.cause(), "A scores record could neither be stored nor dead-lettered; stopping");
            return batch.nack(failed.cause());
        }
        LOG.infof("Stopping: a batch of %d scores is left unacknowledged and will be redelivered",
                batch.getRecords().size());
        return CompletableFuture.completedFuture(null);
    }
}
