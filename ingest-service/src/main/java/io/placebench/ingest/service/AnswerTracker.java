package io.placebench.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunStatus;
import io.placebench.ingest.domain.RunMode;
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
 * Records the answers to a run's requests, idempotently, and ends runs. One transaction per prediction, under the
 * run's row lock (taken first, as every run decision does), so completion is decided exactly once however many
 * predictions arrive together:
 * <ul>
 * <li>the answer is matched on (run, image) and the attempt: {@code requestAttempt} (null = 1) must equal
 * {@code run_image.attempt}, so an older attempt never answers a newer one;</li>
 * <li>only the first answer of an attempt counts; a redelivered prediction changes nothing;</li>
 * <li>whether the request was already marked sent does not matter (an answer may overtake that commit);</li>
 * <li>BUDGET_EXHAUSTED stops a running run; a snapshot or imported run whose every image is answered is
 * COMPLETED. Both are decisions of ingest: new generation, {@code runs} event in the outbox.</li>
 * </ul>
 */
@ApplicationScoped
public class AnswerTracker {

    /** What a prediction did; the metric {@code placebench.ingest.predictions} counts them by outcome. */
    public enum Outcome { COUNTED, DUPLICATE, STALE_ATTEMPT, UNKNOWN }

    private static final Logger LOG = Logger.getLogger(AnswerTracker.class);

    @Inject
    EntityManager em;

    @Inject
    RunEvents events;

    @Inject
    MeterRegistry registry;

    /** Throws {@link IllegalArgumentException} for a prediction that can never be processed (no ids or status). */
    public Outcome onPrediction(PredictionMade prediction) {
        if (prediction.runId() == null || prediction.imageId() == null || prediction.status() == null) {
            throw new IllegalArgumentException("prediction " + prediction.eventId() + " has no runId, imageId or status");
        }
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> record(prediction));
        registry.counter("placebench.ingest.predictions", "outcome", outcome.name().toLowerCase()).increment();
        return outcome;
    }

    private Outcome record(PredictionMade prediction) {
        Run run = em.find(Run.class, prediction.runId(), LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            return Outcome.UNKNOWN;
        }
        Object[] row = (Object[]) em.createNativeQuery(
                "select attempt, status from {h-schema}run_image where run_id = :run and image_id = :image")
                .setParameter("run", run.id)
                .setParameter("image", prediction.imageId())
                .getResultStream().findFirst().orElse(null);
        if (row == null) {
            return Outcome.UNKNOWN;
        }
        int attempt = ((Number) row[0]).intValue();
        if (attempt != prediction.requestAttemptOrFirst()) {
            LOG.debugf("Run %s image %s: prediction of attempt %d ignored (current attempt %d)", run.id,
                    prediction.imageId(), prediction.requestAttemptOrFirst(), attempt);
            return Outcome.STALE_ATTEMPT;
        }
        if (row[1] != null) {
            return Outcome.DUPLICATE;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        em.createNativeQuery("""
                update {h-schema}run_image set status = :status, predicted_at = :now
                where run_id = :run and image_id = :image""")
                .setParameter("status", prediction.status().name())
                .setParameter("now", now)
                .setParameter("run", run.id)
                .setParameter("image", prediction.imageId())
                .executeUpdate();
        if (prediction.status() == PredictionStatus.BUDGET_EXHAUSTED) {
            if (RunStatus.RUNNING.name().equals(run.status)) {
                run.decide(RunStatus.BUDGET_EXHAUSTED, "budget exhausted (inference refused image "
                        + prediction.imageId() + ")", now);
                events.announce(run, RunStatus.BUDGET_EXHAUSTED, run.statusReason);
            }
            return Outcome.COUNTED;
        }
        completeIfDone(run);
        return Outcome.COUNTED;
    }

    /**
     * Inside a transaction holding the run's lock: a running snapshot or imported run with requests and no
     * unanswered image becomes COMPLETED. Answers whether it did.
     */
    public boolean completeIfDone(Run run) {
        if (!RunStatus.RUNNING.name().equals(run.status) || RunMode.of(run.mode) == RunMode.OPEN
                || run.expectedCount == 0) {
            return false;
        }
        boolean open = !em.createNativeQuery(
                "select 1 from {h-schema}run_image where run_id = :run and status is null limit 1")
                .setParameter("run", run.id).getResultList().isEmpty();
        if (open) {
            return false;
        }
        run.decide(RunStatus.COMPLETED, "every image has a prediction", Instant.now().truncatedTo(ChronoUnit.MICROS));
        events.announce(run, RunStatus.COMPLETED, run.statusReason);
        LOG.infof("Run %s completed: %d images", run.id, run.expectedCount);
        return true;
    }
}
