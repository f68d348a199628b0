package io.placebench.ingest;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.EventJson;
import io.placebench.events.ImageIngested;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.events.TokenUsage;
import io.placebench.testing.KafkaTestClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Shared steps of the flow tests: REST calls and reading what the service published. */
public final class Flows {

    static final ObjectMapper JSON = EventJson.newMapper();

    private Flows() {
    }

    public static String dataset() {
        return IngestFlowTest.newDataset();
    }

    public static JsonPath importFolder(String dataset, Path folder, String manifest, Object... extra) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("folder", folder.toString());
        body.put("manifest", manifest);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/datasets/" + dataset + "/imports")
                .then().statusCode(200).extract().jsonPath();
    }

    public static <T> T read(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode tree(String text) {
        return read(text, JsonNode.class);
    }

    public static List<ImageIngested> images(String datasetId) {
        return TopicReader.readToEnd(Topics.IMAGES).stream().map(r -> read(r.value(), ImageIngested.class))
                .filter(e -> datasetId.equals(e.datasetId())).toList();
    }

    public static List<InferenceRequested> requests(String runId) {
        return TopicReader.readToEnd(Topics.INFERENCE_REQUESTS).stream()
                .filter(r -> r.key().startsWith(runId + "/"))
                .map(r -> read(r.value(), InferenceRequested.class)).toList();
    }

    public static List<RunChanged> runEvents(String runId) {
        return TopicReader.readToEnd(Topics.RUNS).stream().filter(r -> runId.equals(r.key()))
                .map(r -> read(r.value(), RunChanged.class)).toList();
    }

    public static List<RunStatus> statuses(String runId) {
        return runEvents(runId).stream().map(RunChanged::status).toList();
    }

    /** Publishes a prediction as inference would: it names the attempt of the request it answers. */
    public static void predict(InferenceRequested request, PredictionStatus status) {
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(Topics.PREDICTIONS, Topics.runImageKey(request.runId(), request.imageId()),
                    new PredictionMade(UUID.randomUUID().toString(), 1, Instant.now(), request.runId(),
                            request.datasetId(), request.imageId(), request.provider(), request.model(),
                            request.promptId(), "hash", false, status, null, null, null, null, TokenUsage.NONE,
                            BigDecimal.ZERO, 10, 1, null, request.attemptOrFirst()));
        }
    }

    /** Publishes a prediction answering {@code attempt} of (run, image), as inference would. */
    public static void predict(String runId, String datasetId, String imageId, PredictionStatus status,
            Integer attempt) {
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.send(Topics.PREDICTIONS, Topics.runImageKey(runId, imageId), prediction(runId, datasetId, imageId,
                    status, attempt));
        }
    }

    public static PredictionMade prediction(String runId, String datasetId, String imageId, PredictionStatus status,
            Integer attempt) {
        return new PredictionMade(UUID.randomUUID().toString(), 1, Instant.now(), runId, datasetId, imageId,
                "simulator", "sim-strong", "imageo", "hash", true, status, null, null, null, null, TokenUsage.NONE,
                BigDecimal.ZERO, 10, 1, null, attempt);
    }

    /** Waits until GET /api/runs/{id} answers {@code status}. */
    public static JsonPath awaitRun(String runId, String status) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = given().when().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
            return status.equals(last[0].getString("status"));
        });
        return last[0];
    }

    public static JsonPath createRun(Map<String, Object> body, int expectedStatus) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/runs")
                .then().statusCode(expectedStatus).extract().jsonPath();
    }

    public static JsonPath action(String runId, String action, int expectedStatus) {
        return given().contentType(ContentType.JSON).when().post("/api/runs/" + runId + "/" + action)
                .then().statusCode(expectedStatus).extract().jsonPath();
    }
}
