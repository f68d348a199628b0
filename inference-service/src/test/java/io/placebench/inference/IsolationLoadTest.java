package io.placebench.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.simulator.SimulatorConfig;
import io.placebench.simulator.SimulatorServer;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The isolation figure of docs/benchmarks.md ("Inference"): how long a 240-image run on provider {@code loadsim}
 * (llm-simulator process, 600 RPM, 2 s mean latency) takes alone, and while a run of 1,000 images on a 30 RPM
 * model (provider {@code slow30}, its own simulator, 2 s latency) is in progress. One replica. Excluded from the
 * normal build (tag {@code load}); run it with
 * {@code ./mvnw -B -o -pl inference-service test -Dtest=IsolationLoadTest -Dexcluded.groups=none}. Results go to
 * the console ({@code ISOLATION RESULT}) and {@code target/isolation-results.json}; only the outcome (every image
 * answered) is asserted, the times are recorded.
 */
@Tag("load")
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = LoadSimulatorResource.class, parallel = true)
@WithTestResource(value = IsolationLoadTest.Slow30Rpm.class, parallel = true)
class IsolationLoadTest {

    static final int IMAGES = Integer.getInteger("isolation.images", 240);
    static final int SLOW_IMAGES = Integer.getInteger("isolation.slow-images", 1000);

    /** A second simulator allowing 30 requests per minute, behind provider {@code slow30} (rpm 30). */
    public static class Slow30Rpm implements QuarkusTestResourceLifecycleManager {
        private SimulatorServer server;

        @Override
        public Map<String, String> start() {
            server = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(2000).withLatencyJitter(0.25)
                    .withRateLimits(30, 0));
            return Map.of("placebench.providers.slow30.base-url", server.baseUrl(),
                    "placebench.providers.slow30.simulated", "true",
                    "placebench.providers.slow30.rpm", "30");
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Sends the run and answers seconds from its first send to its last stored answer. */
    static double timed(DispatchTestSupport support, KafkaTestClient kafka, String run) throws Exception {
        List<InferenceRequested> requests = support.run(run, IMAGES, "loadsim", "sim-strong", 640, 480);
        Instant t0 = Instant.now();
        support.send(requests);
        List<PredictionMade> found = kafka.readAll(Topics.PREDICTIONS, PredictionMade.class,
                p -> p.runId().equals(run), IMAGES, Duration.ofMinutes(10));
        assertEquals(IMAGES, found.size(), "every image of " + run + " is answered");
        assertEquals(IMAGES, found.stream().filter(p -> p.status() == PredictionStatus.OK).count());
        try (Connection c = DispatchTestSupport.db(); PreparedStatement s = c.prepareStatement(
                "select max(completed_at) from inference.ledger where run_id = ?")) {
            s.setString(1, run);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Timestamp last = rs.getTimestamp(1);
                return Duration.between(t0, last.toInstant()).toMillis() / 1000.0;
            }
        }
    }

    @Test
    void aRunTakesAboutAsLongBesideA30RpmRun() throws Exception {
        KafkaTestClient kafka = KafkaTestClient.shared();
        try (DispatchTestSupport support = new DispatchTestSupport()) {
            // warm-up (not measured): topics, connections, JIT
            String warm = "warm-" + UUID.randomUUID();
            support.send(support.run(warm, 20, "loadsim", "sim-strong", 640, 480));
            kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(warm), 20,
                    Duration.ofMinutes(3));

            double alone = timed(support, kafka, "alone-" + UUID.randomUUID());

            String slow = "slow30-" + UUID.randomUUID();
            support.send(support.run(slow, SLOW_IMAGES, "slow30", "sim-strong", 640, 480));
            await().atMost(Duration.ofMinutes(3)).until(() -> DispatchTestSupport.answered(slow) >= 1);
            int slowBefore = DispatchTestSupport.answered(slow);
            double beside = timed(support, kafka, "beside-" + UUID.randomUUID());
            int slowAfter = DispatchTestSupport.answered(slow);
            Map<String, Integer> slowState = DispatchTestSupport.byStatus(slow);
            support.runChanged(slow, "slow30", "sim-strong", RunStatus.CANCELLED, 1);
            await().atMost(Duration.ofMinutes(1)).until(() -> "CANCELLED".equals(given()
                    .get("/api/runs/{run}/state", slow).then().extract().path("status")));

            ObjectNode result = DispatchTestSupport.JSON.createObjectNode();
            result.put("images", IMAGES);
            result.put("aloneSeconds", alone);
            result.put("besideSlowRunSeconds", beside);
            result.put("ratio", Math.round(beside / alone * 1000) / 1000.0);
            result.put("slowRunImages", SLOW_IMAGES);
            result.put("slowRunAnsweredBefore", slowBefore);
            result.put("slowRunAnsweredAfter", slowAfter);
            result.put("slowRunStateAfter", slowState.toString());
            result.put("cores", Runtime.getRuntime().availableProcessors());
            System.out.println("ISOLATION RESULT " + result.toPrettyString());
            Files.writeString(Path.of("target", "isolation-results.json"), result.toPrettyString());
        } finally {
            kafka.close();
        }
    }
}
