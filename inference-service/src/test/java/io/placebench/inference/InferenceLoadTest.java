package io.placebench.inference;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.Topics;
import io.placebench.inference.domain.Prompt;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of docs/benchmarks.md ("Inference"): 3,000 images through the whole inference path (Kafka in,
 * ledger, blob fetch, image preparation, rate limits, HTTP to llm-simulator with 2 s mean latency and a 600 RPM
 * limit, Kafka out). Excluded from the normal build (tag {@code load}); run it with
 * {@code ./mvnw -B -f inference-service/pom.xml test -Dtest=InferenceLoadTest -Dexcluded.groups=none}.
 * Results go to the console and {@code target/load-results.json}. It asserts the outcome (every image answered,
 * none lost to a 429), never wall time; the throughput figure is recorded, not asserted.
 */
@Tag("load")
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = LoadSimulatorResource.class, parallel = true)
class InferenceLoadTest {

    static final int IMAGES = Integer.getInteger("load.images", 3000);
    static final ObjectMapper JSON = new ObjectMapper();

    // looked up, not injected: Quarkus validates the injection points of every @QuarkusTest class at start-up
    final String simulatorBaseUrl = org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("placebench.providers.loadsim.base-url", String.class);

    @Test
    void threeThousandImagesAtTheRateLimit() throws Exception {
        Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        HttpServer blobServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        blobServer.createContext("/api/blobs/", exchange -> {
            byte[] bytes = blobs.get(exchange.getRequestURI().getPath().substring("/api/blobs/".length()));
            exchange.sendResponseHeaders(bytes == null ? 404 : 200, bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        blobServer.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        blobServer.start();
        String run = "load-" + UUID.randomUUID();
        List<InferenceRequested> requests = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < IMAGES; i++) {
            byte[] jpeg = TestPhotos.photo(640, 480, 30, random);
            String sha = Prompt.sha256Hex(jpeg);
            blobs.put(sha, jpeg);
            requests.add(new InferenceRequested(UUID.randomUUID().toString(), 1, Instant.now(), run, "load",
                    "img-" + i, sha, "image/jpeg", "http://127.0.0.1:" + blobServer.getAddress().getPort()
                            + "/api/blobs/" + sha, "loadsim", "sim-strong", "imageo", Map.of("max_tokens", 800)));
        }
        KafkaTestClient kafka = KafkaTestClient.shared();
        // Warm-up (not measured): the first prediction creates the topics and settles their leaders, so that the
        // timed run does not start with the broker's auto-creation hiccups.
        byte[] warm = TestPhotos.photo(640, 480, 30, new Random(1));
        blobs.put(Prompt.sha256Hex(warm), warm);
        String warmRun = "warmup-" + UUID.randomUUID();
        kafka.send(Topics.INFERENCE_REQUESTS, Topics.runImageKey(warmRun, "w"), new InferenceRequested(
                UUID.randomUUID().toString(), 1, Instant.now(), warmRun, "load", "w", Prompt.sha256Hex(warm), "image/jpeg",
                "http://127.0.0.1:" + blobServer.getAddress().getPort() + "/api/blobs/" + Prompt.sha256Hex(warm),
                "loadsim", "sim-strong", "imageo", Map.of()));
        assertEquals(1, kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(warmRun), 1,
                Duration.ofMinutes(3)).size(), "warm-up prediction");
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulatorBaseUrl.replace("/v1", "")
                + "/_sim/requests")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        DispatchTestSupport.sendAll(requests); // as fast as the producer goes, not one acknowledged send at a time
        List<PredictionMade> predictions = kafka.readAll(Topics.PREDICTIONS, PredictionMade.class,
                p -> p.runId().equals(run), IMAGES, Duration.ofMinutes(20));
        double wallS = (System.nanoTime() - t0) / 1e9;
        long cpuNanos = os.getProcessCpuTime() - cpu0;
        blobServer.stop(0);

        long ok = predictions.stream().filter(p -> p.status() == PredictionStatus.OK).count();
        long lostTo429 = predictions.stream().filter(p -> Integer.valueOf(429).equals(p.httpStatus())).count();
        long retriedCalls = predictions.stream().mapToLong(p -> p.attempts() - 1).sum();
        JsonNode log = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                simulatorBaseUrl.replace("/v1", "") + "/_sim/requests")).build(), HttpResponse.BodyHandlers.ofString())
                .body()).get("data");
        List<Instant> answered = new ArrayList<>();
        int rateLimited = 0;
        for (JsonNode e : log) {
            if (e.get("status").asInt() == 200) {
                answered.add(Instant.parse(e.get("time").asText()));
            } else if (e.get("status").asInt() == 429) {
                rateLimited++;
            }
        }
        answered.sort(null);
        double spanMin = Duration.between(answered.get(0), answered.get(answered.size() - 1)).toMillis() / 60000.0;
        double sustainedRpm = (answered.size() - 1) / spanMin;
        // steady state: the middle of the run, without the first and last 30 seconds
        Instant from = answered.get(0).plusSeconds(30);
        Instant to = answered.get(answered.size() - 1).minusSeconds(30);
        long middle = answered.stream().filter(t -> !t.isBefore(from) && !t.isAfter(to)).count();
        double steadyRpm = middle / (Duration.between(from, to).toMillis() / 60000.0);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double workerCpuSum = metric(metrics, "placebench_inference_worker_cpu_seconds_sum{");
        double workerCpuCount = metric(metrics, "placebench_inference_worker_cpu_seconds_count{");

        ObjectNode result = JSON.createObjectNode();
        result.put("images", IMAGES);
        result.put("predictions", predictions.size());
        result.put("ok", ok);
        result.put("lostTo429", lostTo429);
        result.put("simulator429s", rateLimited);
        result.put("retriedCalls", retriedCalls);
        result.put("rpmLimit", LoadSimulatorResource.RPM);
        result.put("meanLatencyMs", LoadSimulatorResource.LATENCY_MS);
        result.put("wallSeconds", round(wallS));
        result.put("sustainedRpm", round(sustainedRpm));
        result.put("sustainedShareOfLimit", round(sustainedRpm / LoadSimulatorResource.RPM));
        result.put("steadyStateRpm", round(steadyRpm));
        result.put("processCpuMsPerImage", round(cpuNanos / 1e6 / IMAGES));
        result.put("workerCpuMsPerImage", round(workerCpuSum * 1000 / Math.max(1, workerCpuCount)));
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version"));
        System.out.println("LOAD RESULT " + result.toPrettyString());
        Files.writeString(Path.of("target", "load-results.json"), result.toPrettyString());

        assertEquals(IMAGES, predictions.size(), "every image gets its prediction");
        assertEquals(0, lostTo429, "no image is lost to a 429");
        assertEquals(IMAGES, ok, "sim-strong always answers");
        assertTrue(answered.size() >= IMAGES, "the simulator answered every image");
    }

    static double metric(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix) && l.contains("loadsim"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

}
