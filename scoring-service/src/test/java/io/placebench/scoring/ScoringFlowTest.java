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
