package io.placebench.inference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.Topics;
import io.placebench.inference.domain.Prompts;
import io.placebench.inference.repository.RequestQueue;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Leases in the real database. A "worker" that leased a request and died (its row IN_FLIGHT, its lease never
 * renewed) loses it to the dispatcher's refresh: the row goes back to the queue with {@code takeovers} raised and the
 * service answers it, calling the provider once. While a lease is renewed it is never taken over. Once a row has
 * its answer, the same request delivered again re-publishes the stored prediction and calls nobody.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = SimulatorTestResource.class, parallel = true)
class LeaseTakeoverTest {

    static final Duration WAIT = Duration.ofSeconds(180); // a cap, not a measure: a busy machine is slow
    static DispatchTestSupport support;
    static KafkaTestClient kafka;

    @Inject
    RequestQueue queue;

    final String simulatorBaseUrl = org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("placebench.providers.simulator.base-url", String.class);

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

    record Row(String status, String claimToken, int takeovers, String eventId, String sentSha) {
    }

    static Row row(String run, String image) throws Exception {
        try (Connection c = DispatchTestSupport.db(); PreparedStatement s = c.prepareStatement("""
                select status, claim_token, takeovers, event_id, sent_sha256 from inference.ledger
                where run_id = ? and image_id = ? and attempt = 1""")) {
            s.setString(1, run);
            s.setString(2, image);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5)) : null;
            }
        }
    }

    /** A ledger row as a worker leaves it once it leased the request: IN_FLIGHT, its token, its lease's end. */
    static void leasedByAnotherWorker(InferenceRequested r, String token, String leaseUntil) throws Exception {
        try (Connection c = DispatchTestSupport.db(); PreparedStatement s = c.prepareStatement("""
                insert into inference.ledger (run_id, image_id, attempt, status, dataset_id, provider, model, prompt_id,
                                              prompt_hash, request_event_id, request_json, queued_at, claim_token,
                                              claimed_at, lease_until, source_sha256, imported, created_at)
                values (?, ?, 1, 'IN_FLIGHT', ?, ?, ?, ?, ?, ?, ?, now() - interval '1 minute', ?,
                        now() - interval '1 minute', now() + ?::interval, ?, false, now() - interval '1 minute')""")) {
            int i = 1;
            s.setString(i++, r.runId());
            s.setString(i++, r.imageId());
            s.setString(i++, r.datasetId());
            s.setString(i++, r.provider());
            s.setString(i++, r.model());
            s.setString(i++, r.promptId());
            s.setString(i++, Prompts.IMAGEO.hash());
            s.setString(i++, r.eventId());
            s.setString(i++, DispatchTestSupport.JSON.writeValueAsString(r));
            s.setString(i++, token);
            s.setString(i++, leaseUntil);
            s.setString(i, r.sha256());
            s.executeUpdate();
        }
    }

    List<PredictionMade> predictions(String run, int atLeast) {
        return kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(run), atLeast, WAIT);
    }

    @Test
    void aLeaseThatRunsOutIsTakenOverAndAnsweredOnce() throws Exception {
        String run = "takeover-" + UUID.randomUUID();
        InferenceRequested request = support.run(run, 1, "simulator", "sim-strong").get(0);
        // the worker that leased it died a minute ago; its lease ended a second ago
        leasedByAnotherWorker(request, "dead-worker", "-1 second");

        List<PredictionMade> found = predictions(run, 1);
        assertEquals(1, found.size());
        PredictionMade p = found.get(0);
        assertEquals(PredictionStatus.OK, p.status(), p.error());
        Row done = row(run, request.imageId());
        assertEquals("OK", done.status());
        assertEquals(1, done.takeovers(), "the expired lease was taken over once");
        assertEquals(p.eventId(), done.eventId());
        assertNotNull(done.sentSha());
        assertEquals(1, DispatchTestSupport.callsFor(simulatorBaseUrl, done.sentSha()), "one call after the takeover");

        // The same request delivered again (Kafka redelivery, or a watchdog's re-send): the stored prediction is
        // published again with its event id, and the provider is not called.
        support.send(List.of(request));
        List<PredictionMade> again = predictions(run, 2);
        assertEquals(2, again.size());
        assertEquals(p.eventId(), again.get(1).eventId());
        assertEquals(p, again.get(1));
        assertEquals(1, DispatchTestSupport.callsFor(simulatorBaseUrl, done.sentSha()), "a redelivery calls nobody");
        Row after = row(run, request.imageId());
        assertEquals("OK", after.status());
        assertEquals(1, after.takeovers());
        assertEquals(1, DispatchTestSupport.byStatus(run).values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aRenewedLeaseIsNeverTakenOverAndOneThatStopsBeingRenewedIs() throws Exception {
        String run = "renewed-" + UUID.randomUUID();
        InferenceRequested request = support.run(run, 1, "simulator", "sim-strong").get(0);
        leasedByAnotherWorker(request, "live-worker", "5 seconds");

        // the live worker renews its 5 s lease every second, across several of the dispatcher's refreshes (every
        // second): each time the row is still its own
        for (int i = 0; i < 5; i++) {
            assertEquals(1, queue.renew(Set.of("live-worker"), Duration.ofSeconds(5)), "renewal " + i);
            Row held = row(run, request.imageId());
            assertEquals(new Row("IN_FLIGHT", "live-worker", 0, null, null), held, "renewal " + i);
            Thread.sleep(1000);
        }
        // a redelivery while it is held joins the row: nothing new is queued or called
        support.send(List.of(request));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Row r = row(run, request.imageId());
            return r.takeovers() == 1 || !"live-worker".equals(r.claimToken());
        });

        // then the worker dies: its lease runs out and the row is taken over and answered
        List<PredictionMade> found = predictions(run, 1);
        assertEquals(PredictionStatus.OK, found.get(0).status(), found.get(0).error());
        Row done = row(run, request.imageId());
        assertEquals(1, done.takeovers());
        assertEquals(0, queue.renew(Set.of("live-worker"), Duration.ofSeconds(5)),
                "the dead worker's token holds nothing any more");
        assertEquals(1, DispatchTestSupport.callsFor(simulatorBaseUrl, done.sentSha()));
        assertTrue(kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, x -> x.runId().equals(run), 2,
                Duration.ofSeconds(3)).size() == 1, "one prediction");
    }
}
