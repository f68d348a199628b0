package io.placebench.scoring.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.GeoPlace;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.events.PredictionMade;
import io.placebench.events.ScoreComputed;
import io.placebench.events.Topics;
import io.placebench.scoring.domain.GeoScoring;
import io.placebench.scoring.domain.PredictionScorer;
import io.placebench.scoring.repository.ScoringStore;
import io.placebench.scoring.repository.ScoringStore.Key;
import io.placebench.scoring.repository.ScoringStore.Pending;
import io.placebench.scoring.repository.ScoringStore.TruthRow;
import io.placebench.scoring.repository.ScoringStore.TruthWrite;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Scores each (run, image) once, a batch of records at a time: one transaction per batch, a few set-at-a-time
 * statements ({@link ScoringStore}), and the batch's score events sent together before the commit.
 *
 * <p>Truth and predictions arrive on different topics, so a prediction that comes before its truth waits in
 * {@code pending_prediction}; transaction-scoped advisory locks per image keep the two consumers from missing
 * each other. A redelivered prediction re-publishes the stored event (same event id). The truth point's
 * reverse-geocoded label is computed once, stored with the truth and reused by every run on the dataset.
 */
@ApplicationScoped
public class ScoringService {

    private static final Logger LOG = Logger.getLogger(ScoringService.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    @Inject
    Geocoder geocoder;

    @Inject
    @Channel("scores")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
    MutinyEmitter<Record<String, String>> scores;

    /** Parsed truth labels by their stored JSON (a label depends only on the point and the data version). */
    private final Map<String, GeoPlace> labelCache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int LABEL_CACHE_MAX = 20_000;

    /** Stores (or replaces) truths with their labels and scores the predictions that were waiting for them. */
    @Transactional
    public int recordTruths(List<ImageIngested> images) {
        GeoScoring geo = geocoder.await();
        String version = geocoder.labelVersion();
        Map<Key, ImageIngested> latest = new LinkedHashMap<>();
        for (ImageIngested image : images) {
            latest.put(new Key(image.datasetId(), image.imageId()), image);
        }
        Instant now = Instant.now();
        List<Outgoing> toPublish = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            ScoringStore.lockImages(c, latest.keySet());
            List<TruthWrite> writes = new ArrayList<>();
            Map<Key, TruthWrite> byKey = new HashMap<>();
            for (Map.Entry<Key, ImageIngested> e : latest.entrySet()) {
                ImageIngested image = e.getValue();
                GroundTruth t = image.truth();
                GeoPlace label = geo.label(t.latitude(), t.longitude());
                TruthWrite w = new TruthWrite(new TruthRow(image.datasetId(), image.imageId(), t.latitude(),
                        t.longitude(), t.city(), t.admin1(), t.country(), version, null), label, write(label));
                writes.add(w);
                byKey.put(e.getKey(), w);
            }
            ScoringStore.upsertTruths(c, writes, version);
            List<Pending> pending = ScoringStore.takePending(c, latest.keySet());
            List<ScoreComputed> scored = new ArrayList<>();
            for (Pending p : pending) {
                PredictionMade prediction = read(p.eventJson(), PredictionMade.class);
                TruthWrite w = byKey.get(new Key(prediction.datasetId(), prediction.imageId()));
                scored.add(PredictionScorer.score(prediction, toGroundTruth(w.truth()), w.label(), geo, now));
            }
            toPublish.addAll(store(c, scored));
        } catch (SQLException e) {
            throw new IllegalStateException("Recording " + images.size() + " truths failed", e);
        }
        publish(toPublish);
        return toPublish.size();
    }

    /**
     * Scores a batch of predictions. Returns how many events were published (new scores plus re-published
     * duplicates); predictions without a truth yet are parked.
     */
    @Transactional
    public int scorePredictions(List<PredictionMade> predictions) {
        GeoScoring geo = geocoder.await();
        String version = geocoder.labelVersion();
        Instant now = Instant.now();
        Set<Key> images = new LinkedHashSet<>();
        Set<Key> runImages = new LinkedHashSet<>();
        for (PredictionMade p : predictions) {
            images.add(new Key(p.datasetId(), p.imageId()));
            runImages.add(new Key(p.runId(), p.imageId()));
        }
        List<Outgoing> toPublish = new ArrayList<>(predictions.size());
        int duplicates = 0;
        try (Connection c = dataSource.getConnection()) {
            ScoringStore.lockImages(c, images);
            Map<Key, ScoringStore.StoredScore> existing = ScoringStore.existingScores(c, runImages);
            Map<Key, TruthRow> truths = ScoringStore.truths(c, images);
            Map<Key, GeoPlace> labels = new HashMap<>();
            List<TruthWrite> relabelled = new ArrayList<>();
            Map<Key, ScoreComputed> fresh = new LinkedHashMap<>();
            List<Key> repeats = new ArrayList<>();
            Set<Key> parkedKeys = new LinkedHashSet<>();
            List<Key> parked = new ArrayList<>();
            List<String> parkedDatasets = new ArrayList<>();
            List<String> parkedJson = new ArrayList<>();
            for (PredictionMade p : predictions) {
                Key runImage = new Key(p.runId(), p.imageId());
                ScoringStore.StoredScore stored = existing.get(runImage);
                if (stored != null && p.requestAttemptOrFirst() <= stored.requestAttempt()) {
                    // A redelivery: publish the stored event again (same event id) so downstream de-duplicates it.
                    // A higher attempt (a retried failed image) is scored and replaces the stored score.
                    duplicates++;
                    toPublish.add(new Outgoing(Topics.runImageKey(p.runId(), p.imageId()), stored.eventJson()));
                    continue;
                }
                ScoreComputed earlier = fresh.get(runImage);
                if (earlier != null && p.requestAttemptOrFirst() <= earlier.requestAttemptOrFirst()) {
                    // The same prediction twice in one batch: publish the first score again (after it).
                    duplicates++;
                    repeats.add(runImage);
                    continue;
                }
                Key image = new Key(p.datasetId(), p.imageId());
                TruthRow truth = truths.get(image);
                if (truth == null) {
                    if (parkedKeys.add(runImage)) {
                        LOG.debugf("Truth of %s/%s not known yet; prediction of run %s waits", p.datasetId(),
                                p.imageId(), p.runId());
                        parked.add(runImage);
                        parkedDatasets.add(p.datasetId());
                        parkedJson.add(write(p));
                    }
                    continue;
                }
                GeoPlace label = labels.computeIfAbsent(image, k -> cachedLabel(truth, version));
                if (label == null) {
                    label = geo.label(truth.latitude(), truth.longitude());
                    labels.put(image, label);
                    relabelled.add(new TruthWrite(truth, label, write(label)));
                }
                ScoreComputed score = PredictionScorer.score(p, toGroundTruth(truth), label, geo, now);
                // A retry of an image failed earlier in this very batch: only the retry's score is published, so it
                // carries the failed attempt's cost too.
                fresh.put(runImage, earlier == null ? score : PredictionScorer.addingCost(score, earlier.costUsd()));
            }
            ScoringStore.upsertTruths(c, relabelled, version);
            List<Outgoing> stored = store(c, new ArrayList<>(fresh.values()));
            toPublish.addAll(stored);
            for (Key repeat : repeats) {
                stored.stream().filter(o -> o.key().equals(Topics.runImageKey(repeat.first(), repeat.second())))
                        .findFirst().ifPresent(toPublish::add);
            }
            ScoringStore.insertPending(c, parked, parkedDatasets, parkedJson);
        } catch (SQLException e) {
            throw new IllegalStateException("Scoring " + predictions.size() + " predictions failed", e);
        }
        if (duplicates > 0) {
            registry.counter("placebench.scoring.duplicates").increment(duplicates);
        }
        publish(toPublish);
        return toPublish.size();
    }

    /** The truth's stored label when it was computed with the current data and settings, else null. */
    private GeoPlace cachedLabel(TruthRow truth, String version) {
        if (truth.geoLabel() == null || !version.equals(truth.geoVersion())) {
            return null;
        }
        GeoPlace label = labelCache.get(truth.geoLabel());
        if (label == null) {
            if (labelCache.size() >= LABEL_CACHE_MAX) {
                labelCache.clear();
            }
            label = read(truth.geoLabel(), GeoPlace.class);
            labelCache.put(truth.geoLabel(), label);
        }
        return label;
    }

    /** Inserts the scores and returns them serialised once, for the table and for Kafka alike. */
    private List<Outgoing> store(Connection c, List<ScoreComputed> scored) throws SQLException {
        if (scored.isEmpty()) {
            return new ArrayList<>();
        }
        List<String> jsons = new ArrayList<>(scored.size());
        List<Outgoing> out = new ArrayList<>(scored.size());
        for (ScoreComputed s : scored) {
            String text = write(s);
            jsons.add(text);
            out.add(new Outgoing(Topics.runImageKey(s.runId(), s.imageId()), text));
        }
        ScoringStore.insertScores(c, scored, jsons);
        for (ScoreComputed s : scored) {
            registry.counter("placebench.scoring.scored", "status", s.status().name()).increment();
        }
        return out;
    }

    /** A score event ready to send: record key and JSON value. */
    record Outgoing(String key, String json) {
    }

    private static GroundTruth toGroundTruth(TruthRow t) {
        return new GroundTruth(t.latitude(), t.longitude(), t.city(), t.admin1(), t.country());
    }

    /**
     * Sends every event and waits for Kafka's acknowledgements before the caller's transaction commits (a failed
     * send rolls the batch back and it is redelivered). The transaction is suspended meanwhile so that context
     * propagation does not carry it onto the Kafka client's threads (quarkusio/quarkus#39100).
     */
    private void publish(List<Outgoing> events) {
        if (events.isEmpty()) {
            return;
        }
        QuarkusTransaction.suspendingExisting().run(() -> {
            List<Uni<Void>> sends = new ArrayList<>(events.size());
            for (Outgoing event : events) {
                sends.add(scores.send(Record.of(event.key(), event.json())));
            }
            Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
        });
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
