package io.placebench.analytics;

import static io.placebench.analytics.AnalyticsFlowTest.fieldNames;
import static io.placebench.analytics.AnalyticsFlowTest.get;
import static io.placebench.analytics.AnalyticsFlowTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.placebench.events.Address;
import io.placebench.events.GeoAnswer;
import io.placebench.events.GeoPlace;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.events.PredictionMade;
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
import io.restassured.RestAssured;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
 * The image drill-down against real Kafka and PostgreSQL: predictions, scores and runs events in, each run's
 * answer to an image (raw response, reasoning, status, tokens, cost, attempts) and a run's filtered image list out.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ImageDrillDownFlowTest {

    private static final String DLQ = "analytics-service.predictions.dlq";
    private static final GeoPlace PARIS = new GeoPlace("EU", "FR", "FRA", "France", "Île-de-France", "FR-IDF",
            2988507L, "Paris", 2138551L, 1.2, "INSIDE", 0.0);
    private static final GeoPlace LYON = new GeoPlace("EU", "FR", "FRA", "France", "Auvergne-Rhône-Alpes", "FR-ARA",
            2996944L, "Lyon", 472317L, 0.4, "INSIDE", 0.0);
    private static final GeoPlace BERLIN = new GeoPlace("EU", "DE", "DEU", "Germany", "Berlin", "DE-BE", 2950159L,
            "Berlin", 3426354L, 0.5, "INSIDE", 0.0);

    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static RunChanged run(String run, String dataset, String provider, String model) {
        return new RunChanged(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, provider, model, "imageo",
                Map.of(), false, RunStatus.RUNNING, 10, null, null);
    }

    static PredictionMade prediction(String run, String dataset, String image, PredictionStatus status,
            GeoAnswer answer, String raw, TokenUsage usage, String cost, int attempts, int requestAttempt) {
        return new PredictionMade(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, image, "openai",
                "gpt-test", "imageo", "h", false, status, answer, raw, null, 200, usage, new BigDecimal(cost), 850,
                attempts, null, requestAttempt);
    }

    static PredictionMade failed(String run, String dataset, String image, int httpStatus, String errorType,
            String error, String cost, int attempts, int requestAttempt) {
        return new PredictionMade(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, image, "openai",
                "gpt-test", "imageo", "h", false, PredictionStatus.API_ERROR, null, null, error, httpStatus,
                new TokenUsage(0, 0, 0, 0, 0), new BigDecimal(cost), 120, attempts, errorType, requestAttempt);
    }

    /** A score of {@code image}: answered when {@code km} is given (predicted in {@code predicted}). */
    static ScoreComputed score(String run, String dataset, String image, PredictionStatus status, GeoPlace truth,
            Double km, GeoPlace predicted, String cost, int requestAttempt) {
        boolean answered = km != null;
        return new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, image, "openai",
                "gpt-test", false, status, answered, 48.8566, 2.3522, answered ? 45.76 : null,
                answered ? 4.84 : null, km, answered ? Math.max(0, 5000 - km) : null,
                answered ? new ThresholdHits(km <= 1, km <= 25, km <= 200, km <= 750, km <= 2500) : ThresholdHits.NONE,
                new BigDecimal(cost), new TokenUsage(1200, 300, 0, 0, 800), 850, km, truth,
                answered ? predicted : null, null, null, requestAttempt, answered ? 4 : null,
                answered ? Map.of("scene_type", "street") : null);
    }

    static void send(PredictionMade prediction) {
        kafka.send(Topics.PREDICTIONS, Topics.runImageKey(prediction.runId(), prediction.imageId()), prediction);
    }

    static void send(ScoreComputed score) {
        kafka.send(Topics.SCORES, Topics.runImageKey(score.runId(), score.imageId()), score);
    }

    static void send(RunChanged event) {
        kafka.send(Topics.RUNS, event.runId(), event);
    }

    static JsonNode image(String dataset, String image) {
        return get("/api/datasets/" + dataset + "/images/" + image);
    }

    static JsonNode answerOf(JsonNode image, String runId) {
        return AnalyticsFlowTest.element(image, "answers", "runId", runId);
    }

    static void assertMoney(String expected, JsonNode value) {
        assertEquals(0, new BigDecimal(expected).compareTo(value.decimalValue()), () -> "got " + value);
    }

    @Test
    void everyRunsAnswerToAnImageWithItsRawResponseReasoningTokensAndCost() {
        String dataset = "ds-drill-" + UUID.randomUUID();
        String strong = "run-ok-" + UUID.randomUUID();
        String shy = "run-refused-" + UUID.randomUUID();
        String image = "img-1";
        send(run(strong, dataset, "openai", "gpt-strong"));
        send(run(shy, dataset, "anthropic", "claude-shy"));
        kafka.send(Topics.IMAGES, image, new ImageIngested(UUID.randomUUID().toString(), 1, Instant.now(), dataset,
                image, "a".repeat(64), "image/jpeg", 10, "http://x",
                new GroundTruth(48.8566, 2.3522, "Paris", "Île-de-France", "France"),
                Map.of("weather", "clear", "lighting", "day")));
        String raw = "{\"latitude\": 45.76, \"longitude\": 4.84, \"reasoning\": \"traboules and bouchons\"}";
        GeoAnswer lyon = new GeoAnswer(45.76, 4.84, new Address(null, "Lyon", "Auvergne-Rhône-Alpes", "France"), 4,
                Map.of("scene_type", "street", "environment", "urban"), "traboules and bouchons");
        send(prediction(strong, dataset, image, PredictionStatus.OK, lyon, raw,
                new TokenUsage(1200, 300, 0, 120, 800), "0.0042", 2, 1));
        send(prediction(shy, dataset, image, PredictionStatus.REFUSED, null, "I can't help identify locations.",
                new TokenUsage(1100, 12, 0, 0, 800), "0.0011", 1, 1));
        send(score(strong, dataset, image, PredictionStatus.OK, PARIS, 392.0, LYON, "0.0042", 1));
        send(score(shy, dataset, image, PredictionStatus.REFUSED, PARIS, null, null, "0.0011", 1));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode body = request(200, "/api/datasets/" + dataset + "/images/" + image);
            assertEquals(2, body.get("answers").size(), body::toString);
            for (JsonNode answer : body.get("answers")) {
                assertFalse(answer.get("rawResponse").isNull(), "answer stored: " + answer);
            }
            assertTrue(body.get("attributes").has("weather"), "image stored: " + body);
            assertFalse(answerOf(body, strong).get("distanceKm").isNull(), "score stored: " + body);
            assertEquals("gpt-strong", answerOf(body, strong).get("model").asText(), "runs event applied");
            assertEquals("claude-shy", answerOf(body, shy).get("model").asText(), "runs event applied");
        });

        JsonNode body = image(dataset, image);
        assertEquals(List.of("datasetId", "imageId", "truth", "datasetTruth", "attributes", "answers"),
                fieldNames(body));
        assertEquals(dataset, body.get("datasetId").asText());
        assertEquals(image, body.get("imageId").asText());
        JsonNode truth = body.get("truth");
        assertEquals(List.of("latitude", "longitude", "continent", "countryCode", "country", "region",
                "regionCode", "city"), fieldNames(truth));
        assertEquals(48.8566, truth.get("latitude").asDouble(), 1e-9);
        assertEquals("FR", truth.get("countryCode").asText());
        assertEquals("Paris", truth.get("city").asText());
        assertEquals("Île-de-France", body.get("datasetTruth").get("admin1").asText());
        assertEquals("clear", body.get("attributes").get("weather").asText());
        assertEquals(List.of("anthropic", "openai"), List.of(body.get("answers").get(0).get("provider").asText(),
                body.get("answers").get(1).get("provider").asText()), "by provider, model, run id");

        JsonNode ok = answerOf(body, strong);
        assertEquals(List.of("runId", "provider", "model", "simulated", "promptId", "status", "answered",
                "requestAttempt", "attempts", "httpStatus", "errorType", "error", "predicted", "distanceKm",
                "geoguessrScore", "confidence", "scene", "answer", "rawResponse", "rawTruncated", "reasoning",
                "inputTokens", "outputTokens", "reasoningTokens", "costUsd", "latencyMs"), fieldNames(ok));
        assertEquals("gpt-strong", ok.get("model").asText(), "the run's model");
        assertEquals("imageo", ok.get("promptId").asText());
        assertEquals("OK", ok.get("status").asText());
        assertTrue(ok.get("answered").asBoolean());
        assertEquals(2, ok.get("attempts").asInt());
        assertEquals(200, ok.get("httpStatus").asInt());
        assertTrue(ok.get("error").isNull());
        assertEquals("Lyon", ok.get("predicted").get("city").asText());
        assertEquals("FR-ARA", ok.get("predicted").get("regionCode").asText());
        assertEquals(392.0, ok.get("distanceKm").asDouble(), 1e-9);
        assertEquals(4608.0, ok.get("geoguessrScore").asDouble(), 1e-9);
        assertEquals(4, ok.get("confidence").asInt());
        assertEquals("street", ok.get("scene").get("scene_type").asText());
        JsonNode parsed = ok.get("answer");
        assertEquals(45.76, parsed.get("latitude").asDouble(), 1e-9);
        assertEquals("Lyon", parsed.get("address").get("city").asText());
        assertEquals("urban", parsed.get("scene").get("environment").asText());
        assertTrue(parsed.get("reasoning").isNull(), "the reasoning is kept once, beside the answer");
        assertEquals(raw, ok.get("rawResponse").asText());
        assertFalse(ok.get("rawTruncated").asBoolean());
        assertEquals("traboules and bouchons", ok.get("reasoning").asText());
        assertEquals(1200, ok.get("inputTokens").asLong());
        assertEquals(300, ok.get("outputTokens").asLong());
        assertEquals(120, ok.get("reasoningTokens").asLong());
        assertMoney("0.0042", ok.get("costUsd"));
        assertEquals(850, ok.get("latencyMs").asLong());

        JsonNode refused = answerOf(body, shy);
        assertEquals("claude-shy", refused.get("model").asText());
        assertEquals("REFUSED", refused.get("status").asText());
        assertFalse(refused.get("answered").asBoolean());
        assertTrue(refused.get("answer").isNull());
        assertTrue(refused.get("distanceKm").isNull());
        assertTrue(refused.get("reasoning").isNull());
        assertEquals("I can't help identify locations.", refused.get("rawResponse").asText());
        assertEquals(12, refused.get("outputTokens").asLong());
        assertMoney("0.0011", refused.get("costUsd"));
        assertEquals(1, refused.get("attempts").asInt());

        JsonNode unknown = request(404, "/api/datasets/" + dataset + "/images/no-such-image");
        assertEquals("image not found", unknown.get("error").asText());
        assertEquals("no-such-image", unknown.at("/details/0/value").asText(), unknown::toString);
        request(404, "/api/datasets/no-such-dataset/images/" + image);
    }

    @Test
    void aRetriedAttemptReplacesTheFirstAndTheCostsAddUp() {
        String dataset = "ds-retry-" + UUID.randomUUID();
        String run = "run-retry-" + UUID.randomUUID();
        String image = "img-r";
        send(run(run, dataset, "openai", "gpt-test"));
        PredictionMade first = failed(run, dataset, image, 429, "rate_limit_error", "Rate limit reached", "0.001", 3,
                1);
        PredictionMade retry = prediction(run, dataset, image, PredictionStatus.OK,
                new GeoAnswer(45.76, 4.84, null, 3), "{\"latitude\": 45.76, \"longitude\": 4.84}",
                new TokenUsage(1000, 50, 0, 10, 800), "0.002", 1, 2);
        send(first);
        send(retry);
        send(first); // a late redelivery of attempt 1 must not undo the retry
        send(prediction(run, dataset, image, PredictionStatus.REFUSED, null, "re-published", TokenUsage.NONE, "0.5", 1,
                2)); // another copy of attempt 2 changes nothing either
        // Behind them on the same partition: a record that is dead-lettered, so once it is, they were all consumed.
        PredictionMade marker = prediction(run, null, image, PredictionStatus.OK, null, "marker", TokenUsage.NONE, "0",
                1, 3);
        send(marker);
        send(score(run, dataset, image, PredictionStatus.API_ERROR, PARIS, null, null, "0.001", 1));
        send(score(run, dataset, image, PredictionStatus.OK, PARIS, 392.0, LYON, "0.002", 2));

        assertTrue(kafka.readRecords(DLQ, Duration.ofSeconds(60), r -> r.value() != null
                && r.value().contains(marker.eventId())).stream()
                .anyMatch(r -> r.value() != null && r.value().contains(marker.eventId())),
                "the record lacking datasetId is dead-lettered");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode answer = answerOf(request(200, "/api/datasets/" + dataset + "/images/" + image), run);
            assertTrue(answer.get("answered").asBoolean(), answer::toString);
            assertFalse(answer.get("distanceKm").isNull(), answer::toString);
        });
        JsonNode answer = answerOf(image(dataset, image), run);
        assertEquals("OK", answer.get("status").asText());
        assertEquals(2, answer.get("requestAttempt").asInt());
        assertEquals(4, answer.get("attempts").asInt(), "3 calls for attempt 1, 1 for attempt 2");
        assertEquals(200, answer.get("httpStatus").asInt());
        assertTrue(answer.get("errorType").isNull(), "the failure of attempt 1 is replaced");
        assertTrue(answer.get("error").isNull());
        assertEquals("{\"latitude\": 45.76, \"longitude\": 4.84}", answer.get("rawResponse").asText());
        assertMoney("0.003", answer.get("costUsd"));
        assertEquals(1000, answer.get("inputTokens").asLong());
        assertEquals(10, answer.get("reasoningTokens").asLong());
        assertEquals(392.0, answer.get("distanceKm").asDouble(), 1e-9);
    }

    @Test
    void aRawResponseOverTheCapIsTruncatedAndFlagged() {
        String dataset = "ds-long-" + UUID.randomUUID();
        String run = "run-long-" + UUID.randomUUID();
        String long1 = "Let me think. " + "The architecture looks Haussmannian. ".repeat(3000);
        send(run(run, dataset, "openai", "gpt-verbose"));
        send(prediction(run, dataset, "img-l", PredictionStatus.OK,
                new GeoAnswer(48.85, 2.35, null, 5, null, "ü".repeat(40_000)), long1,
                new TokenUsage(1000, 30000, 0, 25000, 800), "0.3", 1, 1));

        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> RestAssured.given().get("/api/datasets/" + dataset + "/images/img-l").statusCode() == 200);
        JsonNode answer = answerOf(image(dataset, "img-l"), run);
        String kept = answer.get("rawResponse").asText();
        assertTrue(answer.get("rawTruncated").asBoolean());
        assertTrue(kept.getBytes(StandardCharsets.UTF_8).length <= 64 * 1024, "at most 64 KiB");
        assertTrue(kept.startsWith("Let me think. The architecture"));
        assertTrue(kept.endsWith(" of " + long1.length() + " bytes (UTF-8) kept]"), kept.substring(kept.length() - 100));
        String reasoning = answer.get("reasoning").asText();
        assertTrue(reasoning.getBytes(StandardCharsets.UTF_8).length <= 64 * 1024, "the reasoning is capped too");
        assertTrue(reasoning.contains("truncated by analytics-service"));
        assertTrue(answer.get("answered").asBoolean(), "OK with coordinates");
        assertTrue(answer.get("distanceKm").isNull(), "not scored: no distance");
        assertEquals(48.85, answer.get("predicted").get("latitude").asDouble(), 1e-9, "the answer's own point");
    }

    @Test
    void aRunsImagesAreFilteredByStatusCountryAndErrorAndPaged() {
        String dataset = "ds-list-" + UUID.randomUUID();
        String run = "run-list-" + UUID.randomUUID();
        send(run(run, dataset, "openai", "gpt-test"));
        // img-0..img-5 in France at 0, 100, ..., 500 km; img-6, img-7 in Germany at 50 and 3000 km;
        // img-8 in France refused, img-9 in Germany failed
        List<ScoreComputed> scores = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            scores.add(score(run, dataset, "img-" + i, PredictionStatus.OK, PARIS, 100.0 * i, LYON, "0.001", 1));
        }
        scores.add(score(run, dataset, "img-6", PredictionStatus.OK, BERLIN, 50.0, BERLIN, "0.001", 1));
        scores.add(score(run, dataset, "img-7", PredictionStatus.OK, BERLIN, 3000.0, PARIS, "0.001", 1));
        scores.add(score(run, dataset, "img-8", PredictionStatus.REFUSED, PARIS, null, null, "0.0005", 1));
        scores.add(score(run, dataset, "img-9", PredictionStatus.API_ERROR, BERLIN, null, null, "0", 1));
        scores.forEach(ImageDrillDownFlowTest::send);
        String path = "/api/runs/" + run + "/images";
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> get(path).get("total").asLong() == 10);

        JsonNode all = get(path);
        assertEquals(List.of("runId", "total", "offset", "limit", "images"), fieldNames(all));
        assertEquals(100, all.get("limit").asInt());
        assertEquals(0, all.get("offset").asInt());
        assertEquals(List.of("img-0", "img-1", "img-2", "img-3", "img-4", "img-5", "img-6", "img-7", "img-8",
                "img-9"), ids(all));
        JsonNode first = all.get("images").get(1);
        assertEquals(List.of("imageId", "status", "answered", "truthCountryCode", "truthCountry", "predCountryCode",
                "distanceKm", "geoguessrScore", "costUsd"), fieldNames(first));
        assertEquals("FR", first.get("truthCountryCode").asText());
        assertEquals("France", first.get("truthCountry").asText());
        assertEquals(100.0, first.get("distanceKm").asDouble(), 1e-9);
        assertEquals(4900.0, first.get("geoguessrScore").asDouble(), 1e-9);
        assertMoney("0.001", first.get("costUsd"));

        assertEquals(List.of("img-8", "img-9"), ids(get(path, "status", "REFUSED,api_error")));
        assertEquals(List.of("img-8", "img-9"), ids(get(path, "status", "REFUSED", "status", "API_ERROR")),
                "repeated");
        assertEquals(List.of("img-6", "img-7", "img-9"), ids(get(path, "country", "de")));
        assertEquals(List.of("img-6", "img-7"), ids(get(path, "country", "DE", "status", "OK")));
        assertEquals(List.of("img-1", "img-2", "img-3", "img-6"), ids(get(path, "minKm", "50", "maxKm", "300")),
                "inclusive range over answered images");
        assertEquals(List.of("img-0", "img-6"), ids(get(path, "maxKm", "50")), "refused and failed images are out");
        assertEquals(List.of("img-7"), ids(get(path, "minKm", "2500")));

        JsonNode page = get(path, "country", "FR", "limit", "3", "offset", "3");
        assertEquals(7, page.get("total").asLong(), "six answered and one refused in France");
        assertEquals(3, page.get("limit").asInt());
        assertEquals(3, page.get("offset").asInt());
        assertEquals(List.of("img-3", "img-4", "img-5"), ids(page));
        assertEquals(List.of("img-8"), ids(get(path, "country", "FR", "limit", "3", "offset", "6")));
        JsonNode beyond = get(path, "offset", "50");
        assertEquals(10, beyond.get("total").asLong());
        assertEquals(0, beyond.get("images").size());

        for (Object[] bad : new Object[][] {{"limit", "0"}, {"limit", "1001"}, {"limit", "x"}, {"offset", "-1"},
                {"status", "MAYBE"}, {"country", "France"}, {"minKm", "-5"}, {"maxKm", "far"}}) {
            JsonNode error = request(400, path, bad);
            assertEquals(bad[0], error.at("/details/0/field").asText(), error::toString);
            assertEquals(bad[1], error.at("/details/0/value").asText(), error::toString);
        }
        assertEquals("limit must be an integer from 1 to 1000", request(400, path, "limit", "0").get("error")
                .asText());
        JsonNode unknown = request(404, "/api/runs/no-such-run/images");
        assertEquals("run not found", unknown.get("error").asText());
        assertEquals("no-such-run", unknown.at("/details/0/value").asText());
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("images").forEach(image -> ids.add(image.get("imageId").asText()));
        return ids;
    }

    @Test
    void unreadableAndIncompletePredictionsAreDeadLetteredAndTheOthersStored() {
        String dataset = "ds-dlq-" + UUID.randomUUID();
        String run = "run-dlq-" + UUID.randomUUID();
        String garbage = "{not a prediction " + run;
        kafka.sendRaw(Topics.PREDICTIONS, Topics.runImageKey(run, "x"), garbage);
        PredictionMade noRun = prediction(null, dataset, "x", PredictionStatus.OK, null, "no run", TokenUsage.NONE,
                "0", 1, 1);
        kafka.send(Topics.PREDICTIONS, Topics.runImageKey(run, "x"), noRun);
        send(prediction(run, dataset, "x", PredictionStatus.REFUSED, null, "stored beside them",
                new TokenUsage(10, 2, 0, 0, 0), "0.0001", 1, 1));
        send(prediction(run, dataset, "y", PredictionStatus.REFUSED, null, "and this one",
                new TokenUsage(10, 2, 0, 0, 0), "0.0001", 1, 1));

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals("stored beside them", answerOf(request(200, "/api/datasets/" + dataset + "/images/x"), run)
                    .get("rawResponse").asText());
            assertEquals("and this one", answerOf(request(200, "/api/datasets/" + dataset + "/images/y"), run)
                    .get("rawResponse").asText());
        });
        var dead = kafka.readRecords(DLQ, Duration.ofSeconds(30), r -> garbage.equals(r.value()));
        assertTrue(dead.stream().anyMatch(r -> garbage.equals(r.value())), "the unreadable record as it came");
        var reason = dead.stream().filter(r -> garbage.equals(r.value())).findFirst().orElseThrow().headers()
                .lastHeader("dead-letter-topic");
        assertEquals(Topics.PREDICTIONS, new String(reason.value(), StandardCharsets.UTF_8));
        var missing = kafka.readRecords(DLQ, Duration.ofSeconds(30), r -> r.value() != null
                && r.value().contains(noRun.eventId()));
        var letter = missing.stream().filter(r -> r.value() != null && r.value().contains(noRun.eventId()))
                .findFirst().orElseThrow(() -> new AssertionError("the prediction without a run id is dead-lettered"));
        assertTrue(new String(letter.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                .contains("runId"));
    }
}
