package io.placebench.ingest.messaging;

import io.placebench.events.RunChanged;
import io.placebench.ingest.service.InferenceHalts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code runs} (group {@code ingest-service}) to adopt the PAUSED or BUDGET_EXHAUSTED that inference
 * publishes when a model error or a budget halts a run ({@link InferenceHalts}); ingest's own events come back
 * here too and change nothing.
 */
@ApplicationScoped
public class RunEventsConsumer {

    @Inject
    InferenceHalts halts;

    @Inject
    InPlaceRetry retry;

    @Incoming("run-events")
    @Blocking
    public CompletionStage<Void> consume(Message<RunChanged> message) {
        return retry.process("run-events", message, halts::adopt);
    }
}
