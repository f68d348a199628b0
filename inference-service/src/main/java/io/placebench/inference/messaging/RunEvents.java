package io.placebench.inference.messaging;

import io.placebench.events.Failures;
import io.placebench.events.RunChanged;
import io.placebench.inference.service.RunStates;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the {@code runs} topic (channel {@code runs-in}) to learn of resumes, pauses and cancellations by ingest.
 * Inference's own PAUSED and BUDGET_EXHAUSTED leave through the outbox. A database outage is waited out.
 */
@ApplicationScoped
public class RunEvents {

    private static final Logger LOG = Logger.getLogger(RunEvents.class);

    @Inject
    RunStates states;

    @Incoming("runs-in")
    @Blocking
    public void consume(RunChanged event) {
        if (event == null) {
            return; // unreadable: nothing to apply (the connector logged it)
        }
        for (int attempt = 1;; attempt++) {
            try {
                states.apply(event);
                return;
            } catch (RuntimeException e) {
                if (!Failures.isTransient(e)) {
                    throw e;
                }
                Duration wait = Failures.backoff(attempt, ThreadLocalRandom.current().nextDouble());
                LOG.warnf("Applying run event of %s failed (%s); trying again in %d ms", event.runId(), e.getMessage(),
                        wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
