package io.placebench.analytics.messaging;

import io.placebench.analytics.service.ProjectionService;
import io.placebench.events.ImageIngested;
import io.placebench.events.TransientRetry.Failed;
import io.placebench.events.TransientRetry.Outcome;
import io.placebench.events.TransientRetry.Stopped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps each image's dataset attributes (weather, lighting, POI category, extra columns...) for the analyses, with
 * the same rules as {@link ScoreConsumer}: transient failures waited out in place, unreadable or incomplete
 * records to {@code analytics-service.images.dlq}, unacknowledged when the service stops.
 */
@ApplicationScoped
public class ImageConsumer {

    @Inject
    ProjectionService projection;

    @Inject
    RetryInPlace retry;

    @Incoming("images")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(Message<ImageIngested> message) {
        ImageIngested image = message.getPayload();
        if (image == null) {
            return message.nack(new IllegalArgumentException("the images record could not be read"));
        }
        Outcome<Void> outcome = retry.run("Storing an image's attributes",
                () -> QuarkusTransaction.requiringNew().run(() -> projection.onImage(image)));
        if (outcome instanceof Stopped) {
            return CompletableFuture.completedFuture(null);
        }
        if (outcome instanceof Failed<Void> failed) {
            return message.nack(failed.cause());
        }
        return message.ack();
    }
}
