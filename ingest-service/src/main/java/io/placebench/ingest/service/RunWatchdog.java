package io.placebench.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.RunStatus;
import io.placebench.ingest.config.RunsConfig;
import io.placebench.ingest.domain.RunMode;
import io.placebench.ingest.repository.Run;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes running runs end. Every {@code placebench.runs.watchdog-every}, for each RUNNING run, in one transaction
 * under its row lock:
 * <ol>
 * <li>an open run takes the images of its dataset it misses (their fan-out failed after the import committed);</li>
 * <li>unsent requests are sent;</li>
 * <li>requests sent more than {@code placebench.runs.resend-after} ago and still unanswered are sent again — a
 * new event id, the same attempt, the run's generation — and their {@code sent_at} moves to now, so the next
 * re-send waits another period (free: inference's ledger joins a request it already has);</li>
 * <li>a snapshot or imported run whose every image is answered is completed.</li>
 * </ol>
 * Several replicas may run it: the run lock and the {@code sent_at} condition keep them from re-sending twice.
 */
@ApplicationScoped
public class RunWatchdog {

    private static final Logger LOG = Logger.getLogger(RunWatchdog.class);

    @Inject
    EntityManager em;

    @Inject
    RunsConfig config;

    @Inject
    RequestDispatcher dispatcher;

    @Inject
    RunEvents events;

    @Inject
    AnswerTracker answers;

    @Inject
    MeterRegistry registry;

    @Scheduled(every = "${placebench.runs.watchdog-every:PT15S}", delayed = "${placebench.runs.watchdog-every:PT15S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf("Run watchdog skipped a pass: %s", e.getMessage());
        }
    }

    /** One pass over the running runs; answers the number of requests re-sent. */
    public long check() {
        List<String> running = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select r.id from Run r where r.status = :running order by r.id", String.class)
                .setParameter("running", RunStatus.RUNNING.name())
                .getResultList());
        long resent = 0;
        for (String runId : running) {
            try {
                resent += QuarkusTransaction.requiringNew().timeout(600).call(() -> check(runId));
            } catch (RuntimeException e) {
                LOG.warnf("Run watchdog: run %s not checked now: %s", runId, e.getMessage());
            }
        }
        return resent;
    }

    private long check(String runId) {
        Run run = em.find(Run.class, runId, LockModeType.PESSIMISTIC_WRITE);
        if (run == null || !RunStatus.RUNNING.name().equals(run.status)) {
            return 0;
        }
        if (RunMode.of(run.mode) == RunMode.OPEN && missesImages(run)) {
            dispatcher.fill(run, null);
        }
        long sent = dispatcher.dispatch(run);
        long resent = dispatcher.resend(run, Instant.now().minus(config.resendAfter()));
        if (sent > 0) {
            events.announce(run, RunStatus.RUNNING, sent + " requests sent by the watchdog");
            LOG.infof("Run %s: the watchdog sent %d requests left unsent", runId, sent);
        }
        if (resent > 0) {
            registry.counter("placebench.ingest.requests.resent").increment(resent);
            LOG.infof("Run %s: re-sent %d requests unanswered after %s", runId, resent, config.resendAfter());
        }
        answers.completeIfDone(run);
        return resent;
    }

    private boolean missesImages(Run run) {
        Object[] counts = (Object[]) em.createNativeQuery("""
                select (select count(*) from {h-schema}image i where i.dataset_id = :dataset and i.sha256 is not null),
                       (select count(*) from {h-schema}run_image ri where ri.run_id = :run)""")
                .setParameter("dataset", run.datasetId)
                .setParameter("run", run.id)
                .getSingleResult();
        return ((Number) counts[0]).longValue() > ((Number) counts[1]).longValue();
    }
}
