package io.placebench.ingest.messaging;

import io.placebench.events.PredictionMade;
import io.placebench.ingest.service.RunService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the status of the latest prediction of each (run, image) — what retrying failed images needs — and
 * completes runs (or stops them when inference reports their budget exhausted).
 */
@ApplicationScoped
public class PredictionConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);

    @Inject
    RunService runs;

    @Incoming("predictions")
    @Blocking
    public void consume(PredictionMade prediction) {
        if (prediction == null) {
            LOG.warn("Skipping a predictions record that could not be read");
            return;
        }
        runs.onPrediction(prediction);
    }
}
