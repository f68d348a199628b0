package io.placebench.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's isolation and fairness, through the whole service (Kafka in, durable queue in PostgreSQL,
 * simulators over HTTP, Kafka out). Assertions are on counts and on the order of completion, never on time:
 * <ul>
 * <li>a run on a 30 RPM model (provider {@code limited}) with a long queue does not hold up a run on another
 * model, which gets all its answers while the first still has most of its requests waiting;</li>
 * <li>two runs queued on one model that takes one call at a time (provider {@code paced}) are served in turns:
 * when the first of them is done, the other has had nearly as many answers.</li>
 * </ul>
 * Same test resources as InferenceFlowTest, so both run in one Quarkus application.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = SimulatorTestResource.class, parallel = true)
class DispatchIsolationTest {

    static final Duration WAIT = Duration.ofSeconds(180); // a cap, not a measure: a busy machine is slow
    static DispatchTestSupport support;
    static KafkaTestClient kafka;

    @BeforeAll
    static void start() throws Exception {
        support = new DispatchTestSupport();
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void stop() {
        support.close();
        kafka.close();
    }

    static List<PredictionMade> predictions(String run, int atLeast) {
        return kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(run), atLeast, WAIT);
    }

    @Test
    void aRateLimitedModelNeverHoldsUpAnother() throws Exception {
        // Run A: 60 requests on a 30 RPM model (about one call every two seconds, four leased at a time).
        String slowRun = "slow-" + UUID.randomUUID();
        int slowImages = 60;
        support.send(support.run(slowRun, slowImages, "limited", "sim-strong"));
        // A is in progress: it has been answered at least once and most of it is still waiting
        await().atMost(WAIT).until(() -> DispatchTestSupport.answered(slowRun) >= 1);
        int slowAnsweredBefore = DispatchTestSupport.answered(slowRun);

        // Run B, 30 requests on another model, sent behind all of A on the same topic
        String fastRun = "fast-" + UUID.randomUUID();
        int fastImages = 30;
        support.send(support.run(fastRun, fastImages, "simulator", "sim-weak"));
        List<PredictionMade> fast = predictions(fastRun, fastImages);
        int slowAnsweredAfter = DispatchTestSupport.answered(slowRun);

        System.out.printf("DISPATCH ISOLATION: B (%d requests) done while A had %d of %d answered (%d before B)%n",
                fastImages, slowAnsweredAfter, slowImages, slowAnsweredBefore);
        assertEquals(fastImages, fast.size(), "every request of B is answered while A is still in progress");
        fast.forEach(p -> assertTrue(p.status() != PredictionStatus.API_ERROR && p.status() != PredictionStatus.TIMEOUT,
                p.imageId() + ": " + p.status() + " " + p.error()));
        assertEquals(fastImages, DispatchTestSupport.answered(fastRun));
        // B did not wait behind A: when B's last answer was read, at most half of A had been answered (that half
        // alone takes a minute at 30 RPM; B's 30 calls on its own model take seconds)
        assertTrue(slowAnsweredAfter <= slowImages / 2, "A answered " + slowAnsweredBefore + " before B was sent, "
                + slowAnsweredAfter + " when B was done: B waited behind A");
        Map<String, Integer> slowState = DispatchTestSupport.byStatus(slowRun);
        assertTrue(slowState.getOrDefault("QUEUED", 0) + slowState.getOrDefault("IN_FLIGHT", 0) >= slowImages / 2,
                "A still has most of its requests waiting: " + slowState);
        assertTrue(slowState.getOrDefault("IN_FLIGHT", 0) <= 4, "A holds at most its max-concurrency of leases: "
                + slowState);

        // Ingest cancels A: the rest of its queue stays where it is, no more calls (and no long drain at the end)
        support.runChanged(slowRun, "limited", "sim-strong", RunStatus.CANCELLED, 1);
        await().atMost(WAIT).until(() -> "CANCELLED".equals(given().get("/api/runs/{run}/state", slowRun).then()
                .extract().path("status")));
    }

    @Test
    void runsOnTheSameModelTakeTurns() throws Exception {
        // Two runs on one model that is called one request at a time (300 ms each). Both are paused while all
        // their requests are queued (first all of C, then all of D), then resumed together.
        String c = "turns-c-" + UUID.randomUUID();
        String d = "turns-d-" + UUID.randomUUID();
        int images = 10;
        for (String run : List.of(c, d)) {
            support.runChanged(run, "paced", "sim-strong", RunStatus.PAUSED, 1);
        }
        for (String run : List.of(c, d)) {
            await().atMost(WAIT).until(() -> "PAUSED".equals(given().get("/api/runs/{run}/state", run).then()
                    .extract().path("status")));
        }
        List<InferenceRequested> first = support.run(c, images, "paced", "sim-strong");
        List<InferenceRequested> second = support.run(d, images, "paced", "sim-strong");
        support.send(first);
        support.send(second);
        await().atMost(WAIT).until(() -> DispatchTestSupport.byStatus(c).equals(Map.of("QUEUED", images))
                && DispatchTestSupport.byStatus(d).equals(Map.of("QUEUED", images)));

        for (String run : List.of(c, d)) {
            support.runChanged(run, "paced", "sim-strong", RunStatus.RUNNING, 2);
        }
        assertEquals(images, predictions(c, images).size());
        assertEquals(images, predictions(d, images).size());

        // In the order the answers were stored: when the first run got its last answer, the other had most of its
        // own (taking turns gives it images - 1; one run after the other would give it none)
        List<String> order = DispatchTestSupport.completionOrder(c, d);
        System.out.println("DISPATCH TURNS: " + String.join("", order.stream().map(r -> r.equals(c) ? "C" : "D")
                .toList()));
        assertEquals(2 * images, order.size());
        int firstDone = Math.min(order.lastIndexOf(c), order.lastIndexOf(d));
        String finishedFirst = order.get(firstDone);
        String other = finishedFirst.equals(c) ? d : c;
        long otherBefore = order.subList(0, firstDone).stream().filter(other::equals).count();
        assertTrue(otherBefore >= images - 3, "when " + (finishedFirst.equals(c) ? "C" : "D") + " was done the other"
                + " had " + otherBefore + " of " + images + " answers; order: " + order.stream()
                .map(r -> r.equals(c) ? "C" : "D").toList());
        // and they alternated from the start: among the first four answers, each run has at least one
        List<String> start = order.subList(0, 4);
        assertTrue(start.contains(c) && start.contains(d), "first answers: " + start);
    }
}
