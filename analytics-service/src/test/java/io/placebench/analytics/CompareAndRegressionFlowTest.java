package io.placebench.analytics;

import static io.placebench.analytics.AnalyticsFlowTest.get;
import static io.placebench.analytics.AnalyticsFlowTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.placebench.events.GeoPlace;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RegionMatches;
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

/**
 * {@code GET /api/compare} and {@code GET /api/runs/{runId}/regression} over real Kafka and PostgreSQL: two
 * simulated runs of one dataset of 60 images (sim-strong accurate, sim-weak worse and refusing 6 images), each image
 * with the model's scene and dataset attributes; a third run on another dataset without either.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class CompareAndRegressionFlowTest {

    private static final String[] TYPES = {"street", "landmark", "nature"};
    private static final String DATASET = "cmp-" + UUID.randomUUID();
    private static final String STRONG = "run-strong-" + UUID.randomUUID();
    private static final String WEAK = "run-weak-" + UUID.randomUUID();
    private static final String OTHER = "run-other-" + UUID.randomUUID();
    private static final int IMAGES = 60;

    static KafkaTestClient kafka;
    static boolean sent;

    @Inject
    javax.sql.DataSource dataSource;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** Sends the three runs once and waits until analytics has stored all of them. */
    void ensureData() throws Exception {
        if (!sent) {
            sent = true;
            Instant t0 = Instant.now().minusSeconds(60);
            for (String[] run : List.of(new String[] {STRONG, DATASET, "sim-strong"},
                    new String[] {WEAK, DATASET, "sim-weak"}, new String[] {OTHER, "cmp-other", "sim-strong"})) {
                kafka.send(Topics.RUNS, run[0], new RunChanged(UUID.randomUUID().toString(), 1, t0, run[0], run[1],
                        "simulator", run[2], "imageo", Map.of(), true, RunStatus.COMPLETED, IMAGES, null, null));
            }
            for (int i = 0; i < IMAGES; i++) {
                String image = image(i);
                kafka.send(Topics.IMAGES, image, new ImageIngested(UUID.randomUUID().toString(), 1, Instant.now(),
                        DATASET, image, "a".repeat(64), "image/jpeg", 10, "http://x",
                        new GroundTruth(48.85, 2.35, "Paris", "Île-de-France", "France"),
                        Map.of("weather", (i / 5) % 2 == 0 ? "clear" : "cloudy", "lighting",
                                i % 6 == 0 ? "night" : "day", "photo_id", "p" + i)));
                send(score(STRONG, DATASET, "sim-strong", i, true));
                send(score(WEAK, DATASET, "sim-weak", i, false));
            }
            for (int i = 0; i < 8; i++) {
                ScoreComputed s = score(OTHER, "cmp-other", "sim-strong", i, true);
                send(new ScoreComputed(s.eventId(), 1, s.occurredAt(), s.runId(), s.datasetId(), s.imageId(),
                        s.provider(), s.model(), true, s.status(), s.answered(), s.truthLatitude(),
                        s.truthLongitude(), s.predictedLatitude(), s.predictedLongitude(), s.distanceKm(),
                        s.geoguessrScore(), s.hits(), s.costUsd(), s.usage(), s.latencyMs(), s.geodesicKm(), null, null,
                        s.regionMatches(), null, 1, null, null));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertEquals(IMAGES, get("/api/runs/" + STRONG).get("scored").asInt());
            assertEquals(IMAGES, get("/api/runs/" + WEAK).get("scored").asInt());
            assertEquals(8, get("/api/runs/" + OTHER).get("scored").asInt());
            try (var c = dataSource.getConnection(); var q = c.createStatement(); var rs = q.executeQuery(
                    "select count(*) from analytics.image where dataset_id = '" + DATASET + "'")) {
                rs.next();
                assertEquals(IMAGES, rs.getInt(1));
            }
        });
    }

    static String image(int i) {
        return String.format("img-%02d", i);
    }

    /**
     * Image i: scene_type street/landmark/nature by i mod 3; within 25 km when (7i mod 10) is below the model's
     * level for that type (strong 8/9/5 of 10, weak 3/4/1); the weak model refuses when i mod 10 = 9; no city
     * label when i mod 15 = 4.
     */
    static ScoreComputed score(String run, String dataset, String model, int i, boolean strong) {
        String type = TYPES[i % 3];
        int level = strong ? Map.of("street", 8, "landmark", 9, "nature", 5).get(type)
                : Map.of("street", 3, "landmark", 4, "nature", 1).get(type);
        Boolean cityLabel = i % 15 == 4 ? null : Boolean.TRUE;
        String id = image(i);
        if (!strong && i % 10 == 9) {
            return new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, id, "simulator",
                    model, true, PredictionStatus.REFUSED, false, 48.85, 2.35, null, null, null, null,
                    ThresholdHits.NONE, new BigDecimal("0.001"), new TokenUsage(100, 5, 0, 0, 85), 12, null, null,
                    null, new RegionMatches(false, false, false, cityLabel == null ? null : false), null, 1, null,
                    null);
        }
        boolean hit = (i * 7) % 10 < level;
        double km = strong ? (hit ? 2 + (i % 7) * 3 : 60 + i * 25) : (hit ? 5 + (i % 5) * 4 : 400 + i * 60);
        Map<String, String> scene = Map.of("environment", i % 4 < 2 ? "urban" : "rural", "scene_type", type,
                "setting", i % 5 == 0 ? "indoor" : "outdoor");
        return new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, id, "simulator",
                model, true, PredictionStatus.OK, true, 48.85, 2.35, 48.0, 2.0, km, 5000 * Math.exp(-km / 1492.7),
                new ThresholdHits(km < 1, km < 25, km < 200, km < 750, km < 2500), new BigDecimal("0.002"),
                new TokenUsage(100, 20, 0, 0, 85), 15, km, (GeoPlace) null, null,
                new RegionMatches(km < 2500, km < 750, km < 200, cityLabel == null ? null : hit), null, 1, 3,
                scene);
    }

    static void send(ScoreComputed score) {
        kafka.send(Topics.SCORES, Topics.runImageKey(score.runId(), score.imageId()), score);
    }

    static JsonNode test(JsonNode pair, String figure) {
        return AnalyticsFlowTest.element(pair, "tests", "figure", figure);
    }

    static JsonNode fit(JsonNode body, String outcome) {
        return AnalyticsFlowTest.element(body, "fits", "outcome", outcome);
    }

    static JsonNode term(JsonNode fit, String name) {
        return AnalyticsFlowTest.element(fit, "terms", "term", name);
    }

    @Test
    void pairedTestsTellTheRunsApart() throws Exception {
        ensureData();
        JsonNode body = get("/api/compare", "runs", STRONG + "," + WEAK);
        assertEquals(DATASET, body.get("datasetId").asText());
        assertEquals(1, body.get("pairs").size());
        assertEquals(8, body.get("adjustedTests").asInt());
        JsonNode pair = body.get("pairs").get(0);
        assertEquals(STRONG, pair.get("a").asText());
        assertEquals(WEAK, pair.get("b").asText());
        assertEquals(IMAGES, pair.get("n").asInt());

        JsonNode acc25 = test(pair, "acc25km");
        assertEquals("mcnemar-chi2", acc25.get("test").asText(), "30 discordant pairs");
        assertEquals(30, acc25.get("aOnly").asInt());
        assertEquals(0, acc25.get("bOnly").asInt());
        assertEquals(0.5, acc25.get("difference").asDouble(), 1e-12, "44/60 − 14/60");
        assertTrue(acc25.get("pHolm").asDouble() < 0.05, acc25::toString);
        assertTrue(acc25.get("low").asDouble() > 0);

        JsonNode distance = test(pair, "distanceKm");
        assertEquals(IMAGES - 6, distance.get("n").asInt(), "images both answered");
        assertTrue(distance.get("difference").asDouble() < 0, "strong is closer: a − b < 0");
        assertTrue(distance.get("high").asDouble() < 0, distance::toString);
        assertTrue(distance.get("pHolm").asDouble() < 0.05, distance::toString);
        assertTrue(distance.get("test").asText().startsWith("wilcoxon-"));
        JsonNode score = test(pair, "score");
        assertEquals(IMAGES, score.get("n").asInt());
        assertTrue(score.get("difference").asDouble() > 0);
        JsonNode country = test(pair, "country");
        assertEquals(IMAGES, country.get("n").asInt(), "every truth has a country here");
        for (JsonNode t : pair.get("tests")) {
            assertTrue(t.get("pHolm").asDouble() >= t.get("p").asDouble(), t::toString);
        }
        assertEquals(STRONG, pair.get("summary").get("acc25km").get("better").asText());
        assertTrue(pair.get("summary").get("acc25km").get("significant").asBoolean());
        assertEquals(STRONG, pair.get("summary").get("meanScore").get("better").asText());

        JsonNode swapped = get("/api/compare", "runs", WEAK + ", " + STRONG).get("pairs").get(0);
        assertEquals(-0.5, test(swapped, "acc25km").get("difference").asDouble(), 1e-12);
        assertTrue(test(swapped, "distanceKm").get("difference").asDouble() > 0);

        JsonNode byDataset = get("/api/compare", "dataset", DATASET);
        assertEquals(1, byDataset.get("pairs").size());
        assertEquals(acc25.get("p").asDouble(), test(byDataset.get("pairs").get(0), "acc25km").get("p").asDouble());
    }

    @Test
    void compareRejectsBadRequests() throws Exception {
        ensureData();
        assertEquals("runs or dataset is required", request(400, "/api/compare").get("error").asText());
        assertEquals("fewer than two runs to compare",
                request(400, "/api/compare", "runs", STRONG).get("error").asText());
        assertEquals("a run is listed twice",
                request(400, "/api/compare", "runs", STRONG + "," + STRONG).get("error").asText());
        assertEquals("give either runs or dataset, not both",
                request(400, "/api/compare", "runs", STRONG + "," + WEAK, "dataset", DATASET).get("error").asText());
        JsonNode mixed = request(400, "/api/compare", "runs", STRONG + "," + OTHER);
        assertEquals("runs belong to different datasets", mixed.get("error").asText());
        assertTrue(mixed.get("details").toString().contains("cmp-other"), mixed::toString);
        assertEquals("fewer than two runs to compare",
                request(400, "/api/compare", "dataset", "no-such-dataset").get("error").asText());
        assertEquals("dataset must not be blank", request(400, "/api/compare", "dataset", " ").get("error").asText());
        JsonNode unknown = request(404, "/api/compare", "runs", STRONG + ",no-such-run");
        assertEquals("run not found", unknown.get("error").asText());
        assertEquals("no-such-run", unknown.at("/details/0/value").asText());
    }

    @Test
    void regressionOnSceneFeaturesAndAttributes() throws Exception {
        ensureData();
        // the route lives beside /api/runs/{id}: both answer
        assertEquals(STRONG, get("/api/runs/" + STRONG).get("runId").asText());
        JsonNode body = get("/api/runs/" + STRONG + "/regression");
        assertEquals(IMAGES, body.get("n").asInt());
        assertEquals(5, body.get("minLevelCount").asInt());
        List<String> features = new ArrayList<>();
        body.get("features").forEach(f -> features.add(f.asText()));
        assertEquals(List.of("environment", "scene_type", "setting", "landmark", "lighting", "weather"), features);
        assertEquals("photo_id", body.get("skipped").get(0).get("feature").asText());
        assertEquals(3, body.get("fits").size());

        JsonNode acc = fit(body, "acc25km");
        assertEquals("logistic", acc.get("model").asText());
        assertTrue(acc.get("converged").asBoolean(), acc::toString);
        assertEquals(IMAGES, acc.get("n").asInt());
        JsonNode street = term(acc, "scene_type=street");
        assertTrue(Double.isFinite(street.get("estimate").asDouble()) && street.get("estimate").isNumber());
        assertTrue(street.get("oddsRatio").isNumber());
        assertTrue(street.get("low").asDouble() < street.get("estimate").asDouble());
        assertTrue(term(acc, "scene_type=nature").get("estimate").asDouble() < 0, "nature is the hardest type");
        assertTrue(acc.get("aic").isNumber() && acc.get("logLikelihood").isNumber());

        JsonNode city = fit(body, "city_correct");
        assertEquals(IMAGES - 4, city.get("n").asInt(), "4 images without a city label");
        assertEquals(4, city.get("excluded").get("noCityLabel").asInt());
        assertTrue(city.get("converged").asBoolean(), city::toString);

        JsonNode ols = fit(body, "log1p_error_km");
        assertEquals("linear", ols.get("model").asText());
        assertEquals(IMAGES, ols.get("n").asInt());
        assertTrue(ols.get("rSquared").isNumber(), ols::toString);
        assertTrue(term(ols, "scene_type=street").get("estimate").isNumber());
        assertTrue(term(ols, "scene_type=street").get("oddsRatio").isNull());
        assertTrue(ols.get("dropped").toString().contains("landmark="), "landmark=yes repeats scene_type=landmark");
        assertEquals(1.0, body.get("ridge").get("lambda").asDouble());
        assertEquals(IMAGES, body.get("ridge").get("n").asInt());

        JsonNode weak = get("/api/runs/" + WEAK + "/regression", "lambda", "2.5", "minLevelCount", "3");
        assertEquals(2.5, weak.get("ridge").get("lambda").asDouble());
        assertEquals(3, weak.get("minLevelCount").asInt());
        assertEquals(6, fit(weak, "acc25km").get("excluded").get("unansweredWithoutScene").asInt());
        assertEquals(IMAGES - 6, fit(weak, "log1p_error_km").get("n").asInt());
        assertTrue(term(fit(weak, "log1p_error_km"), "scene_type=street").get("estimate").isNumber());
    }

    @Test
    void regressionWithoutFeaturesAndBadRequests() throws Exception {
        ensureData();
        JsonNode other = get("/api/runs/" + OTHER + "/regression");
        assertEquals(0, other.get("fits").size());
        assertNotNull(other.get("reason").textValue());
        assertFalse(other.get("reason").asText().isBlank());

        assertEquals("run not found", request(404, "/api/runs/no-such-run/regression").get("error").asText());
        assertEquals("minLevelCount", request(400, "/api/runs/" + STRONG + "/regression", "minLevelCount", "0")
                .at("/details/0/field").asText());
        assertEquals("lambda", request(400, "/api/runs/" + STRONG + "/regression", "lambda", "-1")
                .at("/details/0/field").asText());
        request(400, "/api/runs/" + STRONG + "/regression", "lambda", "abc");
        request(400, "/api/runs/" + STRONG + "/regression", "lambda", "NaN");
    }
}
