package io.placebench.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.EventJson;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs fan out one inference request per image, without the truth, between two run events. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class RunFlowTest {

    static final ObjectMapper JSON = EventJson.newMapper();

    @TempDir
    Path root;

    @Test
    void aRunPublishesOneRequestPerImageWithoutTheTruth() throws IOException {
        String dataset = IngestFlowTest.newDataset();
        Path folder = root.resolve("set");
        StringBuilder manifest = new StringBuilder("id,file,latitude,longitude,city,country\n");
        for (int i = 0; i < 5; i++) {
            TestImages.write(folder.resolve("img" + i + ".png"), "png", 0x010101 * (i + 1));
            manifest.append("img").append(i).append(",img").append(i).append(".png,")
                    .append(10 + i).append(".25,").append(20 + i).append(".75,Town").append(i).append(",Land\n");
        }
        Files.writeString(folder.resolve("manifest.csv"), manifest);
        given().contentType(ContentType.JSON).body(Map.of("folder", folder.toString()))
                .when().post("/api/datasets/" + dataset + "/imports").then().statusCode(200)
                .body("accepted", equalTo(5));

        JsonPath run = given().contentType(ContentType.JSON)
                .body(Map.of("datasetId", dataset, "provider", "simulator", "model", "sim-strong",
                        "promptId", "imageo", "parameters", Map.of("temperature", 0)))
                .when().post("/api/runs").then().statusCode(201).extract().jsonPath();
        String runId = run.getString("id");
        assertTrue(runId.matches("run-[0-9a-f]{12}"), runId);
        assertEquals(dataset, run.getString("datasetId"));
        assertTrue(run.getBoolean("simulated"));
        assertEquals("RUNNING", run.getString("status"));
        assertEquals(5, run.getInt("expectedCount"));
        assertEquals(0, run.getInt("parameters.temperature"));

        List<ConsumerRecord<String, String>> requests = TopicReader.readToEnd(Topics.INFERENCE_REQUESTS).stream()
                .filter(r -> r.value().contains("\"" + runId + "\"")).toList();
        assertEquals(5, requests.size());
        Set<String> imageIds = requests.stream().map(r -> json(r.value()).get("imageId").asText())
                .collect(Collectors.toSet());
        assertEquals(Set.of("img0", "img1", "img2", "img3", "img4"), imageIds);
        for (ConsumerRecord<String, String> r : requests) {
            JsonNode node = json(r.value());
            assertEquals(Topics.runImageKey(runId, node.get("imageId").asText()), r.key());
            assertEquals(runId, node.get("runId").asText());
            assertEquals("image/png", node.get("mediaType").asText());
            assertTrue(node.get("blobUrl").asText().endsWith("/api/blobs/" + node.get("sha256").asText()));
            assertEquals("sim-strong", node.get("model").asText());
            assertEquals("imageo", node.get("promptId").asText());
            for (String truth : List.of("truth", "latitude", "longitude", "city", "country", "admin1")) {
                assertFalse(node.has(truth), () -> "no ground truth in inference requests: " + r.value());
            }
            assertFalse(r.value().contains("Town"), r.value());
            assertFalse(r.value().contains("10.25"), r.value());
        }

        List<RunChanged> changes = TopicReader.readToEnd(Topics.RUNS).stream()
                .filter(r -> runId.equals(r.key()))
                .map(r -> read(r.value(), RunChanged.class)).toList();
        assertEquals(List.of(RunStatus.CREATED, RunStatus.RUNNING), changes.stream().map(RunChanged::status).toList());
        assertEquals(5, changes.get(1).expectedCount());
        assertTrue(changes.get(1).simulated());

        given().when().get("/api/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("RUNNING")).body("expectedCount", equalTo(5));
        given().when().get("/api/runs").then().statusCode(200).body("id", hasItem(runId));
        given().when().get("/api/runs/run-unknown").then().statusCode(404).body("error", containsString("not found"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("placebench_ingest_runs_created_total"))
                .body(containsString("placebench_ingest_images_total{outcome=\"accepted\""));
    }

    @Test
    void runsAreValidated() {
        String empty = IngestFlowTest.newDataset();
        long before = TopicReader.endOffsetSum(Topics.RUNS);
        given().contentType(ContentType.JSON).body(Map.of("datasetId", empty, "provider", "openai", "promptId", " "))
                .when().post("/api/runs").then().statusCode(400)
                .body("details.field", equalTo(List.of("model", "promptId")));
        given().contentType(ContentType.JSON)
                .body(Map.of("datasetId", empty, "provider", "openai", "model", "gpt", "promptId", "imageo"))
                .when().post("/api/runs").then().statusCode(400)
                .body("error", containsString("has no images"));
        given().contentType(ContentType.JSON)
                .body(Map.of("datasetId", "nope-" + UUID.randomUUID().toString().substring(0, 8), "provider", "x",
                        "model", "y", "promptId", "z"))
                .when().post("/api/runs").then().statusCode(400)
                .body("details[0].field", equalTo("datasetId"))
                .body("error", containsString("does not exist"));
        assertEquals(before, TopicReader.endOffsetSum(Topics.RUNS), "an invalid run publishes nothing");
    }

    static JsonNode json(String text) {
        return read(text, JsonNode.class);
    }

    static <T> T read(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
