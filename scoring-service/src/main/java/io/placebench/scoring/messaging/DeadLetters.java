package io.placebench.scoring.messaging;

import io.placebench.events.ImageIngested;
import io.placebench.events.PredictionMade;
import io.placebench.events.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Records that fail on their own after their batch failed go to the consumer's dead-letter topics
 * ({@code scoring-service.<topic>.dlq}), like the connector's own dead-letter strategy does for whole batches.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("predictions-dlq")
    MutinyEmitter<Record<String, PredictionMade>> predictions;

    @Inject
    @Channel("images-dlq")
    MutinyEmitter<Record<String, ImageIngested>> images;

    void prediction(PredictionMade prediction, RuntimeException cause) {
        LOG.errorf(cause, "Prediction %s/%s could not be scored; sent to the dead-letter topic", prediction.runId(),
                prediction.imageId());
        predictions.send(Record.of(Topics.runImageKey(prediction.runId(), prediction.imageId()), prediction))
                .await().atMost(Duration.ofSeconds(30));
    }

    void image(ImageIngested image, RuntimeException cause) {
        LOG.errorf(cause, "Truth of %s/%s could not be recorded; sent to the dead-letter topic", image.datasetId(),
                image.imageId());
        images.send(Record.of(image.imageId(), image)).await().atMost(Duration.ofSeconds(30));
    }
}
