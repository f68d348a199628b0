package io.placebench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionStatus;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.placebench.testing.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults ingest must ride out, with a short re-send period ({@code resend-after} 1 s, watchdog every second) and a
 * lock timeout on the service's connections so that a held lock is a transient failure, as in production.
 */
@QuarkusTest
@TestProfile(ReliabilityTest.Profile.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ReliabilityTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("placebench.runs.resend-after", "PT1S",
                    "placebench.runs.watchdog-every", "PT1S",
                    "quarkus.datasource.jdbc.additional-jdbc-properties.options", "-c lock_timeout=500");
        }
    }

    @TempDir
    Path root;

    @Inject
    MeterRegistry registry;

    String datasetOf(int images) throws IOException {
        String dataset = Flows.dataset();
        Path folder = root.resolve(dataset);
        StringBuilder manifest = new StringBuilder("id,file,latitude,longitude\n");
        for (int i = 0; i < images; i++) {
            TestImages.write(folder.resolve("i" + i + ".png"), "png", 0x110d09 * (i + 1));
            manifest.append("i").append(i).append(",i").append(i).append(".png,1,").append(i).append('\n');
        }
        Files.writeString(folder.resolve("manifest.csv"), manifest);
        Flows.importFolder(dataset, folder, "manifest.csv");
        return dataset;
    }

    static String run(String dataset) {
        return Flows.createRun(Map.of("datasetId", dataset, "provider", "simulator", "model", "sim-strong",
                "promptId", "imageo"), 201).getString("id");
    }

    static Connection connect() throws SQLException {
        TestPostgres.Jdbc jdbc = TestPostgres.jdbc();
        return DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
    }

    static JsonPath awaitCompleted(String runId) {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> "COMPLETED".equals(Flows.awaitRun(runId, "COMPLETED").getString("status")));
        return Flows.awaitRun(runId, "COMPLETED");
    }

    @Test
    void theWatchdogResendsUnansweredRequestsUntilTheyAreAnswered() throws IOException {
        String dataset = datasetOf(2);
        String runId = run(dataset);
        double resent = registry.counter("placebench.ingest.requests.resent").count();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Flows.requests(runId).size() >= 4);
        List<InferenceRequested> requests = Flows.requests(runId);
        assertEquals(Set.of("i0", "i1"), requests.stream().map(InferenceRequested::imageId).collect(Collectors.toSet()));
        assertTrue(requests.stream().allMatch(r -> r.attemptOrFirst() == 1), "a re-send keeps the attempt");
        assertTrue(requests.stream().allMatch(r -> r.generationOrZero() == 2), "and the run's generation");
        assertEquals(requests.size(), requests.stream().map(InferenceRequested::eventId).distinct().count(),
                "each re-send is a new event");
        assertEquals(2, Flows.awaitRun(runId, "RUNNING").getInt("expectedCount"), "re-sends are not counted again");
        assertTrue(registry.counter("placebench.ingest.requests.resent").count() >= resent + 2);

        Flows.predict(runId, dataset, "i0", PredictionStatus.OK, null);
        Flows.predict(runId, dataset, "i1", PredictionStatus.PARSE_FAILED, null);
        Flows.awaitRun(runId, "COMPLETED");
    }

    @Test
    void predictionsConsumedWhileTheDatabaseFailsAreAllCountedAndNoneIsDeadLettered() throws Exception {
        int images = 30;
        String dataset = datasetOf(images);
        String runId = run(dataset);
        double retries = registry.counter("placebench.ingest.consumer.retries", "channel", "predictions").count();

        // 1. a lock held on run_image: the service's lock_timeout makes every prediction fail (transiently)
        try (Connection locker = connect()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("lock table ingest.run_image in access exclusive mode");
            }
            for (int i = 0; i < images / 2; i++) {
                Flows.predict(runId, dataset, "i" + i, PredictionStatus.OK, null);
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> registry.counter(
                    "placebench.ingest.consumer.retries", "channel", "predictions").count() > retries);
            locker.rollback();
        }

        // 2. the service's connections terminated again and again (what a database restart does to them)
        Thread terminator = new Thread(() -> {
            try (Connection admin = connect(); Statement s = admin.createStatement()) {
                for (int round = 0; round < 15; round++) {
                    s.execute("select pg_terminate_backend(pid) from pg_stat_activity "
                            + "where datname = current_database() and pid <> pg_backend_pid()");
                    Thread.sleep(150);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        terminator.start();
        for (int i = images / 2; i < images; i++) {
            Flows.predict(runId, dataset, "i" + i, PredictionStatus.OK, null);
        }
        terminator.join();

        JsonPath done = awaitCompleted(runId);
        assertEquals(images, done.getInt("progress.predicted"), "every prediction is counted");
        for (String dlq : List.of("ingest-service.predictions.dlq", "ingest-service.runs.dlq")) {
            assertEquals(List.of(), TopicReader.readToEnd(dlq).stream()
                    .filter(r -> r.value() != null && r.value().contains(runId)).toList(), "nothing in " + dlq);
        }
    }
}
