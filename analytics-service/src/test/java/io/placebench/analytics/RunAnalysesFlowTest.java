package io.placebench.analytics;

import static io.placebench.analytics.AnalyticsFlowTest.get;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.placebench.analytics.domain.stats.SpatialDiversity;
import io.placebench.events.GeoPlace;
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
import io.restassured.response.Response;
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
 * Two simulated runs over the same 25 images (6 each in France, Germany, Kenya, Nigeria, one at sea): run A is
 * accurate everywhere; run B is accurate in Europe and guesses Paris for every African image (one refused).
 * The region table, its disparity and chi-square, over-prediction, calibration and diversity must show it.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class RunAnalysesFlowTest {

    private static final double EPS = 1e-9;
    private static final SpatialDiversity.Point PARIS_POINT = new SpatialDiversity.Point(48.8566, 2.3522);
    private static final GeoPlace PARIS = place("EU", "FR", "France", "Île-de-France", "FR-IDF");

    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** One image of the dataset: its id, truth point and truth place (null at sea). */
    record Image(String id, double lat, double lon, GeoPlace place) {
        boolean african() {
            return place != null && "AF".equals(place.continent());
        }
    }

    static GeoPlace place(String continent, String country, String name, String region, String regionCode) {
        return new GeoPlace(continent, country, null, name, region, regionCode, null, null, null, null, "INSIDE",
                0.0);
    }

    static List<Image> images() {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(new Image("fr-" + i, 46 + 0.3 * i, 2 + 0.3 * i, i < 3 ? PARIS
                    : place("EU", "FR", "France", "Auvergne-Rhône-Alpes", "FR-ARA")));
            images.add(new Image("de-" + i, 50 + 0.3 * i, 10 + 0.3 * i, place("EU", "DE", "Germany", "Berlin",
                    "DE-BE")));
            images.add(new Image("ke-" + i, -1 + 0.3 * i, 37 + 0.3 * i, place("AF", "KE", "Kenya", "Nairobi",
                    null)));
            images.add(new Image("ng-" + i, 7 + 0.3 * i, 5 + 0.3 * i, place("AF", "NG", "Nigeria", "Lagos",
                    "NG-LA")));
        }
        images.add(new Image("sea", 0, -30, null));
        return images;
    }

    static ThresholdHits hits(double km) {
        return new ThresholdHits(km < 1, km < 25, km < 200, km < 750, km < 2500);
    }

    /** An answer at (lat, lon) with its place and region matches. */
    static ScoreComputed answered(String run, String dataset, Image image, double lat, double lon, GeoPlace predicted,
            RegionMatches matches, int confidence) {
        double km = SpatialDiversity.haversineKm(new SpatialDiversity.Point(image.lat(), image.lon()),
                new SpatialDiversity.Point(lat, lon));
        return new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, image.id(),
                "simulator", "sim", true, PredictionStatus.OK, true, image.lat(), image.lon(), lat, lon, km,
                5000 * Math.exp(-km / 1492.7), hits(km), new BigDecimal("0.001"), new TokenUsage(100, 20, 0, 0, 85),
                15, km, image.place(), predicted, matches, null, 1, confidence, Map.of());
    }

    static RegionMatches matches(Image image, boolean correct) {
        return image.place() == null ? new RegionMatches(null, null, null, null)
                : new RegionMatches(correct, correct, correct, correct);
    }

    /** Run A: about 5.6 km north of every truth, same place, confidence 4. */
    static ScoreComputed accurate(String run, String dataset, Image image, int confidence) {
        return answered(run, dataset, image, image.lat() + 0.05, image.lon(), image.place(), matches(image, true),
                confidence);
    }

    static void send(ScoreComputed score) {
        kafka.send(Topics.SCORES, Topics.runImageKey(score.runId(), score.imageId()), score);
    }

    static void send(RunChanged event) {
        kafka.send(Topics.RUNS, event.runId(), event);
    }

    static JsonNode group(JsonNode regions, String id) {
        return AnalyticsFlowTest.element(regions, "groups", "group", id);
    }

    static final String DATASET = "ds-regions-" + UUID.randomUUID();
    static final String RUN_A = "run-a-" + UUID.randomUUID();
    static final String RUN_B = "run-b-" + UUID.randomUUID();
    /**
     * Sends both runs unless this service already has them, and waits until analytics has stored them. (Asked of
     * the service, not remembered: a test class with other test resources restarts it on a new broker and database.)
     */
    static synchronized void ensureRuns() {
        if (stored(RUN_A, "sim-strong") && stored(RUN_B, "sim-weak")) {
            return;
        }
        send(new RunChanged(UUID.randomUUID().toString(), 1, Instant.now(), RUN_A, DATASET, "simulator", "sim-strong",
                "imageo", Map.of(), true, RunStatus.COMPLETED, 25, null, null));
        send(new RunChanged(UUID.randomUUID().toString(), 1, Instant.now(), RUN_B, DATASET, "simulator", "sim-weak",
                "imageo", Map.of(), true, RunStatus.COMPLETED, 25, null, null));
        for (Image image : images()) {
            send(accurate(RUN_A, DATASET, image, 4));
            if (!image.african()) {
                send(accurate(RUN_B, DATASET, image, 5));
            } else if (image.id().equals("ng-5")) {
                send(new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), RUN_B, DATASET, image.id(),
                        "simulator", "sim", true, PredictionStatus.REFUSED, false, image.lat(), image.lon(), null,
                        null, null, null, ThresholdHits.NONE, new BigDecimal("0.001"),
                        new TokenUsage(100, 5, 0, 0, 85), 12, null, image.place(), null, matches(image, false), null, 1,
                        null, null));
            } else {
                send(answered(RUN_B, DATASET, image, PARIS_POINT.lat(), PARIS_POINT.lon(), PARIS,
                        matches(image, false), 2));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> stored(RUN_A, "sim-strong") && stored(RUN_B, "sim-weak"));
    }

    /** Whether the service has the run's runs event applied and its 25 scores. */
    static boolean stored(String runId, String model) {
        io.restassured.response.Response response = given().get("/api/runs/" + runId);
        return response.statusCode() == 200 && model.equals(response.path("model"))
                && ((Number) response.path("scored")).longValue() == 25;
    }

    @Test
    void continentsShowRunBFailingInAfricaAndRunANowhere() {
        ensureRuns();
        JsonNode b = get("/api/runs/" + RUN_B + "/regions", "level", "continent");
        assertEquals(RUN_B, b.get("runId").asText());
        assertEquals("continent", b.get("level").asText());
        assertEquals(10, b.get("minN").asInt(), "default minN");
        assertEquals(25, b.get("n").asLong());
        JsonNode europe = group(b, "EU");
        assertEquals("Europe", europe.get("name").asText());
        assertEquals(12, europe.get("n").asLong());
        assertEquals(12, europe.get("acc25km").get("successes").asLong());
        assertEquals(1.0, europe.get("acc25km").get("rate").asDouble(), EPS);
        JsonNode africa = group(b, "AF");
        assertEquals(12, africa.get("n").asLong());
        assertEquals(11, africa.get("answered").asLong(), "one refusal");
        assertEquals(0, africa.get("acc25km").get("successes").asLong());
        assertEquals(12, africa.get("acc25km").get("n").asLong(), "the refusal counts as wrong");
        assertEquals(0.0, africa.get("acc25km").get("low").asDouble(), EPS);
        assertTrue(africa.get("acc25km").get("high").asDouble() > 0.2, "Wilson upper bound of 0/12 ≈ 0.24");
        assertEquals(0.0, africa.get("country").get("rate").asDouble(), EPS);
        assertTrue(africa.get("medianErrorKm").asDouble() > 2500, africa::toString);
        JsonNode none = b.get("unlabelled");
        assertTrue(none.get("group").isNull());
        assertEquals("(none)", none.get("name").asText());
        assertEquals(1, none.get("n").asLong());

        JsonNode disparity = b.get("disparity").get("acc25km");
        assertEquals("EU", disparity.get("best").get("group").asText());
        assertEquals("AF", disparity.get("worst").get("group").asText());
        assertEquals(1.0, disparity.get("gap").asDouble(), EPS);
        assertEquals(0.0, disparity.get("ratio").asDouble(), EPS);
        assertEquals(0.5, disparity.get("gini").asDouble(), EPS, "{1, 0}: 2 / (2·4·0.5)");
        assertEquals(0.0, disparity.get("worstGroupAccuracy").asDouble(), EPS);
        assertEquals(2, disparity.get("groupsCounted").asInt());
        assertEquals(10, disparity.get("minN").asInt());
        assertEquals(1.0, b.get("disparity").get("country").get("gap").asDouble(), EPS);
        assertEquals(1.0, b.get("disparity").get("acc750km").get("gap").asDouble(), EPS);

        // country match × continent: [[AF 0, EU 12], [AF 12, EU 0]]: N(ad − bc)²/(12⁴) = 24·144²/12⁴ = 24
        JsonNode chi = b.get("chiSquare");
        assertEquals(24.0, chi.get("statistic").asDouble(), 1e-9);
        assertEquals(1, chi.get("df").asInt());
        assertTrue(chi.get("p").asDouble() < 1e-5, chi::toString);
        assertEquals("[\"AF\",\"EU\"]", chi.get("columns").toString());
        assertEquals("[[0,12],[12,0]]", chi.get("table").toString());
        assertEquals(24, chi.get("total").asLong(), "the image at sea has no country to match");

        JsonNode a = get("/api/runs/" + RUN_A + "/regions", "level", "continent");
        JsonNode fair = a.get("disparity").get("acc25km");
        assertEquals(0.0, fair.get("gap").asDouble(), EPS);
        assertEquals(0.0, fair.get("gini").asDouble(), EPS);
        assertEquals(1.0, fair.get("ratio").asDouble(), EPS);
        assertTrue(a.get("chiSquare").get("statistic").isNull(), "every country match correct: no test");
        assertEquals("[\"wrong\"]", a.get("chiSquare").get("droppedRows").toString());
    }

    @Test
    void countriesRegionsAndOverPrediction() {
        ensureRuns();
        JsonNode b = get("/api/runs/" + RUN_B + "/regions");
        assertEquals("country", b.get("level").asText(), "default level");
        assertEquals(4, b.get("groups").size());
        assertEquals("Kenya", group(b, "KE").get("name").asText());
        JsonNode d10 = b.get("disparity").get("acc25km");
        assertEquals(0, d10.get("groupsCounted").asInt(), "6 images per country < minN 10");
        assertEquals(4, d10.get("groupsExcluded").asInt());
        assertTrue(d10.get("best").isNull());

        JsonNode b5 = get("/api/runs/" + RUN_B + "/regions", "level", "country", "minN", "5");
        JsonNode d5 = b5.get("disparity").get("acc25km");
        assertEquals(4, d5.get("groupsCounted").asInt());
        assertEquals("DE", d5.get("best").get("group").asText(), "tie DE/FR: the smaller id");
        assertEquals("KE", d5.get("worst").get("group").asText());
        assertEquals(0.5, d5.get("gini").asDouble(), EPS, "{1, 1, 0, 0}: 8 / (2·16·0.5)");

        // over-prediction: predicted FR 6 + 11 of 23 answered with a country against 6 of 24 true
        JsonNode over = b.get("overPrediction");
        assertEquals(23, over.get("predictedTotal").asLong());
        assertEquals(24, over.get("trueTotal").asLong());
        JsonNode fr = over.get("top").get(0);
        assertEquals("FR", fr.get("category").asText());
        assertEquals(17, fr.get("predicted").asLong());
        assertEquals(6, fr.get("actual").asLong());
        assertEquals(17.0 / 23 - 0.25, fr.get("excess").asDouble(), EPS);
        for (JsonNode row : over.get("top")) {
            assertTrue(row.get("excess").asDouble() > 0, "only over-predicted countries are listed");
        }
        assertEquals(2.0, b.get("entropy").get("truth").get("bits").asDouble(), EPS);
        assertEquals(1.0, b.get("entropy").get("truth").get("normalised").asDouble(), EPS);
        double p = 6.0 / 23;
        double q = 17.0 / 23;
        assertEquals(-(p * Math.log(p) + q * Math.log(q)) / Math.log(2),
                b.get("entropy").get("predicted").get("bits").asDouble(), EPS);

        JsonNode regions = get("/api/runs/" + RUN_B + "/regions", "level", "region");
        assertEquals("Nairobi", group(regions, "KE/Nairobi").get("name").asText(), "no ISO code: country/name");
        assertEquals(3, group(regions, "FR-IDF").get("n").asLong());
        assertEquals(6, group(regions, "NG-LA").get("n").asLong());
    }

    @Test
    void calibrationAndDiversity() {
        ensureRuns();
        JsonNode b = get("/api/runs/" + RUN_B + "/calibration");
        assertEquals(25, b.get("n").asLong());
        assertEquals(24, b.get("withConfidence").asLong());
        assertEquals(1, b.get("withoutConfidence").asLong(), "the refusal");
        assertEquals(5, b.get("levels").size());
        JsonNode level2 = b.get("levels").get(1);
        assertEquals(2, level2.get("level").asInt());
        assertEquals(11, level2.get("accuracy").get("n").asLong());
        assertEquals(0.0, level2.get("accuracy").get("rate").asDouble(), EPS);
        JsonNode level5 = b.get("levels").get(4);
        assertEquals(13, level5.get("accuracy").get("n").asLong());
        assertEquals(1.0, level5.get("accuracy").get("rate").asDouble(), EPS);
        // ECE = 13/24·|1 − 1| + 11/24·|0 − 0.4|
        assertEquals(11.0 / 24 * 0.4, b.get("ece").asDouble(), EPS);
        assertEquals(24, b.get("spearman").get("n").asInt());
        assertTrue(b.get("spearman").get("rho").asDouble() < -0.8, b::toString);
        assertTrue(b.get("spearman").get("p").asDouble() < 1e-3, b::toString);

        JsonNode a = get("/api/runs/" + RUN_A + "/calibration");
        assertEquals(25, a.get("levels").get(3).get("accuracy").get("n").asLong());
        assertEquals(0.2, a.get("ece").asDouble(), EPS, "always level 4 (0.8) and always right");
        assertTrue(a.get("spearman").get("rho").isNull(), "constant confidence: no correlation");

        JsonNode db = get("/api/runs/" + RUN_B + "/diversity");
        assertEquals(25, db.get("images").asLong());
        assertEquals(24, db.get("answered").asLong());
        assertEquals(24, db.get("points").asInt());
        JsonNode predicted = db.get("predicted");
        JsonNode truth = db.get("truth");
        assertEquals(24, predicted.get("n").asInt());
        assertTrue(predicted.get("grid").get("occupied").asInt() < truth.get("grid").get("occupied").asInt(), db::toString);
        assertTrue(predicted.get("grid").get("entropyBits").asDouble() < truth.get("grid").get("entropyBits").asDouble());
        assertTrue(predicted.get("hull").get("areaKm2").asDouble() < truth.get("hull").get("areaKm2").asDouble(),
                "Africa is missing from the guesses");
        assertTrue(predicted.get("clarkEvans").get("ratio").isNumber(), db::toString);

        JsonNode da = get("/api/runs/" + RUN_A + "/diversity");
        assertEquals(25, da.get("points").asInt());
        double hullA = da.get("predicted").get("hull").get("areaKm2").asDouble();
        double hullTruth = da.get("truth").get("hull").get("areaKm2").asDouble();
        assertEquals(1.0, hullA / hullTruth, 0.05, "guesses 5.6 km off the truth span about the same hull");
    }

    @Test
    void badParametersAndUnknownRuns() {
        ensureRuns();
        for (String level : new String[] {"city", " "}) {
            Response r = given().queryParam("level", level).get("/api/runs/" + RUN_A + "/regions");
            assertEquals(400, r.statusCode(), r::asString);
            assertEquals("level must be continent, country or region", r.jsonPath().getString("error"));
            assertEquals("level", r.jsonPath().getString("details[0].field"));
        }
        for (String minN : new String[] {"0", "-3", "ten"}) {
            Response r = given().queryParam("minN", minN).get("/api/runs/" + RUN_A + "/regions");
            assertEquals(400, r.statusCode(), r::asString);
            assertEquals("minN must be an integer of at least 1", r.jsonPath().getString("error"));
        }
        for (String path : new String[] {"regions", "calibration", "diversity"}) {
            Response r = given().get("/api/runs/no-such-run/" + path);
            assertEquals(404, r.statusCode(), r::asString);
            assertEquals("run not found", r.jsonPath().getString("error"));
            assertEquals("no-such-run", r.jsonPath().getString("details[0].value"));
        }
        // the run endpoints beside these still route
        assertEquals(RUN_A, get("/api/runs/" + RUN_A).get("runId").asText());
        assertTrue(get("/api/runs", "dataset", DATASET).isArray());
        String openapi = given().get("/q/openapi").asString();
        assertTrue(openapi.contains("/api/runs/{runId}/regions") && openapi.contains("/api/runs/{runId}/calibration")
                && openapi.contains("/api/runs/{runId}/diversity"), "documented in OpenAPI");
    }
}
