package io.placebench.scoring.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.ImageIngested;
import io.placebench.events.PredictionMade;
import io.placebench.events.ScoreComputed;
import io.placebench.events.Topics;
import io.placebench.scoring.domain.PredictionScorer;
import io.placebench.scoring.repository.PendingPrediction;
import io.placebench.scoring.repository.Score;
import io.placebench.scoring.repository.Truth;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Scores each (run, image) once. Truth and predictions arrive on different topics, so a prediction that
 * comes before its truth waits in {@link PendingPrediction}; a transaction-scoped advisory lock per image keeps
 * the two consumers from missing each other.
 */
@ApplicationScoped
public class ScoringService {

    private static final Logger LOG = Logger.getLogger(ScoringService.class);

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    @Inject
    @Channel("scores")
    MutinyEmitter<Record<String, ScoreComputed>> scores;

    @Transactional
    public void recordTruth(ImageIngested image) {
        lockImage(image.datasetId(), image.imageId());
        Truth truth = Truth.find(image.datasetId(), image.imageId()).orElseGet(Truth::new);
        boolean isNew = truth.datasetId == null;
        truth.datasetId = image.datasetId();
        truth.imageId = image.imageId();
        truth.latitude = image.truth().latitude();
        truth.longitude = image.truth().longitude();
        truth.city = image.truth().city();
        truth.admin1 = image.truth().admin1();
        truth.country = image.truth().country();
        if (isNew) {
            truth.persist();
        }
        for (PendingPrediction pending : PendingPrediction.forImage(image.datasetId(), image.imageId())) {
            scoreAndPublish(read(pending.eventJson, PredictionMade.class), truth);
            pending.delete();
        }
    }

    @Transactional
    public void onPrediction(PredictionMade prediction) {
        lockImage(prediction.datasetId(), prediction.imageId());
        Optional<Score> existing = Score.find(prediction.runId(), prediction.imageId());
        if (existing.isPresent()) {
            // A redelivery: publish the stored event again (same event id) so downstream de-duplicates it.
            registry.counter("placebench.scoring.duplicates").increment();
            publish(read(existing.get().eventJson, ScoreComputed.class));
            return;
        }
        Optional<Truth> truth = Truth.find(prediction.datasetId(), prediction.imageId());
        if (truth.isPresent()) {
            scoreAndPublish(prediction, truth.get());
        } else if (PendingPrediction.findByIdOptional(
                new PendingPrediction.Key(prediction.runId(), prediction.imageId())).isEmpty()) {
            LOG.debugf("Truth of %s/%s not known yet; prediction of run %s waits", prediction.datasetId(),
                    prediction.imageId(), prediction.runId());
            PendingPrediction pending = new PendingPrediction();
            pending.runId = prediction.runId();
            pending.imageId = prediction.imageId();
            pending.datasetId = prediction.datasetId();
            pending.eventJson = write(prediction);
            pending.receivedAt = Instant.now();
            pending.persist();
        }
    }

    private void scoreAndPublish(PredictionMade prediction, Truth truth) {
        ScoreComputed event = PredictionScorer.score(prediction, truth.toEvent(), Instant.now());
        Score score = new Score();
        score.runId = event.runId();
        score.imageId = event.imageId();
        score.datasetId = event.datasetId();
        score.provider = event.provider();
        score.model = event.model();
        score.status = event.status().name();
        score.answered = event.answered();
        score.distanceKm = event.distanceKm();
        score.geoguessrScore = event.geoguessrScore();
        score.hit1km = event.hits().km1();
        score.hit25km = event.hits().km25();
        score.hit200km = event.hits().km200();
        score.hit750km = event.hits().km750();
        score.hit2500km = event.hits().km2500();
        score.costUsd = event.costUsd();
        score.scoredAt = event.occurredAt();
        score.eventJson = write(event);
        score.persist();
        registry.counter("placebench.scoring.scored", "status", event.status().name()).increment();
        publish(event);
    }

    private void publish(ScoreComputed event) {
        scores.sendAndAwait(Record.of(Topics.runImageKey(event.runId(), event.imageId()), event));
    }

    private void lockImage(String datasetId, String imageId) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", datasetId + "/" + imageId)
                .getSingleResult();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
