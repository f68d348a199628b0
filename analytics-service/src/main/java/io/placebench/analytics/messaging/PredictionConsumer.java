package io.placebench.analytics.messaging;

import io.placebench.analytics.service.AnswerProjection;
import io.placebench.events.PredictionMade;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps what each model said about each image (raw response, reasoning, errors, tokens) for the image drill-down,
 * once per (run, image), a polled batch per transaction, with the same rules as {@link ScoreConsumer}
 * ({@link BatchProjector}): transient failures waited out in place, records that can never be stored to
 * {@code analytics-service.predictions.dlq} one by one, unacknowledged when the service stops.
 */
@ApplicationScoped
public class PredictionConsumer {

    @Inject
    AnswerProjection answers;

    @Inject
    RetryInPlace retry;

    @Inject
    DeadLetters deadLetters;

    private BatchProjector<PredictionMade> batches;

    @PostConstruct
    void init() {
        batches = new BatchProjector<>(PredictionConsumer.class, "prediction", "predictions", retry,
                AnswerProjection::problem, answers::onPredictions, deadLetters::prediction);
    }

    @Incoming("predictions")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, PredictionMade> batch) {
        return batches.consume(batch);
    }
}
