package io.placebench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.ingest.messaging.OutboxRelay;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers are tracked per (run, image, attempt), whatever the order of events: a prediction that overtakes the
 * publication of its request counts, an older attempt never answers a newer one, a redelivery changes nothing,
 * and a run completes exactly once.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class AnswerTrackingTest {

    @TempDir
    Path root;

    @Inject
    OutboxRelay relay;

    @Inject
    MeterRegistry registry;

    String datasetOf(int images) throws IOException {
        String dataset = Flows.dataset();
        Path folder = root.resolve(dataset);
        StringBuilder manifest = new StringBuilder("id,file,latitude,longitude\n");
        for (int i = 0; i < images; i++) {
            TestImages.write(folder.resolve("i" + i + ".png"), "png", 0x030507 * (i + 1));
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

    double outcomes(String outcome) {
        return registry.counter("placebench.ingest.predictions", "outcome", outcome).count();
    }

    @Test
    void predictionsThatOvertakeTheirRequestsStillCompleteTheRun() throws IOException {
        String dataset = datasetOf(3);
        relay.pause(); // the requests are committed to the outbox but not on Kafka yet
        String runId;
        try {
            runId = run(dataset);
            for (int i = 0; i < 3; i++) {
                Flows.predict(runId, dataset, "i" + i, PredictionStatus.OK, null);
            }
            JsonPath done = Flows.awaitRun(runId, "COMPLETED");
            assertEquals(3, done.getInt("progress.predicted"));
        } finally {
            relay.resume();
        }
        assertEquals(3, Flows.requests(runId).size(), "the requests are still published");
        List<RunChanged> events = Flows.runEvents(runId);
        assertEquals(List.of(RunStatus.CREATED, RunStatus.RUNNING, RunStatus.COMPLETED),
                events.stream().map(RunChanged::status).toList());
        assertEquals(List.of(1L, 2L, 3L), events.stream().map(RunChanged::generation).toList());
    }

    @Test
    void anOlderAttemptNeverAnswersARetriedImageAndRedeliveriesChangeNothing() throws IOException {
        String dataset = datasetOf(2);
        String runId = run(dataset);
        Flows.predict(runId, dataset, "i0", PredictionStatus.OK, 1);
        Flows.predict(runId, dataset, "i1", PredictionStatus.API_ERROR, 1);
        assertEquals(1, Flows.awaitRun(runId, "COMPLETED").getInt("progress.retryable"));
        JsonPath retried = Flows.action(runId, "retry", 200);
        assertEquals(1, retried.getInt("retried"));
        List<InferenceRequested> requests = Flows.requests(runId);
        assertEquals(3, requests.size());
        assertEquals(List.of("i1"), requests.stream().filter(r -> r.attemptOrFirst() == 2)
                .map(InferenceRequested::imageId).toList());

        // the answer to attempt 1 of i1 arrives late (redelivered): it must not answer attempt 2
        double stale = outcomes("stale_attempt");
        double duplicates = outcomes("duplicate");
        Flows.predict(runId, dataset, "i1", PredictionStatus.OK, 1);
        Flows.predict(runId, dataset, "i0", PredictionStatus.API_ERROR, null); // a redelivery of i0's answer
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> outcomes("stale_attempt") > stale && outcomes("duplicate") > duplicates);
        JsonPath run = Flows.awaitRun(runId, "RUNNING");
        assertEquals(1, run.getInt("progress.predicted"), "i1 is still waiting for attempt 2");
        assertEquals(0, run.getInt("progress.retryable"), "i0 keeps its first answer (OK)");

        Flows.predict(runId, dataset, "i1", PredictionStatus.OK, 2);
        Flows.awaitRun(runId, "COMPLETED");
    }

    @Test
    void manyAnswersAtOnceCompleteTheRunExactlyOnce() throws IOException {
        String dataset = datasetOf(40);
        String runId = run(dataset);
        IntStream.range(0, 40).parallel()
                .forEach(i -> Flows.predict(runId, dataset, "i" + i, PredictionStatus.OK, null));
        Flows.predict(runId, dataset, "i7", PredictionStatus.OK, null); // and one redelivery
        Flows.awaitRun(runId, "COMPLETED");
        long completed = Flows.runEvents(runId).stream().filter(e -> e.status() == RunStatus.COMPLETED).count();
        assertEquals(1, completed);
        assertTrue(Flows.awaitRun(runId, "COMPLETED").getInt("progress.predicted") == 40);
    }

    @Test
    void onlyRecordsThatCanNeverBeProcessedAreDeadLettered() {
        String key = "poison-" + UUID.randomUUID();
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.sendRaw(Topics.PREDICTIONS, key, "{not json");
            kafka.send(Topics.PREDICTIONS, key, Flows.prediction(null, "d", "x", PredictionStatus.OK, null));
            kafka.send(Topics.PREDICTIONS, key, Flows.prediction("run-unknown", "d", "x", PredictionStatus.OK, null));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes("unknown") > 0
                && TopicReader.readToEnd("ingest-service.predictions.dlq").stream()
                        .filter(r -> key.equals(r.key())).count() == 2);
    }
}
