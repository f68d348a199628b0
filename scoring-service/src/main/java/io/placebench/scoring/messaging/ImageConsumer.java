package io.placebench.scoring.messaging;

import io.placebench.events.ImageIngested;
import io.placebench.scoring.service.ScoringService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the ground truth of every ingested image (with its reverse-geocoded label), a polled batch at a time,
 * and scores the predictions that were waiting for it.
 */
@ApplicationScoped
public class ImageConsumer {

    private static final Logger LOG = Logger.getLogger(ImageConsumer.class);

    @Inject
    ScoringService scoring;

    @Inject
    DeadLetters deadLetters;

    @Incoming("images")
    @Blocking
    public void consume(List<ImageIngested> batch) {
        List<ImageIngested> usable = batch.stream().filter(i -> i != null && i.truth() != null
                && i.datasetId() != null && i.imageId() != null && validTruth(i)).toList();
        if (usable.size() < batch.size()) {
            LOG.warnf("Skipping %d images records that could not be read or have no usable truth",
                    batch.size() - usable.size());
        }
        if (usable.isEmpty()) {
            return;
        }
        try {
            scoring.recordTruths(usable);
        } catch (RuntimeException batchFailure) {
            LOG.warnf(batchFailure, "A batch of %d images failed; retrying them one by one", usable.size());
            for (ImageIngested image : usable) {
                try {
                    scoring.recordTruths(List.of(image));
                } catch (RuntimeException e) {
                    deadLetters.image(image, e);
                }
            }
        }
    }

    private static boolean validTruth(ImageIngested i) {
        double lat = i.truth().latitude();
        double lon = i.truth().longitude();
        return Double.isFinite(lat) && Double.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
    }
}
