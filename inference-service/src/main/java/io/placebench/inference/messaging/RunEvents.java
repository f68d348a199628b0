package io.placebench.inference.messaging;

import io.placebench.events.TransientRetry;
import io.placebench.events.RunChanged;
import io.placebench.inference.service.RunStates;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads the {@code runs} topic (channel {@code runs-in}) to learn of resumes, pauses and cancellations by ingest.
 * Inference's own PAUSED and BUDGET_EXHAUSTED leave through the outbox. A database outage is waited out; an
 * event still waiting when the service stops is neither acknowledged nor dead-lettered, so it comes again after
 * the restart. Only an event that can never be applied goes to {@code inference-service.runs.dlq}.
 */
@ApplicationScoped
public class RunEvents {

    private static final Logger LOG = Logger.getLogger(RunEvents.class);

    @Inject
    RunStates states;

    private volatile boolean stopping;

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming("runs-in")
    @Blocking
    public CompletionStage<Void> consume(Message<RunChanged> message) {
        RunChanged event = message.getPayload();
        if (event == null || event.runId() == null || event.status() == null) {
            return message.nack(new IllegalArgumentException("not a RunChanged with a run id and a status"));
        }
        TransientRetry retry = new TransientRetry(this::sleepUnlessStopping,
                () -> ThreadLocalRandom.current().nextDouble(), (attempt, e, wait) -> LOG.warnf(
                        "Applying run event of %s failed (%s); trying again in %d ms", event.runId(), e.getMessage(),
                        wait.toMillis()));
        TransientRetry.Outcome<Void> outcome = retry.run(() -> states.apply(event));
        if (outcome instanceof TransientRetry.Failed<Void> failed) {
            return message.nack(failed.cause());
        }
        if (outcome instanceof TransientRetry.Stopped) {
            return CompletableFuture.completedFuture(null); // neither acked nor nacked: redelivered after restart
        }
        return message.ack();
    }

    private boolean sleepUnlessStopping(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        return stopping;
    }
}
