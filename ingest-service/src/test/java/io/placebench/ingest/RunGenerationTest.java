package io.placebench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.InferenceRequested;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every lifecycle decision makes a new run generation, carried by its events and requests; a halt that inference
 * publishes on {@code runs} is adopted only for the current generation, and a resume after it makes a newer one.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class RunGenerationTest {

    @TempDir
    Path root;

    String datasetOf(int images) throws IOException {
        String dataset = Flows.dataset();
        Path folder = root.resolve(dataset);
        StringBuilder manifest = new StringBuilder("id,file,latitude,longitude\n");
        for (int i = 0; i < images; i++) {
            TestImages.write(folder.resolve("i" + i + ".png"), "png", 0x0b0d0f * (i + 1));
            manifest.append("i").append(i).append(",i").append(i).append(".png,1,").append(i).append('\n');
        }
        Files.writeString(folder.resolve("manifest.csv"), manifest);
        Flows.importFolder(dataset, folder, "manifest.csv");
        return dataset;
    }

    /** A halt as inference publishes it: the run's fields, the generation it halts. */
    static void inferenceHalts(RunChanged last, RunStatus status, long generation, String reason) {
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(Topics.RUNS, last.runId(), new RunChanged(UUID.randomUUID().toString(),
                    RunChanged.SCHEMA_VERSION, Instant.now(), last.runId(), last.datasetId(), last.provider(),
                    last.model(), last.promptId(), last.parameters(), last.simulated(), status, last.expectedCount(),
                    reason, generation));
        }
    }

    @Test
    void haltsOfTheCurrentGenerationAreAdoptedStaleOnesIgnoredAndAResumeIsNewer() throws IOException {
        String dataset = datasetOf(2);
        String runId = Flows.createRun(Map.of("datasetId", dataset, "provider", "simulator", "model", "sim-strong",
                "promptId", "imageo"), 201).getString("id");
        List<RunChanged> events = Flows.runEvents(runId);
        assertEquals(List.of(1L, 2L), events.stream().map(RunChanged::generation).toList());
        assertTrue(Flows.requests(runId).stream().allMatch(r -> r.generationOrZero() == 2));
        RunChanged running = events.get(1);

        // a stale PAUSED (generation 1) then BUDGET_EXHAUSTED of the current generation, on one partition:
        // had the stale one been adopted, the run would be PAUSED and the second one ignored
        inferenceHalts(running, RunStatus.PAUSED, 1, "stale: model error of an older generation");
        inferenceHalts(running, RunStatus.BUDGET_EXHAUSTED, 2, "inference: budget of 0.01 USD spent");
        JsonPath halted = Flows.awaitRun(runId, "BUDGET_EXHAUSTED");
        assertEquals(2, halted.getLong("generation"), "an adopted halt keeps the generation");
        assertEquals("inference: budget of 0.01 USD spent", halted.getString("statusReason"));
        assertEquals(4, Flows.runEvents(runId).size(), "ingest does not announce an adopted halt again");

        JsonPath resumed = Flows.action(runId, "resume", 200);
        assertEquals("RUNNING", resumed.getString("status"));
        assertEquals(3, resumed.getLong("generation"));
        RunChanged last = Flows.runEvents(runId).get(4);
        assertEquals(RunStatus.RUNNING, last.status());
        assertEquals(3L, last.generation());
        List<InferenceRequested> requests = Flows.requests(runId);
        assertEquals(4, requests.size(), "both unanswered requests are sent again on resume");
        assertEquals(List.of(2L, 2L, 3L, 3L), requests.stream().map(InferenceRequested::generationOrZero).sorted()
                .toList());

        // pause and cancel are decisions too
        assertEquals(4, Flows.action(runId, "pause", 200).getLong("generation"));
        assertEquals(5, Flows.action(runId, "cancel", 200).getLong("generation"));
        List<RunChanged> all = Flows.runEvents(runId);
        assertEquals(List.of(RunStatus.CREATED, RunStatus.RUNNING, RunStatus.PAUSED, RunStatus.BUDGET_EXHAUSTED,
                RunStatus.RUNNING, RunStatus.PAUSED, RunStatus.CANCELLED),
                all.stream().map(RunChanged::status).toList());
        assertEquals(List.of(1L, 2L, 1L, 2L, 3L, 4L, 5L), all.stream().map(RunChanged::generation).toList());
    }
}
