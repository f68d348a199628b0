package io.placebench.analytics.service;

import io.placebench.analytics.domain.RequiredFields;
import io.placebench.analytics.domain.RunBudget;
import io.placebench.analytics.domain.RunEventOrder;
import io.placebench.analytics.repository.ProjectionStore;
import io.placebench.analytics.repository.Run;
import io.placebench.events.ImageIngested;
import io.placebench.events.RunChanged;
import io.placebench.events.ScoreComputed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps the per-run projection: every score once per (run, image), and each run at the newest lifecycle
 * state its events describe. Runs in the consumer's transaction; meters move only once it commits.
 */
@ApplicationScoped
public class ProjectionService {

    private static final Logger LOG = Logger.getLogger(ProjectionService.class);
    private static final Comparator<ScoreComputed> IN_RUN_AND_IMAGE_ORDER = Comparator
            .comparing(ScoreComputed::runId).thenComparing(ScoreComputed::imageId);

    @Inject
    ProjectionStore store;

    @Inject
    AnalyticsMetrics metrics;

    @Inject
    LiveUpdates live;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * Stores a batch of scores in the caller's transaction, in (run, image) order so that concurrent consumers lock
     * rows in one order. Every score must be {@linkplain #problem valid}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onScores(List<ScoreComputed> batch) {
        for (ScoreComputed score : batch) {
            String problem = problem(score);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        List<ScoreComputed> scores = batch.stream().sorted(IN_RUN_AND_IMAGE_ORDER).toList();
        Instant now = Instant.now();
        Map<String, ScoreComputed> firstOfRun = new LinkedHashMap<>();
        scores.forEach(score -> firstOfRun.putIfAbsent(score.runId(), score));
        for (String runId : store.insertPlaceholderRunsIfAbsent(firstOfRun.values(), now)) {
            LOG.debugf("Run %s seen in scores before the runs topic; placeholder created", runId);
        }
        boolean[] stored = store.storeScores(scores, now);
        Map<String, Integer> storedByRun = new HashMap<>();
        List<ScoreComputed> storedScores = new ArrayList<>();
        for (int i = 0; i < stored.length; i++) {
            if (stored[i]) {
                storedScores.add(scores.get(i));
                storedByRun.merge(scores.get(i).runId(), 1, Integer::sum);
            } else {
                LOG.debugf("Score %s/%s already stored; event %s ignored", scores.get(i).runId(),
                        scores.get(i).imageId(), scores.get(i).eventId());
            }
        }
        store.bumpScoresVersions(storedByRun);
        int duplicates = scores.size() - storedScores.size();
        afterCommit(() -> {
            storedScores.forEach(score -> metrics.scoreStored(score.status().name(), score.simulated()));
            for (int i = 0; i < duplicates; i++) {
                metrics.scoreDuplicate();
            }
            storedByRun.keySet().forEach(live::changed);
        });
    }

    /** Keeps the image's dataset attributes for the analyses (joined with its scores by dataset and image). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onImage(ImageIngested image) {
        String problem = RequiredFields.of("images event " + image.eventId())
                .require("datasetId", image.datasetId()).require("imageId", image.imageId()).problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        store.storeImage(image);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void onRunChanged(RunChanged event) {
        requireRun(event);
        Instant now = Instant.now();
        if (store.insertRunIfAbsent(event, now)) {
            afterCommit(() -> {
                metrics.runEvent(true);
                live.changed(event.runId());
            });
            return;
        }
        Run run = Run.lockForUpdate(event.runId())
                .orElseThrow(() -> new IllegalStateException("run " + event.runId() + " vanished"));
        if (event.occurredAt().isBefore(run.createdAt)) {
            run.createdAt = event.occurredAt();
        }
        boolean applies = RunEventOrder.supersedes(run.eventAt, run.status, run.generation, event.occurredAt(),
                event.status().name(), event.generationOrZero());
        if (applies) {
            run.datasetId = event.datasetId();
            run.provider = event.provider();
            run.model = event.model();
            run.promptId = event.promptId();
            run.simulated = event.simulated();
            run.status = event.status().name();
            run.expectedCount = event.expectedCount();
            run.budgetUsd = RunBudget.of(event.parameters());
            run.reason = event.reason();
            run.eventAt = event.occurredAt();
            run.generation = event.generationOrZero();
            run.updatedAt = now;
        } else {
            LOG.debugf("Runs event %s (%s at %s, generation %d) is older than the state of run %s (%s at %s, "
                    + "generation %d); ignored", event.eventId(), event.status(), event.occurredAt(),
                    event.generationOrZero(), run.runId, run.status, run.eventAt, run.generation);
        }
        afterCommit(() -> {
            metrics.runEvent(applies);
            live.changed(event.runId());
        });
    }

    /** Why a score can never be stored (null when it can): a required field is missing. */
    public static String problem(ScoreComputed score) {
        if (score == null) {
            return "the scores record could not be read";
        }
        return RequiredFields.of("scores event " + score.eventId()).require("runId", score.runId())
                .require("imageId", score.imageId()).require("datasetId", score.datasetId())
                .require("provider", score.provider()).require("model", score.model())
                .require("status", score.status()).problem();
    }

    private static void requireRun(RunChanged event) {
        String problem = RequiredFields.of("runs event " + event.eventId()).require("runId", event.runId())
                .require("datasetId", event.datasetId()).require("provider", event.provider())
                .require("model", event.model()).require("status", event.status())
                .require("occurredAt", event.occurredAt()).problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private void afterCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}
