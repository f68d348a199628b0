package io.placebench.analytics.messaging;

import io.placebench.analytics.service.ProjectionService;
import io.placebench.events.RunChanged;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows each run's lifecycle (status, expected count); an event older than the stored state is ignored. A
 * record that cannot be read or lacks a required field goes to {@code analytics-service.runs.dlq}.
 */
@ApplicationScoped
public class RunConsumer {

    private static final Logger LOG = Logger.getLogger(RunConsumer.class);

    @Inject
    ProjectionService projection;

    @Incoming("runs")
    @Blocking
    @Transactional
    public void consume(RunChanged event) {
        if (event == null) {
            LOG.warn("Skipping a runs record that could not be read");
            return;
        }
        projection.onRunChanged(event);
    }
}
