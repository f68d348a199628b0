package io.placebench.analytics.messaging;

import io.placebench.events.TransientRetry.Failed;
import io.placebench.events.TransientRetry.Outcome;
import io.placebench.events.TransientRetry.Stopped;
import io.placebench.analytics.service.ProjectionService;
import io.placebench.events.RunChanged;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Follows each run's lifecycle (status, expected count); a newer generation wins, and an event older than the
 * stored state is ignored ({@code domain/RunEventOrder}). Failures are handled as in {@link ScoreConsumer}:
 * transient ones are waited out in place, a record that cannot be read or lacks a required field goes to
 * {@code analytics-service.runs.dlq}.
 */
@ApplicationScoped
public class RunConsumer {

    private static final Logger LOG = Logger.getLogger(RunConsumer.class);

    @Inject
    ProjectionService projection;

    @Inject
    RetryInPlace retry;

    @Incoming("runs")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<RunChanged> message) {
        RunChanged event = message.getPayload();
        if (event == null) {
            return message.nack(new IllegalArgumentException("the runs record could not be read"));
        }
        Outcome<Void> outcome = retry.run("Applying a runs event",
                () -> QuarkusTransaction.requiringNew().run(() -> projection.onRunChanged(event)));
        if (outcome instanceof Stopped) {
            LOG.infof("Stopping: runs event %s left unacknowledged; it will be redelivered", event.eventId());
            return CompletableFuture.completedFuture(null);
        }
        if (outcome instanceof Failed<Void> failed) {
            return message.nack(failed.cause());
        }
        return message.ack();
    }
}
