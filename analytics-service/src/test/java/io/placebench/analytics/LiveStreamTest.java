package io.placebench.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.RunStatus;
import io.placebench.events.ThresholdHits;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The server-sent events stream and the per-run gauges, over real Kafka and PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class LiveStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/stream")
    URI stream;

    @Inject
    MeterRegistry registry;

    @Test
    void changesArriveOnTheStreamAndRunGaugesLiveAsLongAsTheRun() throws Exception {
        String run = "run-live-" + UUID.randomUUID();
        List<String[]> events = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Stream<String>>> connection = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(stream).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture.runAsync(() -> {
            String[] name = {null};
            connection.join().body().forEach(line -> {
                if (line.startsWith("event:")) {
                    name[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    events.add(new String[] {name[0], line.substring(5).trim()});
                }
            });
        });
        assertEquals(200, connection.get(30, TimeUnit.SECONDS).statusCode());

        KafkaTestClient kafka = KafkaTestClient.shared();
        kafka.send(Topics.RUNS, run, AnalyticsFlowTest.runEvent(run, "live", "sim-strong", RunStatus.RUNNING, 2,
                Instant.now()));
        kafka.send(Topics.SCORES, Topics.runImageKey(run, "a"), AnalyticsFlowTest.answered(run, "live",
                "sim-strong", "a", 10, 4900, new ThresholdHits(false, true, true, true, true), "0.001"));

        JsonNode row = awaitEvent(events, "leaderboard", run, 1);
        assertEquals("live", row.get("datasetId").asText());
        assertEquals(1.0, row.get("row").get("acc25km").doubleValue());
        assertEquals(2, row.get("row").get("ci").get("acc25km").size(), "the row carries its intervals");
        JsonNode progress = awaitEvent(events, "progress", run, 1);
        assertEquals(2, progress.get("expected").asLong());

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var gauge = registry.find("placebench.analytics.run.progress").tag("run", run).gauge();
            assertNotNull(gauge, "a RUNNING run has its gauges");
            assertEquals(0.5, gauge.value(), 1e-9);
            assertEquals(1.0, registry.find("placebench.analytics.run.acc25km").tag("run", run).gauge().value());
            assertTrue(Double.isNaN(registry.find("placebench.analytics.run.budget.usd").tag("run", run).gauge()
                    .value()), "no budget: NaN");
        });

        kafka.send(Topics.RUNS, run, AnalyticsFlowTest.runEvent(run, "live", "sim-strong", RunStatus.COMPLETED, 2,
                Instant.now().plusSeconds(1)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertNull(registry.find("placebench.analytics.run.progress").tag("run", run).gauge(),
                        "gauges are removed when the run ends"));
        connection.get().body().close();
        kafka.close();
    }

    /** An event {@code name} about {@code run} whose scored count (n or scored) reached {@code n}, received so far. */
    private static JsonNode awaitEvent(List<String[]> events, String name, String run, long n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String[] event : events) {
                if (!name.equals(event[0])) {
                    continue;
                }
                JsonNode data = JSON.readTree(event[1]);
                JsonNode about = data.has("row") ? data.get("row") : data;
                long count = about.has("n") ? about.get("n").asLong() : about.path("scored").asLong();
                if (run.equals(about.get("runId").asText()) && count >= n) {
                    return data;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + name + " event for " + run + " with " + n + " scored");
    }
}
