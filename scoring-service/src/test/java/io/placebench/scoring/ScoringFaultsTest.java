package io.placebench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.GeoAnswer;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.ScoreComputed;
import io.placebench.events.TokenUsage;
import io.placebench.events.Topics;
import io.placebench.testing.ConnectionKiller;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Breaks the real database while records are consumed and checks that nothing is lost, nothing is stored twice
 * and nothing but the truly bad records reaches a dead-letter topic.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ScoringFaultsTest {

    static final String PREDICTIONS_DLQ = "scoring-service.predictions.dlq";
    static final String IMAGES_DLQ = "scoring-service.images.dlq";

    static KafkaTestClient kafka;

    @Inject
    MeterRegistry registry;

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

    static PredictionMade prediction(String run, String dataset, String imageId, double lat, double lon, String cost,
            int attempt) {
        return new PredictionMade(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, imageId, "simulator",
                "sim-strong", "imageo", "h", true, PredictionStatus.OK, new GeoAnswer(lat, lon, null, 3), "{}", null,
                null, new TokenUsage(100, 20, 0, 0, 85), new BigDecimal(cost), 10, 1, null, attempt);
    }

    static double lon(int i) {
        return (i * 7) % 340 - 170;
    }

    double transientRetries() {
        return registry.find("placebench.scoring.transient.retries").counters().stream().mapToDouble(Counter::count)
                .sum();
    }

    @Test
    void databaseConnectionsKilledWhileConsumingLoseNothingAndDeadLetterNothing() throws Exception {
        String dataset = "ds-" + UUID.randomUUID();
        String run = "run-faults-" + UUID.randomUUID();
        int images = 200;
        int retried = 20;
        double retriesBefore = transientRetries();

        try (ConnectionKiller killer = new ConnectionKiller(500)) {
            // Wait for the first kills so that the service's pooled connections are already dead.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> killer.killed() > 0);
            // Half the predictions come before their truth (parked, then scored by the images consumer).
            for (int i = 0; i < images / 2; i++) {
                kafka.send(Topics.PREDICTIONS, run + "/i" + i, prediction(run, dataset, "i" + i, i % 80, lon(i), "0.001", 1));
            }
            for (int i = 0; i < images; i++) {
                kafka.send(Topics.IMAGES, "i" + i, image(dataset, "i" + i, i % 80, lon(i)));
            }
            for (int i = images / 2; i < images; i++) {
                kafka.send(Topics.PREDICTIONS, run + "/i" + i, prediction(run, dataset, "i" + i, i % 80, lon(i), "0.001", 1));
            }
            // Redeliveries of attempt 1 and retries (attempt 2) of the first images, answered 1 degree away.
            for (int i = 0; i < retried; i++) {
                kafka.send(Topics.PREDICTIONS, run + "/i" + i, prediction(run, dataset, "i" + i, i % 80, lon(i), "0.001", 1));
                kafka.send(Topics.PREDICTIONS, run + "/i" + i,
                        prediction(run, dataset, "i" + i, i % 80 + 1, lon(i), "0.002", 2));
            }
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> ConnectionKiller.count("select count(*) from scoring.score where run_id = ? "
                            + "and (request_attempt = 2 or image_id not in (select 'i' || g from generate_series(0, ?) g))",
                            run, retried - 1) == images);
            assertTrue(transientRetries() > retriesBefore, "the service did meet the failures");
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertEquals(images, ConnectionKiller.count("select count(*) from scoring.score where run_id = ?", run));
            assertEquals(images, ConnectionKiller.count(
                    "select count(distinct image_id) from scoring.score where run_id = ?", run));
            assertEquals(retried, ConnectionKiller.count(
                    "select count(*) from scoring.score where run_id = ? and request_attempt = 2 "
                            + "and cost_usd = 0.003 and distance_km > 100", run), "attempt 2 replaced attempt 1, costs add");
            assertEquals(0, ConnectionKiller.count("select count(*) from scoring.pending_prediction where run_id = ?",
                    run));
        });

        // Every image was published; the last score published for an image is of its highest attempt.
        List<ScoreComputed> published = kafka.readAll(Topics.SCORES, ScoreComputed.class,
                s -> s.runId().equals(run), Integer.MAX_VALUE, Duration.ofSeconds(10));
        Map<String, ScoreComputed> last = new HashMap<>();
        published.forEach(s -> last.put(s.imageId(), s));
        assertEquals(images, last.size(), "every image published");
        for (int i = 0; i < images; i++) {
            assertEquals(i < retried ? 2 : 1, last.get("i" + i).requestAttemptOrFirst(), "last score of i" + i);
        }
        assertEquals(List.of(), deadLetters(PREDICTIONS_DLQ, run), "no prediction dead-lettered");
        assertEquals(List.of(), deadLetters(IMAGES_DLQ, dataset), "no image dead-lettered");
    }

    @Test
    void aRecordThatCanNeverBeProcessedIsDeadLetteredAndItsNeighboursAreKept() {
        String dataset = "ds-" + UUID.randomUUID();
        String run = "run-bad-" + UUID.randomUUID();
        for (String id : List.of("a", "b", "c")) {
            kafka.send(Topics.IMAGES, id, image(dataset, id, 10, 10));
        }
        ImageIngested offTheMap = image(dataset, "d", 95, 10);
        kafka.send(Topics.IMAGES, "d", offTheMap);
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> ConnectionKiller.count(
                "select count(*) from scoring.truth where dataset_id = ?", dataset) == 3);

        String garbage = "{not json " + run;
        PredictionMade noRun = prediction(null, dataset, "b", 10, 10, "0.001", 1);
        // Passes every check but PostgreSQL refuses NUL in text: its whole batch fails, then only it.
        PredictionMade unstorable = prediction(run + "\u0000", dataset, "c", 10, 10, "0.001", 1);
        kafka.send(Topics.PREDICTIONS, run + "/a", prediction(run, dataset, "a", 10, 10.5, "0.001", 1));
        kafka.sendRaw(Topics.PREDICTIONS, run + "/garbage", garbage);
        kafka.send(Topics.PREDICTIONS, "no-run/b", noRun);
        kafka.send(Topics.PREDICTIONS, run + "/c-nul", unstorable);
        kafka.send(Topics.PREDICTIONS, run + "/b", prediction(run, dataset, "b", 10, 10.5, "0.001", 1));
        kafka.send(Topics.PREDICTIONS, run + "/c", prediction(run, dataset, "c", 10, 10.5, "0.001", 1));

        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> ConnectionKiller.count(
                "select count(*) from scoring.score where run_id = ?", run) == 3);
        java.util.function.Predicate<ConsumerRecord<String, String>> ours = r -> r.value() != null
                && (r.value().contains(run) || r.value().contains(noRun.eventId()));
        java.util.concurrent.atomic.AtomicInteger found = new java.util.concurrent.atomic.AtomicInteger();
        List<ConsumerRecord<String, String>> dead = kafka.readRecords(PREDICTIONS_DLQ, Duration.ofSeconds(60),
                r -> ours.test(r) && found.incrementAndGet() == 3).stream().filter(ours).toList();
        assertEquals(3, dead.size(), () -> "garbage, no run id, NUL: " + dead);
        ConsumerRecord<String, String> unreadable = dead.stream().filter(r -> r.value().equals(garbage)).findFirst()
                .orElseThrow(() -> new AssertionError("the unreadable record is dead-lettered as it arrived"));
        assertEquals(Topics.PREDICTIONS, header(unreadable, "dead-letter-topic"));
        assertTrue(dead.stream().anyMatch(r -> r.value().contains(noRun.eventId())
                && header(r, "dead-letter-reason").contains("runId")), "missing run id named");
        assertTrue(dead.stream().anyMatch(r -> r.value().contains(unstorable.eventId())), "NUL record dead-lettered");
        assertTrue(kafka.readRecords(IMAGES_DLQ, Duration.ofSeconds(60), r -> r.value() != null
                && r.value().contains(offTheMap.eventId())).stream().anyMatch(r -> r.value() != null
                        && r.value().contains(offTheMap.eventId())
                        && header(r, "dead-letter-reason").contains("latitude")), "latitude 95 dead-lettered");
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Dead letters mentioning {@code marker} (a run or dataset id of this test). */
    static List<String> deadLetters(String topic, String marker) {
        return kafka.readRecords(topic, Duration.ofSeconds(10), r -> false).stream()
                .map(ConsumerRecord::value).filter(v -> v != null && v.contains(marker)).toList();
    }
}
