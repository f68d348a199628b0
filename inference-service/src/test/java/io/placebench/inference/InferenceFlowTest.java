package io.placebench.inference;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.Topics;
import io.placebench.inference.domain.Prompt;
import io.placebench.inference.domain.Prompts;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Kafka in and out, real PostgreSQL, the real simulator over HTTP, image bytes from a real HTTP blob server. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = SimulatorTestResource.class, parallel = true)
class InferenceFlowTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static KafkaTestClient kafka;
    static HttpServer blobServer;
    static final Map<String, byte[]> BLOBS = new ConcurrentHashMap<>();

    @ConfigProperty(name = "placebench.providers.simulator.base-url")
    String simulatorBaseUrl;

    @ConfigProperty(name = "placebench.providers.slow.base-url")
    String slowBaseUrl;

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

    /** A fresh, unique JPEG served by the blob server; answers its sha256. */
    static String storeImage() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, 320, 240);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillOval(random.nextInt(200), random.nextInt(120), 100, 100);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        byte[] bytes = out.toByteArray();
        String sha = Prompt.sha256Hex(bytes);
        BLOBS.put(sha, bytes);
        return sha;
    }

    static InferenceRequested request(String run, String imageId, String sha, String provider, String model) {
        return new InferenceRequested(UUID.randomUUID().toString(), InferenceRequested.SCHEMA_VERSION, Instant.now(),
                run, "demo", imageId, sha, "image/jpeg",
                "http://127.0.0.1:" + blobServer.getAddress().getPort() + "/api/blobs/" + sha, provider, model,
                "imageo", Map.of("max_tokens", 800));
    }

    static void send(InferenceRequested request) {
        kafka.send(Topics.INFERENCE_REQUESTS, Topics.runImageKey(request.runId(), request.imageId()), request);
    }

    static List<PredictionMade> predictions(String run, int atLeast) {
        return kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(run), atLeast, WAIT);
    }

    /** The simulator's request log entries for one image (by the sha256 of the bytes it received). */
    static List<JsonNode> simulatorCalls(String baseUrl, String sentSha) throws Exception {
        String root = baseUrl.substring(0, baseUrl.length() - "/v1".length());
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(root + "/_sim/requests")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> calls = new ArrayList<>();
        JSON.readTree(response.body()).get("data").forEach(e -> {
            if (sentSha.equals(e.path("image_sha256").asText())) {
                calls.add(e);
            }
        });
        return calls;
    }

    static JsonPath ledger(String run) {
        return given().get("/api/ledger/{run}", run).then().statusCode(200).extract().jsonPath();
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

        JsonPath entry = ledger(run);
        assertEquals("OK", entry.getString("items[0].status"));
        String sentSha = entry.getString("items[0].sentSha256");
        assertNotEquals(sha, sentSha, "the image is re-encoded before it is sent");
        assertEquals(320, entry.getInt("items[0].sentWidth"));
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
    void failuresArePublishedNotDropped() throws Exception {
        String run = "run-" + UUID.randomUUID();
        String sha = storeImage();
        send(request(run, "unknown-model", sha, "simulator", "gpt-9"));
        send(request(run, "missing-blob", "0".repeat(64), "simulator", "sim-strong"));
        send(request(run, "unknown-provider", sha, "nope", "sim-strong"));

        List<PredictionMade> found = predictions(run, 3);
        assertEquals(3, found.size(), "every request yields a prediction: " + found);
        PredictionMade unknownModel = byImage(found, "unknown-model");
        assertEquals(PredictionStatus.API_ERROR, unknownModel.status());
        assertEquals(404, unknownModel.httpStatus());
        assertTrue(unknownModel.error().contains("model_not_found"), unknownModel.error());
        assertEquals(1, unknownModel.attempts(), "a 404 is not retried");
        assertEquals(0, BigDecimal.ZERO.compareTo(unknownModel.costUsd()));

        PredictionMade missingBlob = byImage(found, "missing-blob");
        assertEquals(PredictionStatus.API_ERROR, missingBlob.status());
        assertTrue(missingBlob.error().startsWith("image: ") && missingBlob.error().contains("404"),
                missingBlob.error());
        assertEquals(0, missingBlob.attempts());

        PredictionMade unknownProvider = byImage(found, "unknown-provider");
        assertTrue(unknownProvider.error().contains("unknown provider 'nope'"), unknownProvider.error());
        assertFalse(unknownProvider.simulated());

        JsonPath entries = ledger(run);
        assertEquals(3, entries.getInt("entries"));
        assertEquals(3, entries.getInt("byStatus.API_ERROR"));
        assertEquals(404, entries.getInt("items.find { it.imageId == 'unknown-model' }.httpStatus"));
    }

    @Test
    void timeoutsAreRetriedThenReported() throws Exception {
        String run = "run-" + UUID.randomUUID();
        String sha = storeImage();
        send(request(run, "slow", sha, "slow", "sim-strong"));
        PredictionMade p = predictions(run, 1).get(0);
        assertEquals(PredictionStatus.TIMEOUT, p.status(), p.error());
        assertEquals(3, p.attempts(), "the first call and two retries");
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
        // A copy that found the pair in flight publishes nothing; one that found it done re-publishes the same event.
        List<PredictionMade> all = kafka.readAll(Topics.PREDICTIONS, PredictionMade.class,
                x -> x.runId().equals(run), 2, Duration.ofSeconds(5));
        assertEquals(1, all.stream().map(PredictionMade::eventId).distinct().count(), "one prediction: " + all);
        String sentSha = ledger(run).getString("items[0].sentSha256");
        assertEquals(1, simulatorCalls(slowBaseUrl, sentSha).size(), "the provider is called once");
    }

    @Test
    void metricsArePublished() throws Exception {
        String run = "run-" + UUID.randomUUID();
        send(request(run, "m", storeImage(), "simulator", "sim-weak"));
        predictions(run, 1);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("placebench_inference_requests_total{", "placebench_inference_tokens_total{",
                "placebench_inference_cost_usd_total{", "placebench_inference_latency_seconds_bucket{",
                "placebench_inference_in_flight")) {
            assertTrue(metrics.contains(name), name + " missing from /q/metrics");
        }
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("placebench_inference_tokens_total{")
                && l.contains("kind=\"image\"") && l.contains("model=\"sim-weak\"")), "image tokens of sim-weak");
    }

    static PredictionMade byImage(List<PredictionMade> predictions, String imageId) {
        return predictions.stream().filter(p -> p.imageId().equals(imageId)).findFirst().orElseThrow();
    }
}
