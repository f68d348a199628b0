package io.placebench.ingest.messaging;

import io.placebench.events.PredictionMade;
import io.placebench.ingest.service.AnswerTracker;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Records the answer of each prediction for its (run, image, attempt) — what retries and completion need — and
 * completes runs (or stops them when inference reports their budget exhausted). Transient failures are waited
 * out in place ({@link InPlaceRetry}); unreadable records and records without ids are dead-lettered.
 */
@ApplicationScoped
public class PredictionConsumer {

    @Inject
    AnswerTracker answers;

    @Inject
    InPlaceRetry retry;

    @Incoming("predictions")
    @Blocking
    public CompletionStage<Void> consume(Message<PredictionMade> message) {
        return retry.process("predictions", message, answers::onPrediction);
    }
}
