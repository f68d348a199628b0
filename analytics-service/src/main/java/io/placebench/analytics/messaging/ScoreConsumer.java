package io.placebench.analytics.messaging;

import io.placebench.analytics.service.ProjectionService;
import io.placebench.events.ScoreComputed;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores every score once per (run, image), a polled batch per transaction ({@link BatchProjector}).
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

    @Inject
    ProjectionService projection;

    @Inject
    RetryInPlace retry;

    @Inject
    DeadLetters deadLetters;

    private BatchProjector<ScoreComputed> batches;

    @PostConstruct
    void init() {
        batches = new BatchProjector<>(ScoreConsumer.class, "score", "scores", retry, ProjectionService::problem,
                projection::onScores, deadLetters::score);
    }

    @Incoming("scores")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, ScoreComputed> batch) {
        return batches.consume(batch);
    }
}
