package io.placebench.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.placebench.events.ImportedResult;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.TokenUsage;
import io.placebench.events.Topics;
import io.placebench.inference.domain.Prompt;
import io.placebench.inference.domain.Prompts;
import io.placebench.inference.repository.Outbox;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Kafka in and out, real PostgreSQL, real simulators over HTTP in every wire format, image bytes from a real
 * HTTP blob server. The simulators' request logs prove what was (not) sent.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = SimulatorTestResource.class, parallel = true)
class InferenceFlowTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static KafkaTestClient kafka;
    static HttpServer blobServer;
    static final Map<String, byte[]> BLOBS = new ConcurrentHashMap<>();

    // looked up, not injected: Quarkus validates the injection points of every @QuarkusTest class at start-up
    final String simulatorBaseUrl = config("placebench.providers.simulator.base-url");
    final String slowBaseUrl = config("placebench.providers.slow.base-url");
    final String faultyBaseUrl = config("placebench.providers.faulty.base-url");

    static String config(String key) {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(key, String.class);
    }

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestClient.shared();
        blobServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        blobServer.createContext("/api/blobs/", exchange -> {
            String sha = exchange.getRequestURI().getPath().substring("/api/blobs/".length());
            byte[] bytes = BLOBS.get(sha);
            if (bytes == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        blobServer.start();
    }

    @AfterAll
    static void stop() {
        kafka.close();
        blobServer.stop(0);
    }

    /** A fresh, unique w x h JPEG served by the blob server; answers its sha256. */
    static String storeImage(int w, int h) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillOval(random.nextInt(w / 2), random.nextInt(h / 2), w / 3, h / 3);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        byte[] bytes = out.toByteArray();
        String sha = Prompt.sha256Hex(bytes);
        BLOBS.put(sha, bytes);
        return sha;
    }

    static String storeImage() throws Exception {
        return storeImage(320, 240);
    }

    static InferenceRequested request(String run, String imageId, String sha, String provider, String model) {
        return request(run, imageId, sha, provider, model, Map.of("max_tokens", 800));
    }

    static InferenceRequested request(String run, String imageId, String sha, String provider, String model,
            Map<String, Object> parameters) {
        return new InferenceRequested(UUID.randomUUID().toString(), InferenceRequested.SCHEMA_VERSION, Instant.now(),
                run, "demo", imageId, sha, "image/jpeg",
                "http://127.0.0.1:" + blobServer.getAddress().getPort() + "/api/blobs/" + sha, provider, model,
                "imageo", parameters);
    }

    static void send(InferenceRequested request) {
        kafka.send(Topics.INFERENCE_REQUESTS, Topics.runImageKey(request.runId(), request.imageId()), request);
    }

    static List<PredictionMade> predictions(String run, int atLeast) {
        return kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(run), atLeast, WAIT);
    }

    static List<RunChanged> runEvents(String run, RunStatus status, int atLeast, Duration wait) {
        return kafka.readAll(Topics.RUNS, RunChanged.class, e -> e.runId().equals(run) && e.status() == status, atLeast,
                wait);
    }

    /** The simulator's request log entries for one image (by the sha256 of the bytes it received). */
    static List<JsonNode> simulatorCalls(String baseUrl, String sentSha) throws Exception {
        String root = baseUrl.substring(0, baseUrl.length() - "/v1".length());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/_sim/requests")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> calls = new ArrayList<>();
        JSON.readTree(response.body()).get("data").forEach(e -> {
            if (sentSha.equals(e.path("image_sha256").asText())) {
                calls.add(e);
            }
        });
        return calls;
    }

    static void injectFaults(String baseUrl, String json) throws Exception {
        String root = baseUrl.substring(0, baseUrl.length() - "/v1".length());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/_sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    static JsonPath ledger(String run) {
        return given().get("/api/ledger/{run}", run).then().statusCode(200).extract().jsonPath();
    }

    static PredictionMade byImage(List<PredictionMade> predictions, String imageId) {
        return predictions.stream().filter(p -> p.imageId().equals(imageId)).findFirst().orElseThrow();
    }

    @Test
    void answersOnceAndRepublishesTheSameEventOnRedelivery() throws Exception {
        String run = "run-" + UUID.randomUUID();
        String sha = storeImage();
        send(request(run, "img-1", sha, "simulator", "sim-strong"));

        List<PredictionMade> first = predictions(run, 1);
        assertEquals(1, first.size());
        PredictionMade p = first.get(0);
        assertEquals(PredictionStatus.OK, p.status(), p.error());
        assertTrue(p.simulated());
        assertEquals(Prompts.IMAGEO.hash(), p.promptHash());
        assertEquals(1, p.attempts());
        assertTrue(p.answer().hasCoordinates());
        assertTrue(p.usage().input() > 0 && p.usage().output() > 0, "tokens: " + p.usage());
        assertEquals(255, p.usage().image(), "320x240 is one 512-px tile: 85 + 170");
        assertTrue(p.costUsd().compareTo(BigDecimal.ZERO) > 0, "cost: " + p.costUsd());
        assertNotNull(p.rawResponse());
        assertFalse(p.rawResponse().contains(SimulatorTestResource.API_KEY));
        assertNull(p.httpStatus());
        assertNull(p.errorType());

        JsonPath entry = ledger(run);
        assertEquals("OK", entry.getString("items[0].status"));
        String sentSha = entry.getString("items[0].sentSha256");
        assertNotEquals(sha, sentSha, "the image is re-encoded before it is sent");
        assertEquals(320, entry.getInt("items[0].sentWidth"));
        assertEquals("image/jpeg", entry.getString("items[0].sentMediaType"));
        assertEquals(p.eventId(), entry.getString("items[0].eventId"));
        assertEquals(1, simulatorCalls(simulatorBaseUrl, sentSha).size(),
                "the simulator received exactly the bytes the ledger recorded");

        // Redelivery (a new copy of the same request): the stored event comes back, the provider is not called.
        send(request(run, "img-1", sha, "simulator", "sim-strong"));
        List<PredictionMade> both = predictions(run, 2);
        assertEquals(2, both.size());
        assertEquals(p.eventId(), both.get(1).eventId(), "the re-published prediction keeps its event id");
        assertEquals(p, both.get(1));
        assertEquals(1, simulatorCalls(simulatorBaseUrl, sentSha).size(), "a redelivery must not call the provider");
        assertEquals(1, ledger(run).getInt("entries"));
    }

    @Test
    void everyWireFormatAnswersWithItsOwnUsage() throws Exception {
        String run = "run-" + UUID.randomUUID();
        String sha = storeImage();
        send(request(run, "responses", sha, "simulator-responses", "sim-strong"));
        send(request(run, "anthropic", sha, "simulator-anthropic", "sim-strong"));
        send(request(run, "gemini", sha, "simulator-gemini", "sim-strong"));
        send(request(run, "gemini-think", sha, "simulator-gemini", "sim-think", Map.of()));
        send(request(run, "chat-think", sha, "simulator", "sim-think", Map.of("temperature", 0.3)));
        List<PredictionMade> found = predictions(run, 5);
        for (PredictionMade p : found) {
            assertEquals(PredictionStatus.OK, p.status(), p.imageId() + ": " + p.error());
            assertTrue(p.costUsd().signum() > 0, p.imageId());
            assertTrue(p.usage().input() > p.usage().image(), p.imageId());
        }
        assertEquals(255, byImage(found, "responses").usage().image());
        assertEquals((long) Math.ceil(320 * 240 / 750.0), byImage(found, "anthropic").usage().image(), "w*h/750");
        assertEquals(258, byImage(found, "gemini").usage().image());
        PredictionMade think = byImage(found, "gemini-think");
        assertTrue(think.usage().reasoning() > 0 && think.usage().output() > think.usage().reasoning(),
                "Gemini thoughts are output: " + think.usage());
        PredictionMade chatThink = byImage(found, "chat-think");
        assertTrue(chatThink.usage().reasoning() > 0, "reasoning tokens: " + chatThink.usage());
        // the o-series quirks were honoured: the simulator rejects max_tokens and temperature for sim-think
        assertEquals(1, chatThink.attempts());
    }

    @Test
    void rateLimitsAndOverloadsAreRetriedAndARedeliveryNeverPaysTwice() throws Exception {
        String run = "run-" + UUID.randomUUID();
        String sha = storeImage();
        injectFaults(faultyBaseUrl, "{\"faults\":[{\"kind\":\"rate_limit\",\"count\":2,\"api\":\"openai-chat\"},"
                + "{\"kind\":\"overloaded\",\"api\":\"anthropic\"},{\"kind\":\"server_error\",\"api\":\"gemini\"}]}");
        send(request(run, "chat", sha, "faulty", "sim-weak"));
        send(request(run, "anthropic", sha, "faulty-anthropic", "sim-weak"));
        send(request(run, "gemini", sha, "faulty-gemini", "sim-weak"));
        List<PredictionMade> found = predictions(run, 3);
        PredictionMade chat = byImage(found, "chat");
        assertEquals(3, chat.attempts(), "two 429s, then the answer");
        PredictionMade anthropic = byImage(found, "anthropic");
        assertEquals(2, anthropic.attempts(), "a 529, then the answer");
        assertEquals(2, byImage(found, "gemini").attempts(), "a 500, then the answer");
        for (PredictionMade p : found) {
            // after the retries the model answered; sim-weak's answer itself may be a refusal, a truncation or a
            // safety block, depending on the (random) test image, but never an API error or a timeout
            assertTrue(p.status() != PredictionStatus.API_ERROR && p.status() != PredictionStatus.TIMEOUT
                    && p.status() != PredictionStatus.BUDGET_EXHAUSTED, p.imageId() + ": " + p.status() + " " + p.error());
        }
        JsonPath calls = given().get("/api/ledger/{run}/{image}/calls", run, "chat").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(429, 429), calls.getList("calls.findAll { it.httpStatus != null }.httpStatus"));
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(calls.getString("calls[0].costUsd"))),
                "a 429 is not billed");
        String sentSha = ledger(run).getString("items.find { it.imageId == 'chat' }.sentSha256");
        List<JsonNode> logged = simulatorCalls(faultyBaseUrl, sentSha);
        assertEquals(List.of(429, 429, 200), logged.stream().filter(e -> e.get("api").asText().equals("openai-chat"))
                .map(e -> e.get("status").asInt()).toList());

        // a redelivered request (even one whose first delivery needed retries) never calls the provider again
        int before = simulatorCalls(faultyBaseUrl, sentSha).size();
        send(request(run, "chat", sha, "faulty", "sim-weak"));
        List<PredictionMade> again = predictions(run, 4);
        assertEquals(chat.eventId(), again.stream().filter(p -> p.imageId().equals("chat")).reduce((a, b) -> b)
                .orElseThrow().eventId());
        assertEquals(before, simulatorCalls(faultyBaseUrl, sentSha).size(), "the request log proves it");
    }

    @Test
    void anErrorNoRetryCuresPausesTheRunUntilItIsResumed() throws Exception {
        String run = "run-" + UUID.randomUUID();
        String sha = storeImage();
        injectFaults(faultyBaseUrl, "{\"faults\":[{\"kind\":\"quota\",\"model\":\"sim-strong\",\"api\":\"openai-chat\"}]}");
        send(request(run, "first", sha, "faulty", "sim-strong"));
        RunChanged paused = runEvents(run, RunStatus.PAUSED, 1, WAIT).get(0);
        assertTrue(paused.reason().contains("insufficient_quota") && paused.reason().contains("faulty/sim-strong"),
                paused.reason());
        assertEquals("PAUSED", given().get("/api/runs/{run}/state", run).then().statusCode(200).extract()
                .path("status"));

        // while paused: the request waits in the durable queue, no call, no prediction
        String other = storeImage();
        send(request(run, "second", other, "faulty", "sim-strong"));
        await().atMost(WAIT).until(() -> ledger(run).getMap("byStatus").equals(Map.of("QUEUED", 2)));
        assertTrue(kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(run), 1,
                Duration.ofSeconds(2)).isEmpty(), "a paused run publishes nothing");

        // ingest resumes the run: a newer generation. Both queued requests are answered without being sent again.
        kafka.send(Topics.RUNS, run, new RunChanged(UUID.randomUUID().toString(), 1, Instant.now(), run, "demo", "faulty",
                "sim-strong", "imageo", Map.of(), true, RunStatus.RUNNING, 2, "resumed", 1L));
        await().atMost(WAIT).until(() -> "RUNNING".equals(given().get("/api/runs/{run}/state", run).then().extract()
                .path("status")));
        List<PredictionMade> after = predictions(run, 2);
        assertEquals(2, after.size());
        after.forEach(p -> assertEquals(PredictionStatus.OK, p.status(), p.error()));

        // a stale event of the older generation (delivered late) does not pause it again
        kafka.send(Topics.RUNS, run, new RunChanged(UUID.randomUUID().toString(), 1, Instant.now(), run, "demo", "faulty",
                "sim-strong", "imageo", Map.of(), true, RunStatus.PAUSED, 2, "stale", 0L));
        String third = storeImage();
        send(request(run, "third", third, "faulty", "sim-strong"));
        assertEquals(3, predictions(run, 3).size());
        assertEquals("RUNNING", given().get("/api/runs/{run}/state", run).then().extract().path("status"));

        // a model that does not exist pauses its run too, with the provider's reason
        String run2 = "run-" + UUID.randomUUID();
        send(request(run2, "x", storeImage(), "simulator", "gpt-9"));
        RunChanged notFound = runEvents(run2, RunStatus.PAUSED, 1, WAIT).get(0);
        assertTrue(notFound.reason().contains("HTTP 404") && notFound.reason().contains("model_not_found"),
                notFound.reason());
    }

    @Test
    void failuresBeforeAnyCallArePublishedNotDropped() throws Exception {
        String run = "run-" + UUID.randomUUID();
        String sha = storeImage();
        send(request(run, "missing-blob", "0".repeat(64), "simulator", "sim-strong"));
        send(request(run, "unknown-provider", sha, "nope", "sim-strong"));
        send(request(run, "bad-parameter", sha, "simulator", "sim-strong", Map.of("max_tokens", "lots")));
        List<PredictionMade> found = predictions(run, 3);
        assertEquals(3, found.size(), "every request yields a prediction: " + found);
        PredictionMade missingBlob = byImage(found, "missing-blob");
        assertEquals(PredictionStatus.API_ERROR, missingBlob.status());
        assertTrue(missingBlob.error().startsWith("image: ") && missingBlob.error().contains("404"), missingBlob.error());
        assertEquals("image", missingBlob.errorType());
        assertEquals(0, missingBlob.attempts());
        PredictionMade unknownProvider = byImage(found, "unknown-provider");
        assertTrue(unknownProvider.error().contains("unknown provider 'nope'"), unknownProvider.error());
        assertFalse(unknownProvider.simulated());
        PredictionMade bad = byImage(found, "bad-parameter");
        assertTrue(bad.error().startsWith("invalid run parameters: max_tokens"), bad.error());
        assertEquals(3, ledger(run).getInt("byStatus.API_ERROR"));
    }

    @Test
    void timeoutsAreRetriedThenReported() throws Exception {
        String run = "run-" + UUID.randomUUID();
        String sha = storeImage();
        send(request(run, "slow", sha, "slow", "sim-strong"));
        PredictionMade p = predictions(run, 1).get(0);
        assertEquals(PredictionStatus.TIMEOUT, p.status(), p.error());
        assertEquals(3, p.attempts(), "the first call and two retries");
        assertEquals("timeout", p.errorType());
        assertTrue(p.simulated());
        String sentSha = ledger(run).getString("items[0].sentSha256");
        assertEquals(3, simulatorCalls(slowBaseUrl, sentSha).size());
    }

    @Test
    void concurrentCopiesCallTheProviderOnce() throws Exception {
        String run = "run-" + UUID.randomUUID();
        String sha = storeImage();
        // Two copies at once; the provider takes 1.5 s, so the second copy arrives while the first is in flight.
        send(request(run, "twice", sha, "steady", "sim-strong"));
        send(request(run, "twice", sha, "steady", "sim-strong"));
        List<PredictionMade> found = predictions(run, 1);
        assertEquals(PredictionStatus.OK, found.get(0).status(), found.get(0).error());
        List<PredictionMade> all = kafka.readAll(Topics.PREDICTIONS, PredictionMade.class,
                x -> x.runId().equals(run), 2, Duration.ofSeconds(5));
        assertEquals(1, all.stream().map(PredictionMade::eventId).distinct().count(), "one prediction: " + all);
        String sentSha = ledger(run).getString("items[0].sentSha256");
        assertEquals(1, simulatorCalls(slowBaseUrl, sentSha).size(), "the provider is called once");
    }

    @Test
    void aRunStopsCallingOnceItsBudgetIsSpent() throws Exception {
        String run = "run-" + UUID.randomUUID();
        Map<String, Object> params = Map.of("budgetUsd", "0.000001");
        send(request(run, "paid", storeImage(), "simulator", "sim-strong", params));
        PredictionMade paid = predictions(run, 1).get(0);
        assertEquals(PredictionStatus.OK, paid.status(), paid.error());
        String a = storeImage();
        String b = storeImage();
        send(request(run, "late-1", a, "simulator", "sim-strong", params));
        send(request(run, "late-2", b, "simulator", "sim-strong", params));
        List<PredictionMade> found = predictions(run, 3);
        for (String late : List.of("late-1", "late-2")) {
            PredictionMade p = byImage(found, late);
            assertEquals(PredictionStatus.BUDGET_EXHAUSTED, p.status());
            assertEquals(0, p.attempts());
            assertEquals("budget", p.errorType());
            assertTrue(p.error().contains("budget of $0.000001 reached"), p.error());
        }
        List<RunChanged> announced = runEvents(run, RunStatus.BUDGET_EXHAUSTED, 1, WAIT);
        assertTrue(announced.get(0).reason().contains("remaining images are BUDGET_EXHAUSTED"));
        assertEquals(1, runEvents(run, RunStatus.BUDGET_EXHAUSTED, 2, Duration.ofSeconds(3)).size(), "announced once");
        assertEquals(0, simulatorCalls(simulatorBaseUrl, ledgerSent(run, "late-1")).size());
    }

    static String ledgerSent(String run, String image) {
        String sent = ledger(run).getString("items.find { it.imageId == '" + image + "' }.sentSha256");
        return sent == null ? "none" : sent;
    }

    @Test
    void importedResultsArePublishedWithoutACall() throws Exception {
        String run = "run-" + UUID.randomUUID();
        InferenceRequested imported = new InferenceRequested(UUID.randomUUID().toString(), 1, Instant.now(), run,
                "imageo-d3", "img-9", null, null, null, "openai", "gpt-4.1", "imageo", Map.of("imported", true), 1,
                new ImportedResult("dataset3_gpt-4.1.jsonl#9",
                        "```json\n{\"reverse_geocoding\":{\"confidence\":4,\"coordinates\":{\"latitude\":\"45.8388 N\","
                                + "\"longitude\":\"84.7209 W\"}}}\n```", null, null, new TokenUsage(1710, 256, 0, 0, 0),
                        new BigDecimal("0.005468"), 2100L));
        InferenceRequested failed = new InferenceRequested(UUID.randomUUID().toString(), 1, Instant.now(), run,
                "imageo-d3", "img-10", null, null, null, "openai", "gpt-4.1", "imageo", Map.of(), null,
                new ImportedResult("dataset3_gpt-4.1.jsonl#10", null, "Request timed out", PredictionStatus.TIMEOUT,
                        TokenUsage.NONE, null, null));
        send(imported);
        send(failed);
        List<PredictionMade> found = predictions(run, 2);
        PredictionMade ok = byImage(found, "img-9");
        assertEquals(PredictionStatus.OK, ok.status(), ok.error());
        assertEquals(-84.7209, ok.answer().longitude());
        assertEquals(new TokenUsage(1710, 256, 0, 0, 0), ok.usage());
        assertEquals(0, new BigDecimal("0.005468").compareTo(ok.costUsd()));
        assertEquals(2100, ok.latencyMs());
        assertEquals(PredictionStatus.TIMEOUT, byImage(found, "img-10").status());
        assertTrue(ledger(run).getBoolean("items[0].imported"));
        send(imported); // redelivery
        assertEquals(ok.eventId(), predictions(run, 3).stream().filter(p -> p.imageId().equals("img-9"))
                .reduce((x, y) -> y).orElseThrow().eventId());
    }

    @Test
    void theEstimateLandsNearTheBill() throws Exception {
        String run = "run-" + UUID.randomUUID();
        List<Map<String, Integer>> sizes = List.of(Map.of("width", 1024, "height", 768), Map.of("width", 640, "height", 480),
                Map.of("width", 900, "height", 1200), Map.of("width", 2400, "height", 1600));
        Map<String, Object> body = new HashMap<>();
        body.put("provider", "simulator");
        body.put("model", "sim-strong");
        body.put("promptId", "imageo");
        body.put("parameters", Map.of("budgetUsd", 1));
        body.put("images", sizes);
        JsonPath estimate = given().contentType(ContentType.JSON).body(body).post("/api/estimate").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(4, estimate.getInt("images"));
        assertTrue(estimate.getBoolean("withinBudget"));
        assertEquals("sim-strong", estimate.getString("price.key"));
        BigDecimal estimated = new BigDecimal(estimate.getString("costUsd"));
        int i = 0;
        for (Map<String, Integer> s : sizes) {
            send(request(run, "e" + i++, storeImage(s.get("width"), s.get("height")), "simulator", "sim-strong"));
        }
        List<PredictionMade> found = predictions(run, 4);
        BigDecimal billed = found.stream().map(PredictionMade::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        double ratio = billed.doubleValue() / estimated.doubleValue();
        assertTrue(ratio > 0.85 && ratio < 1.15, "billed " + billed + " vs estimated " + estimated);
        assertEquals(estimate.getLong("tokens.image"), found.stream().mapToLong(p -> p.usage().image()).sum(),
                "image tokens estimated exactly");

        given().contentType(ContentType.JSON).body(Map.of("provider", "nope", "images", List.of(Map.of("width", 0))))
                .post("/api/estimate").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("invalid estimate request"))
                .body("details.field", org.hamcrest.Matchers.hasItems("provider", "model", "images[0]"));
    }

    @Test
    void theCatalogueIsListed() {
        JsonPath models = given().get("/api/models").then().statusCode(200).extract().jsonPath();
        assertTrue(models.getList("models").size() >= 30);
        assertEquals("openai-tiles(85,170)", models.getString(
                "models.find { it.provider == 'simulator' && it.model == 'sim-strong' }.imageTokens"));
        assertEquals(2.5, models.getDouble("models.find { it.provider == 'simulator' && it.model == 'sim-strong' }"
                + ".price.inputPerMTok"));
        assertEquals("anthropic", models.getString("models.find { it.model == 'claude-sonnet-4-5' }.api"));
        assertEquals(List.of("imageo", "globe", "coords"), models.getList("prompts.id"));
        assertEquals(Prompts.IMAGEO.hash(), models.getString("prompts[0].hash"));
        assertEquals(4, given().get("/api/models?provider=simulator-gemini").then().statusCode(200).extract()
                .jsonPath().getList("models").size() + 2);
    }

    @Test
    void metricsArePublished() throws Exception {
        String run = "run-" + UUID.randomUUID();
        send(request(run, "m", storeImage(), "simulator", "sim-weak"));
        predictions(run, 1);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("placebench_inference_requests_total{", "placebench_inference_tokens_total{",
                "placebench_inference_cost_usd_total{", "placebench_inference_latency_seconds_bucket{",
                "placebench_inference_in_flight", "placebench_inference_concurrency_limit{",
                "placebench_inference_worker_cpu_seconds_count{", "placebench_inference_attempts_total{")) {
            assertTrue(metrics.contains(name), name + " missing from /q/metrics");
        }
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("placebench_inference_tokens_total{")
                && l.contains("kind=\"image\"") && l.contains("model=\"sim-weak\"")), "image tokens of sim-weak");
        assertFalse(metrics.contains(run), "no run or image ids in tags");
    }

    @Test
    void requestsThatCanNeverBeProcessedAreDeadLetteredWithTheirReasonAndCounted() throws Exception {
        String dlq = Outbox.DLQ_PREFIX + Topics.INFERENCE_REQUESTS
                + Topics.DLQ_SUFFIX;
        double before = deadLettersCounted(dlq);
        String run = "run-" + UUID.randomUUID();
        String garbage = "{not json " + run;
        kafka.sendRaw(Topics.INFERENCE_REQUESTS, run + "/garbage", garbage);
        InferenceRequested noModel = request(run, "no-model", storeImage(), "simulator", "");
        send(noModel);
        send(request(run, "good", storeImage(), "simulator", "sim-weak"));

        assertEquals("good", predictions(run, 1).get(0).imageId(), "the valid request beside them is answered");
        AtomicInteger ours = new AtomicInteger();
        List<ConsumerRecord<String, String>> dead = kafka.readRecords(dlq, WAIT,
                r -> r.value().contains(run) && ours.incrementAndGet() == 2).stream()
                .filter(r -> r.value().contains(run)).toList();
        assertEquals(2, dead.size(), "both bad records dead-lettered once");
        Map<String, String> reasons = new HashMap<>();
        for (var record : dead) {
            assertEquals(Topics.INFERENCE_REQUESTS, header(record, "dead-letter-topic"));
            reasons.put(record.value().equals(garbage) ? "garbage" : "no-model", header(record, "dead-letter-reason"));
        }
        assertTrue(reasons.get("garbage").startsWith("not an InferenceRequested"), reasons.toString());
        assertTrue(reasons.get("no-model").contains("model"), reasons.toString());
        await().atMost(WAIT).until(() -> deadLettersCounted(dlq) - before >= 2);
        assertEquals(2, deadLettersCounted(dlq) - before, 1e-9, "placebench_inference_dead_letters_total");
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static double deadLettersCounted(String topic) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("placebench_inference_dead_letters_total{")
                        && l.contains("topic=\"" + topic + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
