package io.placebench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.GeoAnswer;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.ScoreComputed;
import io.placebench.events.Topics;
import io.placebench.events.TokenUsage;
import io.placebench.scoring.repository.Score;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Kafka in, real PostgreSQL, real Kafka out. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ScoringFlowTest {

    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static ImageIngested image(String dataset, String imageId, double lat, double lon) {
        return new ImageIngested(UUID.randomUUID().toString(), 1, Instant.now(), dataset, imageId, "0".repeat(64),
                "image/jpeg", 10, "http://localhost/blob", new GroundTruth(lat, lon, null, null, null), Map.of());
    }

    static PredictionMade prediction(String run, String dataset, String imageId, PredictionStatus status,
            GeoAnswer answer) {
        return new PredictionMade(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, imageId,
                "simulator", "sim-strong", "imageo", "h", true, status, answer, "{}", null, null,
                new TokenUsage(100, 20, 0, 0, 85), new BigDecimal("0.0001"), 10, 1);
    }

    @Test
    void scoresEachPredictionOnceEvenWhenRedeliveredOrEarly() {
        String dataset = "ds-" + UUID.randomUUID();
        String run = "run-" + UUID.randomUUID();
        kafka.send(Topics.IMAGES, "a", image(dataset, "a", 48.8566, 2.3522));
        kafka.send(Topics.IMAGES, "b", image(dataset, "b", 0, 0));
        // "a" answered near London, "b" refused, "c" predicted before its image is known.
        PredictionMade a = prediction(run, dataset, "a", PredictionStatus.OK, new GeoAnswer(51.5074, -0.1278, null, 3));
        kafka.send(Topics.PREDICTIONS, run + "/a", a);
        kafka.send(Topics.PREDICTIONS, run + "/b", prediction(run, dataset, "b", PredictionStatus.REFUSED, null));
        kafka.send(Topics.PREDICTIONS, run + "/c",
                prediction(run, dataset, "c", PredictionStatus.OK, new GeoAnswer(10.0, 10.0, null, 2)));
        kafka.send(Topics.PREDICTIONS, run + "/a", a); // redelivery
        kafka.send(Topics.IMAGES, "c", image(dataset, "c", 10.0, 10.1));

        List<ScoreComputed> scores = kafka.readAll(Topics.SCORES, ScoreComputed.class,
                s -> s.runId().equals(run), 4, Duration.ofSeconds(60));
        assertEquals(4, scores.size(), "three scores plus the re-published one: " + scores);
        assertEquals(3, scores.stream().map(ScoreComputed::eventId).distinct().count(),
                "a redelivered prediction re-publishes the same event");

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                        .call(() -> Score.count("runId", run)) == 3);
        ScoreComputed sa = scores.stream().filter(s -> s.imageId().equals("a")).findFirst().orElseThrow();
        assertTrue(sa.answered());
        assertEquals(343.56, sa.distanceKm(), 0.05);
        ScoreComputed sb = scores.stream().filter(s -> s.imageId().equals("b")).findFirst().orElseThrow();
        assertFalse(sb.answered());
        ScoreComputed sc = scores.stream().filter(s -> s.imageId().equals("c")).findFirst().orElseThrow();
        assertEquals(10.96, sc.distanceKm(), 0.05);
    }

    static Object sql(String query, Object... params) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            var q = Score.getEntityManager().createNativeQuery(query);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return query.trim().startsWith("update") ? q.executeUpdate() : q.getSingleResult();
        });
    }

    static ScoreComputed scoreOf(String run) {
        return kafka.readAll(Topics.SCORES, ScoreComputed.class, s -> s.runId().equals(run), 1,
                Duration.ofSeconds(60)).get(0);
    }

    @Test
    void labelsTheTruthOnceAndPublishesEveryMetric() {
        String dataset = "ds-" + UUID.randomUUID();
        String prefix = "run-" + UUID.randomUUID();
        kafka.send(Topics.IMAGES, "p", new ImageIngested(UUID.randomUUID().toString(), 1, Instant.now(), dataset, "p",
                "0".repeat(64), "image/jpeg", 10, "http://localhost/blob",
                new GroundTruth(48.8566, 2.3522, "Paris", null, "France"), Map.of()));
        kafka.send(Topics.PREDICTIONS, prefix + "-1/p", prediction(prefix + "-1", dataset, "p", PredictionStatus.OK,
                new GeoAnswer(48.8049, 2.1204, new io.placebench.events.Address(null, "Versailles", "Ile-de-France",
                        "FR"), 4)));
        kafka.send(Topics.PREDICTIONS, prefix + "-2/p", prediction(prefix + "-2", dataset, "p",
                PredictionStatus.REFUSED, null));

        ScoreComputed versailles = scoreOf(prefix + "-1");
        assertEquals(17.9, versailles.geodesicKm(), 0.2);
        assertEquals("FR-IDF", versailles.truthPlace().regionCode());
        assertEquals("Versailles", versailles.predictedPlace().place());
        assertEquals(new io.placebench.events.RegionMatches(true, true, true, false), versailles.regionMatches());
        // City text "Versailles" vs "Paris"; the dataset has no admin1, so the geocoded region is the truth.
        // GLOBE's rule compares raw strings: "FR" is not a substring match of "France".
        assertEquals(new io.placebench.events.TextMatches(true, false, true, true, false, true, false),
                versailles.textMatches());
        ScoreComputed refused = scoreOf(prefix + "-2");
        assertEquals(new io.placebench.events.RegionMatches(false, false, false, false), refused.regionMatches());
        assertFalse(refused.textMatches().answered());

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) sql(
                "select count(*) from score where run_id like ?1", prefix + "%")).intValue() == 2);
        assertEquals("FR", sql("select country_code from truth where dataset_id = ?1", dataset));
        assertEquals(Boolean.TRUE, sql("select match_region from score where run_id = ?1", prefix + "-1"));
        assertEquals(Boolean.FALSE, sql("select match_city from score where run_id = ?1", prefix + "-1"));
        assertEquals(Boolean.TRUE, sql("select text_country from score where run_id = ?1", prefix + "-1"));
        assertEquals(17.9, ((Number) sql("select geodesic_km from score where run_id = ?1", prefix + "-1"))
                .doubleValue(), 0.2);

        // Later runs reuse the stored label instead of geocoding the truth again...
        sql("update truth set geo_label = replace(geo_label, '\"Île-de-France\"', '\"Cached\"') "
                + "where dataset_id = ?1", dataset);
        kafka.send(Topics.PREDICTIONS, prefix + "-3/p", prediction(prefix + "-3", dataset, "p", PredictionStatus.OK,
                new GeoAnswer(48.85, 2.35, null, 5)));
        assertEquals("Cached", scoreOf(prefix + "-3").truthPlace().region());
        // ...unless it was computed with other geocoder data or settings.
        sql("update truth set geo_version = 'older' where dataset_id = ?1", dataset);
        kafka.send(Topics.PREDICTIONS, prefix + "-4/p", prediction(prefix + "-4", dataset, "p", PredictionStatus.OK,
                new GeoAnswer(48.85, 2.35, null, 5)));
        assertEquals("Île-de-France", scoreOf(prefix + "-4").truthPlace().region());
        assertTrue(((String) sql("select geo_label from truth where dataset_id = ?1", dataset))
                .contains("Île-de-France"));
    }

    @Test
    void aRetriedImageReplacesItsFailedScore() {
        String dataset = "ds-" + UUID.randomUUID();
        String run = "run-" + UUID.randomUUID();
        kafka.send(Topics.IMAGES, "r", image(dataset, "r", 0, 0));
        // The truth is known long before a retry in real runs; a prediction parked for want of its truth keeps
        // its first attempt only (see the README).
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ((Number) sql(
                "select count(*) from truth where dataset_id = ? and image_id = ?", dataset, "r")).longValue() == 1);
        PredictionMade failed = new PredictionMade(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset,
                "r", "simulator", "sim-strong", "imageo", "h", true, PredictionStatus.TIMEOUT, null, null, "timeout",
                null, TokenUsage.NONE, new BigDecimal("0.0002"), 0, 3, "timeout", 1);
        kafka.send(Topics.PREDICTIONS, run + "/r", failed);
        PredictionMade retried = new PredictionMade(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset,
                "r", "simulator", "sim-strong", "imageo", "h", true, PredictionStatus.OK, new GeoAnswer(0.0, 1.0, null, 4),
                "{}", null, null, new TokenUsage(100, 20, 0, 0, 85), new BigDecimal("0.0001"), 10, 1, null, 2);
        kafka.send(Topics.PREDICTIONS, run + "/r", retried);
        kafka.send(Topics.PREDICTIONS, run + "/r", failed); // a late redelivery of attempt 1 changes nothing

        // Attempt 1 may be scored on its own or within one batch with attempt 2; either way the last published
        // score of the image is attempt 2's, and a late attempt-1 redelivery re-publishes it.
        List<ScoreComputed> scores = kafka.readAll(Topics.SCORES, ScoreComputed.class,
                s -> s.runId().equals(run) && s.requestAttemptOrFirst() == 2, 2, Duration.ofSeconds(60));
        assertEquals(2, scores.size(), "attempt 2, then attempt 2 re-published: " + scores);
        assertTrue(scores.get(0).answered());
        assertEquals(111.195, scores.get(0).distanceKm(), 0.001);
        assertEquals(scores.get(0).eventId(), scores.get(1).eventId(), "the stored attempt-2 score is re-published");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(
                sql("select answered from score where run_id = ?", run)));
        assertEquals(0, new BigDecimal("0.0003").compareTo((BigDecimal) sql(
                "select cost_usd from score where run_id = ?", run)), "both attempts' cost");
    }

    @Test
    void anUnreadableRecordDoesNotStopTheConsumer() {
        String dataset = "ds-" + UUID.randomUUID();
        String run = "run-" + UUID.randomUUID();
        kafka.sendRaw(Topics.PREDICTIONS, "garbage", "{not json");
        kafka.send(Topics.IMAGES, "x", image(dataset, "x", 1, 1));
        kafka.send(Topics.PREDICTIONS, run + "/x",
                prediction(run, dataset, "x", PredictionStatus.OK, new GeoAnswer(1.0, 1.0, null, 5)));
        List<ScoreComputed> scores = kafka.readAll(Topics.SCORES, ScoreComputed.class,
                s -> s.runId().equals(run), 1, Duration.ofSeconds(60));
        assertEquals(1, scores.size());
        assertEquals(0.0, scores.get(0).distanceKm(), 1e-9);
    }
}
