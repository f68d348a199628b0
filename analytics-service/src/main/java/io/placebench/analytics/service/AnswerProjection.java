package io.placebench.analytics.service;

import io.placebench.analytics.repository.AnswerStore;
import io.placebench.analytics.domain.RequiredFields;
import io.placebench.events.PredictionMade;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps each run's answer to each image (the predictions topic) for the image drill-down: once per (run, image) and
 * request attempt, in the consumer's transaction. Scores stay the source of every figure; this only adds what the
 * scores do not carry (raw response, reasoning, errors, attempts).
 */
@ApplicationScoped
public class AnswerProjection {

    private static final Logger LOG = Logger.getLogger(AnswerProjection.class);
    private static final Comparator<PredictionMade> IN_RUN_AND_IMAGE_ORDER = Comparator
            .comparing(PredictionMade::runId).thenComparing(PredictionMade::imageId);

    @Inject
    AnswerStore store;

    /**
     * Stores a batch of predictions, in (run, image) order so that concurrent consumers lock rows in one order.
     * Every prediction must be {@linkplain #problem valid}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onPredictions(List<PredictionMade> batch) {
        for (PredictionMade prediction : batch) {
            String problem = problem(prediction);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        List<PredictionMade> predictions = batch.stream().sorted(IN_RUN_AND_IMAGE_ORDER).toList();
        boolean[] stored = store.storeAnswers(predictions, Instant.now());
        for (int i = 0; i < stored.length; i++) {
            if (!stored[i]) {
                LOG.debugf("Answer %s/%s already stored from attempt %d or later; event %s ignored",
                        predictions.get(i).runId(), predictions.get(i).imageId(),
                        predictions.get(i).requestAttemptOrFirst(), predictions.get(i).eventId());
            }
        }
    }

    /** Why a prediction can never be stored (null when it can): it could not be read, or lacks a required field. */
    public static String problem(PredictionMade prediction) {
        if (prediction == null) {
            return "the predictions record could not be read";
        }
        return RequiredFields.of("predictions event " + prediction.eventId()).require("runId", prediction.runId())
                .require("imageId", prediction.imageId()).require("datasetId", prediction.datasetId())
                .require("provider", prediction.provider()).require("model", prediction.model())
                .require("status", prediction.status()).problem();
    }
}
