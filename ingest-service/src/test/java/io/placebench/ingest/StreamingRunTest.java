package io.placebench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open run follows its dataset: images arriving in three batches are each requested once (and scored once:
 * one prediction per request completes the picture), a snapshot run keeps the images present when it started,
 * pausing holds new images back until the run resumes, cancelling stops it.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class StreamingRunTest {

    @TempDir
    Path root;

    /** Writes images {@code from..to-1} and a manifest of them into a new folder. */
    Path batch(String name, int from, int to) throws IOException {
        Path folder = root.resolve(name);
        StringBuilder manifest = new StringBuilder("id,file,latitude,longitude\n");
        for (int i = from; i < to; i++) {
            TestImages.write(folder.resolve("s" + i + ".jpg"), "jpg", 0x050505 * (i + 1));
            manifest.append("s").append(i).append(",s").append(i).append(".jpg,").append(i).append(",")
                    .append(-i).append('\n');
        }
        Files.writeString(folder.resolve("manifest.csv"), manifest);
        return folder;
    }

    static Set<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "s" + i).collect(Collectors.toSet());
    }

    static void assertEachOnce(List<InferenceRequested> requests, Set<String> expected) {
        Set<String> seen = new HashSet<>();
        for (InferenceRequested r : requests) {
            assertTrue(seen.add(r.imageId()), "requested twice: " + r.imageId());
            assertEquals(1, r.attemptOrFirst());
        }
        assertEquals(expected, seen);
    }

    @Test
    void anOpenRunTakesImagesArrivingInThreeBatchesEachOnce() throws IOException {
        String dataset = Flows.dataset();
        JsonPath open = Flows.createRun(Map.of("datasetId", dataset, "provider", "simulator", "model", "sim-strong",
                "promptId", "imageo", "mode", "open"), 201);
        String openId = open.getString("id");
        assertEquals("open", open.getString("mode"));
        assertEquals("RUNNING", open.getString("status"), "an open run may start on an empty dataset");
        assertEquals(0, open.getInt("expectedCount"));

        Flows.importFolder(dataset, batch("b1", 0, 3), "manifest.csv");
        assertEachOnce(Flows.requests(openId), ids(0, 3));
        String snapshotId = Flows.createRun(Map.of("datasetId", dataset, "provider", "simulator", "model", "sim-weak",
                "promptId", "imageo"), 201).getString("id");

        Path second = batch("b2", 3, 7);
        assertEquals(4, Flows.importFolder(dataset, second, "manifest.csv").getInt("accepted"));
        assertEquals(0, Flows.importFolder(dataset, second, "manifest.csv").getInt("accepted"), "a re-import adds nothing");
        assertEachOnce(Flows.requests(openId), ids(0, 7));
        assertEachOnce(Flows.requests(snapshotId), ids(0, 3));

        // Answered before the pause: s0..s5; s6 is still in flight when the run is paused.
        Flows.requests(openId).stream().filter(r -> !r.imageId().equals("s6"))
                .forEach(r -> Flows.predict(r, PredictionStatus.OK));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                Flows.awaitRun(openId, "RUNNING").getInt("progress.predicted") == 6);

        // Paused: the third batch waits; resumed: it is sent, and so is s6 again (inference drops the requests
        // of a paused run; the same attempt, so an answer that did come is not paid twice).
        assertEquals("PAUSED", Flows.action(openId, "pause", 200).getString("status"));
        Flows.importFolder(dataset, batch("b3", 7, 10), "manifest.csv");
        assertEachOnce(Flows.requests(openId), ids(0, 7));
        JsonPath resumed = Flows.action(openId, "resume", 200);
        assertEquals("RUNNING", resumed.getString("status"));
        assertEquals(10, resumed.getInt("expectedCount"));
        List<InferenceRequested> all = Flows.requests(openId);
        var sends = all.stream().collect(Collectors.groupingBy(InferenceRequested::imageId, Collectors.counting()));
        assertEquals(ids(0, 10), sends.keySet());
        sends.forEach((image, count) -> assertEquals(image.equals("s6") ? 2L : 1L, count, image + " sends"));
        all.forEach(r -> assertEquals(1, r.attemptOrFirst()));
        List<InferenceRequested> unanswered = all.stream().filter(r -> Set.of("s6", "s7", "s8", "s9")
                .contains(r.imageId())).collect(Collectors.toMap(InferenceRequested::imageId, r -> r, (a, b) -> a))
                .values().stream().toList();
        assertEachOnce(Flows.requests(snapshotId), ids(0, 3));

        List<RunChanged> events = Flows.runEvents(openId);
        assertEquals(List.of(RunStatus.CREATED, RunStatus.RUNNING, RunStatus.RUNNING, RunStatus.RUNNING,
                RunStatus.PAUSED, RunStatus.RUNNING), events.stream().map(RunChanged::status).toList());
        assertEquals(List.of(0L, 0L, 3L, 7L, 7L, 10L), events.stream().map(RunChanged::expectedCount).toList());

        // One prediction per image: every image predicted once; an open run keeps running.
        unanswered.forEach(r -> Flows.predict(r, PredictionStatus.OK));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                Flows.awaitRun(openId, "RUNNING").getInt("progress.predicted") == 10);
        JsonPath progress = Flows.awaitRun(openId, "RUNNING");
        assertEquals(10, progress.getInt("progress.images"));
        assertEquals(10, progress.getInt("progress.sent"));

        // Cancelled: nothing more is sent, the action is idempotent, other actions are refused.
        assertEquals("CANCELLED", Flows.action(openId, "cancel", 200).getString("status"));
        Flows.action(openId, "cancel", 200);
        Flows.action(openId, "pause", 409);
        Flows.importFolder(dataset, batch("b4", 10, 12), "manifest.csv");
        assertEquals(11, Flows.requests(openId).size());
        assertEquals(RunStatus.CANCELLED, Flows.statuses(openId).get(Flows.statuses(openId).size() - 1));
    }

    @Test
    void failedImagesAreRetriedAloneAsANewAttemptAndTheRunCompletes() throws IOException {
        String dataset = Flows.dataset();
        Flows.importFolder(dataset, batch("r", 0, 4), "manifest.csv");
        String runId = Flows.createRun(Map.of("datasetId", dataset, "provider", "simulator", "model", "sim-strong",
                "promptId", "imageo"), 201).getString("id");
        Map<String, InferenceRequested> first = Flows.requests(runId).stream()
                .collect(Collectors.toMap(InferenceRequested::imageId, Function.identity()));
        assertEquals(ids(0, 4), first.keySet());
        Flows.predict(first.get("s0"), PredictionStatus.OK);
        Flows.predict(first.get("s1"), PredictionStatus.API_ERROR);
        Flows.predict(first.get("s2"), PredictionStatus.TIMEOUT);
        Flows.predict(first.get("s3"), PredictionStatus.PARSE_FAILED);
        JsonPath completed = Flows.awaitRun(runId, "COMPLETED");
        assertEquals(2, completed.getInt("progress.retryable"));

        JsonPath retry = Flows.action(runId, "retry", 200);
        assertEquals(2, retry.getInt("retried"));
        assertEquals(List.of("API_ERROR", "TIMEOUT"), retry.getList("statuses"));
        assertEquals("RUNNING", retry.getString("run.status"));
        List<InferenceRequested> requests = Flows.requests(runId);
        assertEquals(6, requests.size());
        List<InferenceRequested> again = requests.stream().filter(r -> r.attemptOrFirst() == 2).toList();
        assertEquals(4, requests.stream().filter(r -> r.attemptOrFirst() == 1).count());
        assertEquals(List.of("s1", "s2"), again.stream().map(InferenceRequested::imageId).sorted().toList(),
                "only the API_ERROR and TIMEOUT images, once each, as attempt 2");
        assertEquals(4, retry.getInt("run.expectedCount"), "a retry does not add images");

        again.forEach(r -> Flows.predict(r, PredictionStatus.OK));
        Flows.awaitRun(runId, "COMPLETED");
        assertEquals(0, Flows.action(runId, "retry", 200).getInt("retried"), "nothing left to retry");
        assertEquals(6, Flows.requests(runId).size());
        assertEquals(List.of(RunStatus.CREATED, RunStatus.RUNNING, RunStatus.COMPLETED, RunStatus.RUNNING,
                RunStatus.COMPLETED), Flows.statuses(runId));
    }
}
