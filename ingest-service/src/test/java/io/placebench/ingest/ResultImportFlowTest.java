package io.placebench.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.ImageIngested;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunStatus;
import io.placebench.events.TokenUsage;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Published IMAGEO-Bench results become imported runs: the info CSV is the truth (images without bytes), each
 * (file, provider, model) is a run whose requests carry the recorded answers for inference to parse.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ResultImportFlowTest {

    @TempDir
    Path root;

    @Test
    void resultFilesBecomeImportedRunsOnceAndImagesCanFollow() {
        String dataset = "imageo-d3-" + UUID.randomUUID().toString().substring(0, 8);
        Path truth = TestSamples.copy("dataset3_info.csv", root.resolve("dataset3_info.csv"));
        Path modelA = TestSamples.copy("dataset3_model-a.jsonl", root.resolve("dataset3_model-a.jsonl"));
        Path mixed = TestSamples.copy("dataset3_mixed.jsonl", root.resolve("dataset3_mixed.jsonl"));

        JsonPath report = given().multiPart("format", "imageo").multiPart("datasetId", dataset)
                .multiPart("truth", truth.toFile(), "text/csv")
                .multiPart("results", modelA.toFile(), "application/x-ndjson")
                .multiPart("results", mixed.toFile(), "application/x-ndjson")
                .when().post("/api/results/imports").then().statusCode(200).extract().jsonPath();
        assertEquals(dataset, report.getString("datasetId"));
        assertEquals(3, report.getInt("truth.accepted"), report.prettify());
        assertEquals(2, report.getList("files").size());
        assertEquals("dataset3_model-a.jsonl", report.getString("files[0].file"));
        assertEquals(6, report.getInt("files[0].lines"));
        assertEquals(3, report.getInt("files[0].accepted"));
        assertEquals(List.of(3, 4, 6), report.getList("files[0].rejected.row", Integer.class));
        assertTrue(report.getString("files[0].rejected[0].reason").startsWith("no truth for this image"));
        String runA = report.getString("files[0].runs[0].runId");
        assertFalse(report.getBoolean("files[0].runs[0].alreadyImported"));
        assertEquals(List.of("model-b", "model-c"), report.getList("files[1].runs.model"));

        // The truth reached scoring's topic without bytes.
        List<ImageIngested> images = Flows.images(dataset);
        assertEquals(3, images.size());
        images.forEach(i -> {
            assertNull(i.sha256());
            assertNull(i.blobUrl());
            assertEquals(0, i.sizeBytes());
        });

        // One request per recorded answer, carrying it; no bytes needed.
        Map<String, InferenceRequested> requests = Flows.requests(runA).stream()
                .collect(Collectors.toMap(InferenceRequested::imageId, r -> r));
        assertEquals(Set.of(TestSamples.DATASET3_IDS), requests.keySet());
        InferenceRequested golden = requests.get(TestSamples.DATASET3_IDS[0]);
        assertEquals("openai", golden.provider());
        assertEquals("model-a", golden.model());
        assertEquals("imageo", golden.promptId());
        assertNull(golden.blobUrl());
        assertTrue(golden.imported().rawResponse().contains("Golden Gate Bridge"));
        assertEquals(new TokenUsage(1710, 256, 0, 0, 0), golden.imported().usage());
        assertEquals(new BigDecimal("0.005468"), golden.imported().costUsd());
        assertEquals("dataset3_model-a.jsonl#1", golden.imported().source());
        InferenceRequested timeout = requests.get(TestSamples.DATASET3_IDS[1]);
        assertEquals(PredictionStatus.TIMEOUT, timeout.imported().status());
        assertEquals("Request timed out.", timeout.imported().error());

        JsonPath run = given().when().get("/api/runs/" + runA).then().statusCode(200).extract().jsonPath();
        assertEquals("imported", run.getString("mode"));
        assertEquals("RUNNING", run.getString("status"));
        assertEquals(3, run.getInt("expectedCount"));
        assertEquals(true, run.getBoolean("parameters.imported"));
        Flows.action(runA, "retry", 409);
        Flows.action(runA, "pause", 409);

        // Importing the same files again (by server path this time) changes nothing.
        long requestsBefore = TopicReader.endOffsetSum(Topics.INFERENCE_REQUESTS);
        JsonPath again = given().contentType(ContentType.JSON).body(Map.of("format", "imageo", "datasetId", dataset,
                "truth", truth.toString(), "results", List.of(modelA.toString(), mixed.toString())))
                .when().post("/api/results/imports").then().statusCode(200).extract().jsonPath();
        assertEquals(0, again.getInt("truth.accepted"));
        assertEquals(3, again.getInt("truth.duplicates"));
        assertEquals(runA, again.getString("files[0].runs[0].runId"));
        assertTrue(again.getBoolean("files[0].runs[0].alreadyImported"));
        assertEquals(requestsBefore, TopicReader.endOffsetSum(Topics.INFERENCE_REQUESTS));

        // Inference answers every request: the imported run completes.
        requests.values().forEach(r -> Flows.predict(r, r.imported().status() == null ? PredictionStatus.OK
                : r.imported().status()));
        Flows.awaitRun(runA, "COMPLETED");
        assertEquals(List.of(RunStatus.CREATED, RunStatus.RUNNING, RunStatus.COMPLETED), Flows.statuses(runA));

        // A live run needs bytes; importing the images later adds them to the same truth.
        given().contentType(ContentType.JSON).body(Map.of("datasetId", dataset, "provider", "simulator",
                "model", "sim-strong", "promptId", "imageo")).when().post("/api/runs").then().statusCode(400)
                .body("error", containsString("no images with bytes (only the truth of 3 images)"));
        JsonPath withBytes = Flows.importFolder(dataset, TestSamples.imageoDataset3(root.resolve("d3")),
                "dataset3_info.csv");
        assertEquals(3, withBytes.getInt("accepted"));
        List<ImageIngested> all = Flows.images(dataset);
        assertEquals(6, all.size());
        List<ImageIngested> withBlobs = all.stream().filter(i -> i.blobUrl() != null).toList();
        assertEquals(Set.of(TestSamples.DATASET3_IDS), withBlobs.stream().map(ImageIngested::imageId)
                .collect(Collectors.toSet()), "the same images, now with their bytes");
        withBlobs.forEach(i -> assertTrue(i.blobUrl().endsWith(i.sha256())));
        Flows.createRun(Map.of("datasetId", dataset, "provider", "simulator", "model", "sim-strong",
                "promptId", "imageo"), 201);
    }

    @Test
    void missingFilesAndUnknownFormatsAreNamed() {
        given().contentType(ContentType.JSON).body(Map.of("format", "imageo", "truth", root.resolve("none.csv")
                .toString(), "results", List.of())).when().post("/api/results/imports").then().statusCode(400)
                .body("details.field", equalTo(List.of("truth", "results")));
        Path truth = TestSamples.copy("dataset3_info.csv", root.resolve("dataset3_info.csv"));
        given().contentType(ContentType.JSON).body(Map.of("format", "geobench", "truth", truth.toString(),
                "results", List.of(truth.toString()))).when().post("/api/results/imports").then().statusCode(400)
                .body("details[0].field", equalTo("format"));
    }
}
