package io.placebench.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.analytics.service.RunFiguresCache;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.ScoreComputed;
import io.placebench.events.ThresholdHits;
import io.placebench.events.TokenUsage;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Kafka in, real PostgreSQL, figures read back through the REST API. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class AnalyticsFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final double EPS = 1e-9;

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

    static ScoreComputed answered(String run, String dataset, String model, String image, double km, double score,
            ThresholdHits hits, String cost) {
        return new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, image, "simulator",
                model, true, PredictionStatus.OK, true, 0, 0, 1.0, 1.0, km, score, hits, new BigDecimal(cost),
                new TokenUsage(100, 20, 0, 0, 85), 15);
    }

    static ScoreComputed refused(String run, String dataset, String model, String image, String cost) {
        return new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, image, "simulator",
                model, true, PredictionStatus.REFUSED, false, 0, 0, null, null, null, null, ThresholdHits.NONE,
                new BigDecimal(cost), new TokenUsage(100, 5, 0, 0, 85), 12);
    }

    static RunChanged runEvent(String run, String dataset, String model, RunStatus status, long expected,
            Instant at) {
        return new RunChanged(UUID.randomUUID().toString(), 1, at, run, dataset, "simulator", model, "imageo",
                Map.of(), true, status, expected, null, null);
    }

    static void send(ScoreComputed score) {
        kafka.send(Topics.SCORES, Topics.runImageKey(score.runId(), score.imageId()), score);
    }

    static void send(RunChanged event) {
        kafka.send(Topics.RUNS, event.runId(), event);
    }

    static JsonNode get(String path, Object... query) {
        return request(200, path, query);
    }

    /** GET {@code path} with query parameters given as name, value pairs; the status must be {@code status}. */
    static JsonNode request(int status, String path, Object... query) {
        var request = given();
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam((String) query[i], query[i + 1]);
        }
        Response response = request.get(path);
        assertEquals(status, response.statusCode(), () -> path + " answered " + response.asString());
        try {
            return JSON.readTree(response.asString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    /** The element of {@code body}'s array {@code array} whose {@code field} is {@code value}; fails when none is. */
    static JsonNode element(JsonNode body, String array, String field, String value) {
        for (JsonNode element : body.get(array)) {
            if (value.equals(element.path(field).asText(null))) {
                return element;
            }
        }
        throw new AssertionError("no element of " + array + " with " + field + " '" + value + "' in " + body);
    }

    static JsonNode row(JsonNode leaderboard, String runId) {
        for (JsonNode dataset : leaderboard.get("datasets")) {
            for (JsonNode run : dataset.get("runs")) {
                if (run.get("runId").asText().equals(runId)) {
                    return run;
                }
            }
        }
        throw new AssertionError("no leaderboard row for " + runId + " in " + leaderboard);
    }

    @Inject
    javax.sql.DataSource dataSource;

    @Test
    void storesWhatTheAnalysesNeedPerScoredImageAndTheImagesAttributes() throws Exception {
        String run = "run-details-" + UUID.randomUUID();
        io.placebench.events.GeoPlace paris = new io.placebench.events.GeoPlace("EU", "FR", "FRA", "France",
                "Île-de-France", "FR-IDF", 2988507L, "Paris", 2138551L, 1.2, "INSIDE", 0.0);
        io.placebench.events.GeoPlace lyon = new io.placebench.events.GeoPlace("EU", "FR", "FRA", "France",
                "Auvergne-Rhône-Alpes", "FR-ARA", 2996944L, "Lyon", 472317L, 0.4, "INSIDE", 0.0);
        ScoreComputed score = new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, "details",
                "img-1", "simulator", "sim-strong", true, PredictionStatus.OK, true, 48.85, 2.35, 45.76, 4.84,
                392.0, 3000.0, new ThresholdHits(false, false, false, true, true), new BigDecimal("0.002"),
                new TokenUsage(100, 20, 0, 0, 85), 15, 392.4, paris, lyon,
                new io.placebench.events.RegionMatches(true, true, false, false),
                new io.placebench.events.TextMatches(true, false, false, true, false, false, true), 1, 4,
                Map.of("environment", "urban", "scene_type", "street"));
        kafka.send(Topics.IMAGES, "img-1", new io.placebench.events.ImageIngested(UUID.randomUUID().toString(), 1,
                Instant.now(), "details", "img-1", "a".repeat(64), "image/jpeg", 10, "http://x",
                new io.placebench.events.GroundTruth(48.85, 2.35, "Paris", "Île-de-France", "France"),
                Map.of("weather", "clear", "lighting", "day")));
        send(score);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (var c = dataSource.getConnection(); var q = c.createStatement(); var rs = q.executeQuery(
                    "select s.truth_country_code, s.pred_region, s.pred_city, s.match_country, s.match_region,"
                    + " s.text_country_globe, s.confidence, s.scene->>'scene_type', s.geodesic_km, s.pred_latitude,"
                    + " i.attributes->>'weather', i.truth_city from analytics.score s join analytics.image i"
                    + " on i.dataset_id = s.dataset_id and i.image_id = s.image_id where s.run_id = '" + run + "'")) {
                assertTrue(rs.next(), "the score and the image are stored");
                assertEquals("FR", rs.getString(1));
                assertEquals("Auvergne-Rhône-Alpes", rs.getString(2));
                assertEquals("Lyon", rs.getString(3));
                assertTrue(rs.getBoolean(4));
                assertFalse(rs.getBoolean(5));
                assertTrue(rs.getBoolean(6));
                assertEquals(4, rs.getInt(7));
                assertEquals("street", rs.getString(8));
                assertEquals(392.4, rs.getDouble(9), EPS);
                assertEquals(45.76, rs.getDouble(10), EPS);
                assertEquals("clear", rs.getString(11));
                assertEquals("Paris", rs.getString(12));
            }
        });
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void leaderboardCountsEveryScoreOnceWithHandComputedFigures() {
        String dataset = "ds-" + UUID.randomUUID();
        String strong = "run-" + UUID.randomUUID();
        String weak = "run-" + UUID.randomUUID();
        double duplicatesBefore = counter("placebench.analytics.scores.duplicates");
        double staleBefore = counter("placebench.analytics.runs.events", "outcome", "stale");

        // 1. A score before any runs event of its run: a placeholder row appears.
        ScoreComputed a = answered(strong, dataset, "sim-strong", "a", 10, 4900,
                new ThresholdHits(false, true, true, true, true), "0.001");
        send(a);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Response response = given().get("/api/runs/" + strong);
            assertEquals(200, response.statusCode(), response::asString);
            JsonNode run = JSON.readTree(response.asString());
            assertEquals("RUNNING", run.get("status").asText());
            assertEquals(0, run.get("expected").asLong());
            assertEquals(1, run.get("scored").asLong());
            assertEquals("sim-strong", run.get("model").asText());
        });

        // 2. The runs events; the weak run's stale RUNNING arrives after its COMPLETED and must be ignored.
        Instant t0 = Instant.now().minusSeconds(60);
        send(runEvent(strong, dataset, "sim-strong", RunStatus.CREATED, 0, t0));
        send(runEvent(strong, dataset, "sim-strong", RunStatus.RUNNING, 5, t0.plusSeconds(1)));
        send(runEvent(weak, dataset, "sim-weak", RunStatus.RUNNING, 1, t0));
        send(runEvent(weak, dataset, "sim-weak", RunStatus.COMPLETED, 1, t0.plusSeconds(2)));
        send(runEvent(weak, dataset, "sim-weak", RunStatus.RUNNING, 7, t0.plusSeconds(1)));

        // 3. The other scores, with a redelivery of "a" (same event) and a re-publication of "b" (new event
        // id, other figures): neither may count.
        ScoreComputed b = answered(strong, dataset, "sim-strong", "b", 300, 3000,
                new ThresholdHits(false, false, false, true, true), "0.002");
        send(a);
        send(b);
        send(answered(strong, dataset, "sim-strong", "b", 5, 4990,
                new ThresholdHits(false, true, true, true, true), "0.009"));
        send(answered(strong, dataset, "sim-strong", "c", 1000, 2500,
                new ThresholdHits(false, false, false, false, true), "0.003"));
        send(refused(strong, dataset, "sim-strong", "d", "0.0005"));
        send(answered(strong, dataset, "sim-strong", "e", 50, 4000,
                new ThresholdHits(false, false, true, true, true), "0.001"));
        send(answered(weak, dataset, "sim-weak", "f", 2000, 1300,
                new ThresholdHits(false, false, false, false, true), "0"));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertTrue(counter("placebench.analytics.scores.duplicates") - duplicatesBefore >= 2,
                    "both copies seen");
            assertTrue(counter("placebench.analytics.runs.events", "outcome", "stale") - staleBefore >= 1,
                    "stale runs event seen");
            JsonNode board = get("/api/leaderboard", "dataset", dataset);
            assertEquals(5, row(board, strong).get("n").asLong());
            assertEquals(1, row(board, weak).get("n").asLong());
            assertEquals(5, row(board, strong).get("expected").asLong());
        });

        JsonNode board = get("/api/leaderboard", "dataset", dataset);
        assertTrue(board.get("generatedAt").isTextual(), "generatedAt is an ISO-8601 string");
        assertFalse(Instant.parse(board.get("generatedAt").asText()).isAfter(Instant.now()));
        assertEquals(1, board.get("datasets").size(), "only the dataset asked for");
        JsonNode ours = board.get("datasets").get(0);
        assertEquals(dataset, ours.get("datasetId").asText());
        assertEquals(List.of(strong, weak), List.of(ours.get("runs").get(0).get("runId").asText(),
                ours.get("runs").get(1).get("runId").asText()), "ranked by meanScore, 2880 before 1300");

        JsonNode s = ours.get("runs").get(0);
        assertEquals(List.of("runId", "provider", "model", "promptId", "simulated", "status", "expected", "n",
                "answered", "meanErrorKm", "medianErrorKm", "acc1km", "acc25km", "acc200km", "acc750km",
                "acc2500km", "meanScore", "costUsd", "budgetUsd", "ci", "rates", "failures", "costPerImageUsd",
                "costPerCorrectUsd", "macro"), fieldNames(s));
        // every rate over both denominators with its interval; bootstrap intervals around the error and score
        JsonNode acc25 = s.get("rates").get("acc25km");
        assertEquals(1, acc25.get("all").get("successes").asLong());
        assertEquals(5, acc25.get("all").get("n").asLong());
        assertEquals(4, acc25.get("answered").get("n").asLong());
        assertEquals(acc25.get("all").get("low").doubleValue(), s.get("ci").get("acc25km").get(0).doubleValue(), EPS);
        JsonNode meanError = s.get("ci").get("meanErrorKm");
        assertTrue(meanError.get(0).doubleValue() <= 340.0 && 340.0 <= meanError.get(1).doubleValue(), s::toString);
        assertEquals(1, s.get("failures").get("REFUSED").get("successes").asLong());
        assertEquals(0, new BigDecimal("0.0015").compareTo(s.get("costPerImageUsd").decimalValue()), s::toString);
        assertEquals("simulator", s.get("provider").asText());
        assertEquals("sim-strong", s.get("model").asText());
        assertEquals("imageo", s.get("promptId").asText(), "filled in by the runs event");
        assertTrue(s.get("simulated").asBoolean());
        assertEquals("RUNNING", s.get("status").asText());
        assertEquals(5, s.get("expected").asLong());
        assertEquals(5, s.get("n").asLong());
        assertEquals(4, s.get("answered").asLong());
        assertEquals(340.0, s.get("meanErrorKm").doubleValue(), EPS, "(10 + 300 + 1000 + 50) / 4");
        assertEquals(175.0, s.get("medianErrorKm").doubleValue(), EPS, "(50 + 300) / 2");
        assertEquals(0.0, s.get("acc1km").doubleValue(), EPS);
        assertEquals(0.2, s.get("acc25km").doubleValue(), EPS, "1 of 5");
        assertEquals(0.4, s.get("acc200km").doubleValue(), EPS, "2 of 5");
        assertEquals(0.6, s.get("acc750km").doubleValue(), EPS, "3 of 5");
        assertEquals(0.8, s.get("acc2500km").doubleValue(), EPS, "4 of 5; the refusal is a miss");
        assertEquals(2880.0, s.get("meanScore").doubleValue(), EPS, "(4900 + 3000 + 2500 + 0 + 4000) / 5");
        assertEquals(0, new BigDecimal("0.0075").compareTo(s.get("costUsd").decimalValue()), s::toString);

        JsonNode w = ours.get("runs").get(1);
        assertEquals("COMPLETED", w.get("status").asText(), "the stale RUNNING event did not move it back");
        assertEquals(1, w.get("expected").asLong());
        assertEquals(2000.0, w.get("medianErrorKm").doubleValue(), EPS);
        assertEquals(1.0, w.get("acc2500km").doubleValue(), EPS);
        assertEquals(0.0, w.get("acc750km").doubleValue(), EPS);
        assertEquals(1300.0, w.get("meanScore").doubleValue(), EPS);
        assertEquals(0, BigDecimal.ZERO.compareTo(w.get("costUsd").decimalValue()));

        JsonNode progress = get("/api/runs/" + strong);
        assertEquals(List.of("runId", "datasetId", "provider", "model", "simulated", "status", "expected",
                "scored", "answered", "failed", "costUsd", "budgetUsd"), fieldNames(progress));
        assertEquals(dataset, progress.get("datasetId").asText());
        assertEquals(progress.get("expected").asLong(), progress.get("scored").asLong(), "scored == expected");
        assertEquals(5, progress.get("scored").asLong());
        assertEquals(4, progress.get("answered").asLong());
        assertEquals(1, progress.get("failed").asLong());
        assertEquals(0, new BigDecimal("0.0075").compareTo(progress.get("costUsd").decimalValue()));

        JsonNode runsOfDataset = get("/api/runs", "dataset", dataset);
        assertEquals(2, runsOfDataset.size());
        JsonNode everything = get("/api/leaderboard");
        assertEquals(5, row(everything, strong).get("n").asLong(), "also listed without a dataset filter");
    }

    @Test
    void aRetriedImageReplacesItsFailedScoreAndAddsItsCost() {
        String dataset = "ds-retry-" + UUID.randomUUID();
        String run = "run-" + UUID.randomUUID();
        send(runEvent(run, dataset, "sim-strong", RunStatus.RUNNING, 1, Instant.now()));
        ScoreComputed failed = refused(run, dataset, "sim-strong", "img-1", "0.002");
        send(failed);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/runs/" + run).get("scored").asLong() == 1);
        assertEquals(0, get("/api/runs/" + run).get("answered").asLong());

        ScoreComputed retried = withAttempt(answered(run, dataset, "sim-strong", "img-1", 10.0, 4966.7,
                new ThresholdHits(false, true, true, true, true), "0.003"), 2);
        send(retried);
        send(failed); // a late redelivery of attempt 1 must not undo the retry
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/runs/" + run).get("answered").asLong() == 1);
        JsonNode board = row(get("/api/leaderboard", "dataset", dataset), run);
        assertEquals(1, board.get("n").asLong());
        assertEquals(1, board.get("answered").asLong());
        assertEquals(10.0, board.get("meanErrorKm").asDouble(), EPS);
        assertEquals(0.005, board.get("costUsd").asDouble(), EPS, "both attempts were paid for");
    }

    @Inject
    RunFiguresCache figuresCache;

    @Test
    void figuresAreComputedInTheBackgroundAndReadBackAfterARestart() throws Exception {
        String dataset = "ds-figures-" + UUID.randomUUID();
        String run = "run-" + UUID.randomUUID();
        send(runEvent(run, dataset, "sim-strong", RunStatus.RUNNING, 30, Instant.now()));
        for (int i = 0; i < 30; i++) {
            send(i % 5 == 0 ? refused(run, dataset, "sim-strong", "img-" + i, "0.001")
                    : answered(run, dataset, "sim-strong", "img-" + i, 10 + i, 4900 - i,
                            new ThresholdHits(false, true, true, true, true), "0.001"));
        }
        // Nobody reads the run: its figures are computed in the background and stored for its scores version.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> storedFigures(run, "select (f.scores_version"
                + " = r.scores_version and r.scores_version >= 30)::text from analytics.run_figures f"
                + " join analytics.run r using (run_id) where run_id = ?").equals("true"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/runs/" + run).get("expected")
                .asLong() == 30);
        JsonNode computed = row(get("/api/leaderboard", "dataset", dataset), run);
        assertEquals(30, computed.get("n").asLong());

        // A restart reads them back: a marker put into the stored JSON shows up.
        execute("update analytics.run_figures set figures = jsonb_set(figures, '{stats,n}', '777') where run_id = ?",
                run);
        figuresCache.evictAll();
        assertEquals(777, row(get("/api/leaderboard", "dataset", dataset), run).get("n").asLong());

        // Figures stored in another format are computed again, not misread, and stored anew.
        execute("update analytics.run_figures set figures = jsonb_set(figures, '{format}', '0') where run_id = ?",
                run);
        figuresCache.evictAll();
        assertEquals(computed, row(get("/api/leaderboard", "dataset", dataset), run));
        assertEquals("30", storedFigures(run, "select figures #>> '{stats,n}' from analytics.run_figures"
                + " where run_id = ?"));
    }

    private String storedFigures(String run, String sql) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, run);
            try (var result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : "";
            }
        }
    }

    private void execute(String sql, String run) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, run);
            assertEquals(1, statement.executeUpdate());
        }
    }

    static ScoreComputed withAttempt(ScoreComputed s, int attempt) {
        return new ScoreComputed(s.eventId(), s.schemaVersion(), s.occurredAt(), s.runId(), s.datasetId(),
                s.imageId(), s.provider(), s.model(), s.simulated(), s.status(), s.answered(), s.truthLatitude(),
                s.truthLongitude(), s.predictedLatitude(), s.predictedLongitude(), s.distanceKm(),
                s.geoguessrScore(), s.hits(), s.costUsd(), s.usage(), s.latencyMs(), s.geodesicKm(), s.truthPlace(),
                s.predictedPlace(), s.regionMatches(), s.textMatches(), attempt);
    }

    @Test
    void unreadableAndInvalidRecordsDoNotStopTheConsumers() {
        String dataset = "ds-" + UUID.randomUUID();
        String run = "run-" + UUID.randomUUID();
        String garbageScore = "{not json " + run;
        String garbageRun = "[1, 2, \"" + run + "\"";
        kafka.sendRaw(Topics.SCORES, "garbage", garbageScore);
        kafka.sendRaw(Topics.RUNS, "garbage", garbageRun);
        ScoreComputed noRun = answered(null, dataset, "sim-weak", "x", 1, 5000,
                new ThresholdHits(false, true, true, true, true), "0.1");
        kafka.send(Topics.SCORES, "no-run/x", noRun);
        send(runEvent(run, dataset, "sim-weak", RunStatus.RUNNING, 1, Instant.now()));
        send(answered(run, dataset, "sim-weak", "y", 0.5, 5000, new ThresholdHits(true, true, true, true, true),
                "0.01"));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Response response = given().get("/api/runs/" + run);
            assertEquals(200, response.statusCode(), response::asString);
            JsonNode progress = JSON.readTree(response.asString());
            assertEquals(1, progress.get("scored").asLong());
            assertEquals(1, progress.get("expected").asLong());
        });
        var dead = kafka.readRecords("analytics-service.scores.dlq", Duration.ofSeconds(30),
                record -> record.value() != null && record.value().contains(noRun.eventId()));
        assertTrue(dead.stream().anyMatch(r -> r.value() != null && r.value().contains(noRun.eventId())),
                "the score without a run id is dead-lettered");
        JsonNode board = get("/api/leaderboard", "dataset", dataset);
        assertEquals(1, row(board, run).get("n").asLong(), "the invalid score was not stored");
        assertTrue(kafka.readRecords("analytics-service.scores.dlq", Duration.ofSeconds(30),
                record -> garbageScore.equals(record.value())).stream()
                .anyMatch(r -> garbageScore.equals(r.value())), "the unreadable score is dead-lettered as it came");
        assertTrue(kafka.readRecords("analytics-service.runs.dlq", Duration.ofSeconds(30),
                record -> garbageRun.equals(record.value())).stream()
                .anyMatch(r -> garbageRun.equals(r.value())), "the unreadable runs event is dead-lettered as it came");
    }

    @Test
    void badRequestsAnswerWithJsonErrors() {
        Response unknown = given().get("/api/runs/no-such-run");
        assertEquals(404, unknown.statusCode());
        assertEquals("run not found", unknown.jsonPath().getString("error"));
        assertEquals("no-such-run", unknown.jsonPath().getString("details[0].value"));

        Response blank = given().queryParam("dataset", " ").get("/api/leaderboard");
        assertEquals(400, blank.statusCode());
        assertEquals("dataset must not be blank", blank.jsonPath().getString("error"));

        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.contains("placebench_analytics_runs_active"), "active runs gauge exported");
        assertTrue(metrics.contains("placebench_analytics_scores_stored"), "stored scores gauge exported");
    }
}
