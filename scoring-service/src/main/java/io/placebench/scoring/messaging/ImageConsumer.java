package io.placebench.scoring.messaging;

import io.placebench.events.ImageIngested;
import io.placebench.scoring.service.ScoringService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Keeps the ground truth of every ingested image. */
@ApplicationScoped
public class ImageConsumer {

    private static final Logger LOG = Logger.getLogger(ImageConsumer.class);

    @Inject
    ScoringService scoring;

    @Incoming("images")
    @Blocking
    public void consume(ImageIngested image) {
        if (image == null || image.truth() == null) {
            LOG.warn("Skipping an images record that could not be read or has no truth");
            return;
        }
        scoring.recordTruth(image);
    }
}
