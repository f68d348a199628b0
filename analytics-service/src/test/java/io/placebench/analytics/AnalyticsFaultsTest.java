package io.placebench.analytics;

import static io.placebench.analytics.AnalyticsFlowTest.answered;
import static io.placebench.analytics.AnalyticsFlowTest.withAttempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.ScoreComputed;
import io.placebench.events.ThresholdHits;
import io.placebench.events.Topics;
import io.placebench.testing.ConnectionKiller;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.placebench.testing.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Makes the real database fail while scores and runs events are consumed (tables locked past the service's
 * lock_timeout, then connections terminated again and again) and checks that every (run, image) is counted exactly
 * once, retries replace older attempts, and nothing reaches a dead-letter topic.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class AnalyticsFaultsTest {

    static final String SCORES_DLQ = "analytics-service.scores.dlq";
    static final String RUNS_DLQ = "analytics-service.runs.dlq";
    static final ThresholdHits HITS = new ThresholdHits(false, true, true, true, true);

    static KafkaTestClient kafka;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    double transientRetries() {
        return registry.find("placebench.analytics.transient.retries").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    static RunChanged runEvent(String run, String dataset, RunStatus status, Instant at, Long generation) {
        return new RunChanged(UUID.randomUUID().toString(), 1, at, run, dataset, "simulator", "sim-strong", "imageo",
                Map.of(), true, status, 100, null, generation);
    }

    static void send(ScoreComputed score) {
        kafka.send(Topics.SCORES, Topics.runImageKey(score.runId(), score.imageId()), score);
    }

    static void send(RunChanged event) {
        kafka.send(Topics.RUNS, event.runId(), event);
    }

    @Test
    void anOutageWhileConsumingLosesNothingCountsNothingTwiceAndDeadLettersNothing() throws Exception {
        String dataset = "ds-faults-" + UUID.randomUUID();
        String run = "run-faults-" + UUID.randomUUID();
        int images = 100;
        int retried = 10;
        Instant t0 = Instant.now().minusSeconds(60);
        double retriesBefore = transientRetries();

        // 1. Both tables locked (as by a long migration or a stuck transaction) while the first half arrives.
        TestPostgres.Jdbc jdbc = TestPostgres.jdbc();
        try (Connection lock = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
                Statement st = lock.createStatement()) {
            lock.setAutoCommit(false);
            st.execute("lock table analytics.score, analytics.run in access exclusive mode");
            send(runEvent(run, dataset, RunStatus.RUNNING, t0, 1L));
            for (int i = 0; i < images / 2; i++) {
                ScoreComputed score = answered(run, dataset, "sim-strong", "i" + i, 10, 4900, HITS, "0.001");
                send(score);
                send(score); // a redelivery
            }
            // The outage is met (lock_timeout, 55P03) and waited out, not dead-lettered.
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> transientRetries() > retriesBefore);
            lock.commit();
        }

        // 2. Connections terminated again and again while the rest, retries and stale runs events arrive.
        try (ConnectionKiller killer = new ConnectionKiller(500)) {
            for (int i = images / 2; i < images; i++) {
                ScoreComputed score = answered(run, dataset, "sim-strong", "i" + i, 10, 4900, HITS, "0.001");
                send(score);
                send(score);
            }
            for (int i = 0; i < retried; i++) {
                ScoreComputed first = answered(run, dataset, "sim-strong", "i" + i, 10, 4900, HITS, "0.001");
                send(withAttempt(answered(run, dataset, "sim-strong", "i" + i, 500, 3000,
                        new ThresholdHits(false, false, false, true, true), "0.002"), 2));
                send(first); // attempt 1 again, after attempt 2: changes nothing
            }
            send(runEvent(run, dataset, RunStatus.COMPLETED, t0.plusSeconds(2), 3L));
            // A stale PAUSED of an earlier generation with a later clock must not shadow the completion.
            send(runEvent(run, dataset, RunStatus.PAUSED, t0.plusSeconds(30), 2L));
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> ConnectionKiller.count("select count(*) from analytics.score where run_id = ? "
                            + "and (request_attempt = 2 or distance_km = 10)", run) == images
                            && ConnectionKiller.count("select count(*) from analytics.score where run_id = ? "
                                    + "and request_attempt = 2", run) == retried
                            && ConnectionKiller.count("select generation from analytics.run where run_id = ?",
                                    run) == 3);
            assertTrue(killer.killed() > 0);
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertEquals(images, ConnectionKiller.count("select count(*) from analytics.score where run_id = ?", run));
            assertEquals(images * 1_000L + retried * 2_000L, ConnectionKiller.count(
                    "select (sum(cost_usd) * 1000000)::bigint from analytics.score where run_id = ?", run),
                    "every attempt's cost once, in micro-dollars");
            assertEquals(retried, ConnectionKiller.count("select count(*) from analytics.score where run_id = ? "
                    + "and request_attempt = 2 and distance_km = 500", run), "attempt 2 replaced attempt 1");
            assertEquals(1, ConnectionKiller.count("select count(*) from analytics.run where run_id = ? "
                    + "and status = 'COMPLETED' and generation = 3", run), "the newer generation won");
        });
        assertEquals(List.of(), deadLetters(SCORES_DLQ, run), "no score dead-lettered");
        assertEquals(List.of(), deadLetters(RUNS_DLQ, run), "no runs event dead-lettered");
    }

    /** Dead letters mentioning {@code marker} (a run id of this test). */
    static List<String> deadLetters(String topic, String marker) {
        return kafka.readRecords(topic, Duration.ofSeconds(10), r -> false).stream()
                .map(ConsumerRecord::value).filter(v -> v != null && v.contains(marker)).toList();
    }
}
