package io.placebench.scoring.messaging;

import io.placebench.events.PredictionMade;
import io.placebench.scoring.service.ScoringService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Scores each prediction against the truth of its image. */
@ApplicationScoped
public class PredictionConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);

    @Inject
    ScoringService scoring;

    @Incoming("predictions")
    @Blocking
    public void consume(PredictionMade prediction) {
        if (prediction == null) {
            LOG.warn("Skipping a predictions record that could not be read");
            return;
        }
        scoring.onPrediction(prediction);
    }
}
