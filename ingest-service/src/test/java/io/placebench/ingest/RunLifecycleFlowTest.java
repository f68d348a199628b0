package io.placebench.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionStatus;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dry runs, confirmation above the threshold (10 in tests), budgets, batches, deferred start, budget stops. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class RunLifecycleFlowTest {

    @TempDir
    Path root;

    String datasetOf(int images) throws IOException {
        String dataset = Flows.dataset();
        Path folder = root.resolve(dataset);
        StringBuilder manifest = new StringBuilder("id,file,latitude,longitude\n");
        for (int i = 0; i < images; i++) {
            TestImages.write(folder.resolve("i" + i + ".png"), "png", 0x070707 * (i + 1));
            manifest.append("i").append(i).append(",i").append(i).append(".png,1,").append(i).append('\n');
        }
        Files.writeString(folder.resolve("manifest.csv"), manifest);
        Flows.importFolder(dataset, folder, "manifest.csv");
        return dataset;
    }

    @Test
    void billableRunsAboveTheThresholdNeedConfirmationAfterADryRun() throws IOException {
        String dataset = datasetOf(12);
        long runsBefore = TopicReader.endOffsetSum(Topics.RUNS);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("datasetId", dataset, "provider", "openai",
                "model", "gpt-4o", "promptId", "imageo", "budgetUsd", 2.5, "dryRun", true));
        JsonPath dry = Flows.createRun(body, 200);
        assertTrue(dry.getBoolean("dryRun"));
        assertEquals(12, dry.getInt("requests"));
        assertEquals(12, dry.getInt("billableRequests"));
        assertEquals(10, dry.getInt("confirmAbove"));
        assertTrue(dry.getBoolean("confirmationRequired"));
        assertEquals(12, dry.getInt("runs[0].images"));
        body.remove("dryRun");
        given().contentType(ContentType.JSON).body(body).when().post("/api/runs").then().statusCode(409)
                .body("details[0].field", equalTo("confirm"))
                .body("error", containsString("12 billable requests"));
        assertEquals(runsBefore, TopicReader.endOffsetSum(Topics.RUNS), "neither a dry run nor a refusal publishes");

        body.put("confirm", true);
        JsonPath run = Flows.createRun(body, 201);
        assertEquals(12, run.getInt("expectedCount"));
        assertEquals(2.5, run.getDouble("budgetUsd"));
        assertEquals(2.5, run.getDouble("parameters.budgetUsd"), "the budget travels to inference in parameters");
        List<InferenceRequested> requests = Flows.requests(run.getString("id"));
        assertEquals(12, requests.size());
        assertEquals(2.5, ((Number) requests.get(0).parameters().get("budgetUsd")).doubleValue());

        // Simulated runs cost nothing: no confirmation whatever their size.
        Flows.createRun(Map.of("datasetId", dataset, "provider", "simulator", "model", "sim-strong",
                "promptId", "imageo"), 201);
    }

    @Test
    void aBatchCreatesEveryCombination() throws IOException {
        String dataset = datasetOf(2);
        Map<String, Object> batch = Map.of("datasetIds", List.of(dataset),
                "models", List.of(Map.of("provider", "simulator", "model", "sim-strong"),
                        Map.of("provider", "simulator", "model", "sim-weak")),
                "promptIds", List.of("imageo", "short"), "parameterSets", List.of(Map.of("temperature", 0)),
                "mode", "snapshot");
        JsonPath dry = given().contentType(ContentType.JSON).body(withDry(batch)).when().post("/api/runs/batch")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(4, dry.getList("runs").size());
        assertEquals(8, dry.getInt("requests"));
        assertEquals(0, dry.getInt("billableRequests"));
        JsonPath created = given().contentType(ContentType.JSON).body(batch).when().post("/api/runs/batch")
                .then().statusCode(201).extract().jsonPath();
        List<String> ids = created.getList("runs.id");
        assertEquals(4, ids.size());
        assertEquals(Set.of("sim-strong/imageo", "sim-strong/short", "sim-weak/imageo", "sim-weak/short"),
                created.getList("runs", Map.class).stream().map(r -> r.get("model") + "/" + r.get("promptId"))
                        .collect(Collectors.toSet()));
        ids.forEach(id -> assertEquals(2, Flows.requests(id).size()));

        given().contentType(ContentType.JSON).body(Map.of("datasetIds", List.of(dataset, "nope-x"), "models",
                List.of(Map.of("provider", "simulator")), "promptId", "imageo", "mode", "sometimes"))
                .when().post("/api/runs/batch").then().statusCode(400)
                .body("details.field", equalTo(List.of("mode", "model")));
    }

    static Map<String, Object> withDry(Map<String, Object> body) {
        Map<String, Object> copy = new java.util.HashMap<>(body);
        copy.put("dryRun", true);
        return copy;
    }

    @Test
    void aRunCreatedUnstartedSendsNothingUntilStartedAndStopsWhenItsBudgetIsExhausted() throws IOException {
        String dataset = datasetOf(3);
        JsonPath created = Flows.createRun(Map.of("datasetId", dataset, "provider", "simulator", "model", "sim-strong",
                "promptId", "imageo", "start", false, "budgetUsd", 0.01), 201);
        String runId = created.getString("id");
        assertEquals("CREATED", created.getString("status"));
        assertEquals(0, Flows.requests(runId).size());
        Flows.action(runId, "pause", 409);
        JsonPath started = Flows.action(runId, "start", 200);
        assertEquals("RUNNING", started.getString("status"));
        List<InferenceRequested> requests = Flows.requests(runId);
        assertEquals(3, requests.size());

        Flows.predict(requests.get(0), PredictionStatus.OK);
        Flows.predict(requests.get(1), PredictionStatus.BUDGET_EXHAUSTED);
        Flows.awaitRun(runId, "BUDGET_EXHAUSTED");
        given().contentType(ContentType.JSON).when().post("/api/runs/" + runId + "/retry").then().statusCode(409)
                .body("error", containsString("budget"));
        JsonPath resumed = given().contentType(ContentType.JSON).body(Map.of("budgetUsd", 5))
                .when().post("/api/runs/" + runId + "/resume").then().statusCode(200).extract().jsonPath();
        assertEquals("RUNNING", resumed.getString("status"));
        assertEquals(5, resumed.getInt("parameters.budgetUsd"));
        JsonPath retried = given().contentType(ContentType.JSON).body(Map.of("statuses", List.of("BUDGET_EXHAUSTED")))
                .when().post("/api/runs/" + runId + "/retry").then().statusCode(200).extract().jsonPath();
        assertEquals(1, retried.getInt("retried"));
        // the third image, sent but never answered, was sent again on resume; the retried one as attempt 2
        assertEquals(5, Flows.requests(runId).size());
        assertEquals(List.of(RunStatus.CREATED, RunStatus.RUNNING, RunStatus.BUDGET_EXHAUSTED, RunStatus.RUNNING,
                RunStatus.RUNNING), Flows.statuses(runId));
        assertEquals(5, ((Number) Flows.runEvents(runId).get(3).parameters().get("budgetUsd")).intValue());

        given().contentType(ContentType.JSON).body(Map.of("statuses", List.of("OK"))).when()
                .post("/api/runs/" + runId + "/retry").then().statusCode(400).body("details[0].field", equalTo("statuses"));
        Flows.action("run-000000000000", "pause", 404);
    }
}
