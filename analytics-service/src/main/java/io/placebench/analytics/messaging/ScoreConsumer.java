package io.placebench.analytics.messaging;

import io.placebench.events.TransientRetry.Failed;
import io.placebench.events.TransientRetry.Outcome;
import io.placebench.events.TransientRetry.Stopped;
import io.placebench.analytics.service.ProjectionService;
import io.placebench.events.ScoreComputed;
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
 * Stores every score once per (run, image), one transaction per record. A transient failure (database down, lock
 * timeout) is retried in place with back-off on this worker, which pauses the channel until the outage ends;
 * nothing is dead-lettered for it. A record that cannot be read (the connector dead-letters it before this method)
 * or lacks a required field is nacked to {@code analytics-service.scores.dlq}. On shutdown during an outage the
 * record is left unacknowledged and redelivered after the restart.
 */
@ApplicationScoped
public class ScoreConsumer {

    private static final Logger LOG = Logger.getLogger(ScoreConsumer.class);

    @Inject
    ProjectionService projection;

    @Inject
    RetryInPlace retry;

    @Incoming("scores")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<ScoreComputed> message) {
        ScoreComputed score = message.getPayload();
        if (score == null) {
            return message.nack(new IllegalArgumentException("the scores record could not be read"));
        }
        Outcome<Void> outcome = retry.run("Storing a score",
                () -> QuarkusTransaction.requiringNew().run(() -> projection.onScore(score)));
        if (outcome instanceof Stopped) {
            LOG.infof("Stopping: score %s/%s left unacknowledged; it will be redelivered", score.runId(),
                    score.imageId());
            return CompletableFuture.completedFuture(null);
        }
        if (outcome instanceof Failed<Void> failed) {
            return message.nack(failed.cause());
        }
        return message.ack();
    }
}
