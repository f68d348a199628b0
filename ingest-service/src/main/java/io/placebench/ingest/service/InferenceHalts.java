package io.placebench.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.ingest.repository.Run;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Adopts the halts inference decides (a model error pauses a run, a spent budget exhausts it): a {@code runs}
 * event PAUSED or BUDGET_EXHAUSTED is applied only when the run is RUNNING and the event's generation equals the
 * run's current one, i.e. it halts exactly the decision ingest last made. Ingest's own events (which come back
 * on the same topic) and stale ones are no-ops. The adopted status keeps the generation and is not announced
 * again (inference already did); a later resume makes a new generation, which inference applies.
 */
@ApplicationScoped
public class InferenceHalts {

    private static final Logger LOG = Logger.getLogger(InferenceHalts.class);

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry registry;

    /** Answers whether the run adopted the event's status; throws for an event without run id or status. */
    public boolean adopt(RunChanged event) {
        if (event.runId() == null || event.status() == null) {
            throw new IllegalArgumentException("runs event " + event.eventId() + " has no runId or status");
        }
        if (event.status() != RunStatus.PAUSED && event.status() != RunStatus.BUDGET_EXHAUSTED) {
            return false;
        }
        boolean adopted = QuarkusTransaction.requiringNew().call(() -> {
            Run run = em.find(Run.class, event.runId(), LockModeType.PESSIMISTIC_WRITE);
            if (run == null || !RunStatus.RUNNING.name().equals(run.status)
                    || run.generation != event.generationOrZero()) {
                return false;
            }
            run.status = event.status().name();
            run.statusReason = event.reason() == null ? "halted by inference-service" : event.reason();
            run.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return true;
        });
        if (adopted) {
            registry.counter("placebench.ingest.runs.halted", "status", event.status().name()).increment();
            LOG.infof("Run %s: %s by inference (generation %d): %s", event.runId(), event.status(),
                    event.generationOrZero(), event.reason());
        }
        return adopted;
    }
}
