package io.placebench.analytics.messaging;

import io.placebench.analytics.service.ProjectionService;
import io.placebench.events.ScoreComputed;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores every score once per (run, image). A record that cannot be read (nacked by the deserializer) or
 * lacks a required field goes to the dead-letter topic {@code analytics-service.scores.dlq}; the rest go on.
 */
@ApplicationScoped
public class ScoreConsumer {

    private static final Logger LOG = Logger.getLogger(ScoreConsumer.class);

    @Inject
    ProjectionService projection;

    @Incoming("scores")
    @Blocking
    @Transactional
    public void consume(ScoreComputed score) {
        if (score == null) {
            LOG.warn("Skipping a scores record that could not be read");
            return;
        }
        projection.onScore(score);
    }
}
