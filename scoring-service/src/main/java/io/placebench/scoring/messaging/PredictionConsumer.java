package io.placebench.scoring.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.PredictionMade;
import io.placebench.events.TransientRetry.Done;
import io.placebench.events.TransientRetry.Failed;
import io.placebench.events.TransientRetry.Outcome;
import io.placebench.events.TransientRetry.Stopped;
import io.placebench.scoring.service.ScoringService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Scores predictions, a polled batch at a time (one transaction per batch), two batches at once
 * ({@code smallrye.messaging.worker.scoring.max-concurrency}) so that database and Kafka round trips overlap;
 * advisory locks per image keep concurrent batches consistent.
 *
 * <p>Failures: a transient one (database or broker down) is retried in place with back-off, blocking this worker,
 * so the channel pauses until the outage ends; nothing is dead-lettered for it. A permanent one makes the batch
 * be retried record by record, so that only the record that can never be scored goes to the dead-letter topic.
 * The batch is acknowledged (its offsets may be committed) only once every record is stored or dead-lettered;
 * a batch interrupted by shutdown is left unacknowledged and redelivered after the restart.
 */
@ApplicationScoped
public class PredictionConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);

    @Inject
    ScoringService scoring;

    @Inject
    DeadLetters deadLetters;

    @Inject
    RetryInPlace retry;


    @Inject
    MeterRegistry registry;

    @Incoming("predictions")
    @Blocking(value = "scoring", ordered = false)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, PredictionMade> batch) {
        try {
            return process(batch);
        } catch (NotDeadLettered e) {
            LOG.errorf(e.getCause(), "A record could neither be processed nor dead-lettered; stopping the channel");
            return batch.nack(e.getCause());
        }
    }

    private CompletionStage<Void> process(KafkaRecordBatch<String, PredictionMade> batch) {
        List<KafkaRecord<String, PredictionMade>> readable = new ArrayList<>();
        for (KafkaRecord<String, PredictionMade> record : batch.getRecords()) {
            String problem = problem(record.getPayload());
            if (problem == null) {
                readable.add(record);
            } else if (!deadLetter(record, new IllegalArgumentException(problem))) {
                return leftForRedelivery(batch);
            }
        }
        if (readable.isEmpty()) {
            return batch.ack();
        }
        List<PredictionMade> predictions = readable.stream().map(KafkaRecord::getPayload).toList();
        long start = System.nanoTime();
        Outcome<Integer> whole = retry.call("Scoring a batch of predictions", () -> scoring.scorePredictions(predictions));
        if (whole instanceof Stopped) {
            return leftForRedelivery(batch);
        }
        if (whole instanceof Done) {
            registry.timer("placebench.scoring.batch", "topic", "predictions")
                    .record(Duration.ofNanos(System.nanoTime() - start));
            registry.summary("placebench.scoring.batch.size", "topic", "predictions").record(predictions.size());
            return batch.ack();
        }
        RuntimeException batchFailure = ((Failed<Integer>) whole).cause();
        registry.counter("placebench.scoring.batch.split", "topic", "predictions").increment();
        LOG.warnf(batchFailure, "A batch of %d predictions failed; retrying them one by one", predictions.size());
        for (KafkaRecord<String, PredictionMade> record : readable) {
            Outcome<Integer> one = retry.call("Scoring a prediction", () -> scoring.scorePredictions(
                    List.of(record.getPayload())));
            if (one instanceof Stopped) {
                return leftForRedelivery(batch);
            }
            if (one instanceof Failed<Integer> failed && !deadLetter(record, failed.cause())) {
                return leftForRedelivery(batch);
            }
        }
        return batch.ack();
    }

    /** Why a record can never be scored before trying (null when it may be). */
    static String problem(PredictionMade p) {
        if (p == null) {
            return "the record could not be read";
        }
        List<String> missing = new ArrayList<>();
        if (p.runId() == null || p.runId().isBlank()) {
            missing.add("runId");
        }
        if (p.datasetId() == null || p.datasetId().isBlank()) {
            missing.add("datasetId");
        }
        if (p.imageId() == null || p.imageId().isBlank()) {
            missing.add("imageId");
        }
        if (p.status() == null) {
            missing.add("status");
        }
        return missing.isEmpty() ? null : "prediction " + p.eventId() + " lacks " + missing;
    }

    /** Dead-letters a record (waiting out a broker outage); false when the service stopped meanwhile. */
    private boolean deadLetter(KafkaRecord<String, PredictionMade> record, RuntimeException cause) {
        Outcome<Void> sent = retry.run("Dead-lettering a prediction",
                () -> deadLetters.prediction(record, cause));
        if (sent instanceof Failed<Void> failed) {
            // Neither processed nor dead-lettered: nack, the channel stops uncommitted (failure-strategy=fail)
            throw new NotDeadLettered(failed.cause());
        }
        return sent instanceof Done;
    }

    private CompletionStage<Void> leftForRedelivery(KafkaRecordBatch<String, PredictionMade> batch) {
        LOG.infof("Stopping: a batch of %d predictions is left unacknowledged and will be redelivered",
                batch.getRecords().size());
        return CompletableFuture.completedFuture(null);
    }
}
