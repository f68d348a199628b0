package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class RunCommandTest extends ApiTestSupport {

    private static final String BATCH = "POST /ingest/api/runs/batch";
    private static final String ESTIMATE = "POST /inference/api/estimate";

    private static String plan(boolean confirmationRequired) {
        return "{\"dryRun\":true,\"runs\":["
                + "{\"datasetId\":\"im2gps3k\",\"provider\":\"openai\",\"model\":\"gpt-4.1\",\"promptId\":\"imageo\","
                + "\"parameters\":{\"temperature\":0.2,\"budgetUsd\":5},\"mode\":\"open\",\"simulated\":false,"
                + "\"images\":2997,\"budgetUsd\":5},"
                + "{\"datasetId\":\"im2gps3k\",\"provider\":\"openrouter\",\"model\":\"meta-llama/llama-3.2-90b-vision\","
                + "\"promptId\":\"imageo\",\"parameters\":{\"temperature\":0.2,\"budgetUsd\":5},\"mode\":\"open\","
                + "\"simulated\":false,\"images\":2997,\"budgetUsd\":5}],"
                + "\"requests\":5994,\"billableRequests\":5994,\"confirmAbove\":1000,\"confirmationRequired\":"
                + confirmationRequired + "}";
    }

    private static FakeApi.Response estimate(FakeApi.Request r) {
        JsonNode body = json(r.body());
        boolean gpt = body.path("model").asText().equals("gpt-4.1");
        return new FakeApi.Response(200, "{\"provider\":\"" + body.path("provider").asText() + "\",\"model\":\""
                + body.path("model").asText() + "\",\"images\":" + body.path("imageCount").asLong()
                + ",\"tokens\":{\"input\":2500000,\"output\":300000,\"total\":2800000},\"costUsd\":"
                + (gpt ? "7.4000" : "1.2345") + ",\"withinBudget\":" + !gpt + ",\"imagesWithinBudget\":"
                + (gpt ? 2025 : 2997) + ",\"warnings\":[]}");
    }

    @Test
    void dryRunPrintsImagesTokensAndCostPerRunAndCreatesNothing() {
        api.on(BATCH, 200, plan(true)).on(ESTIMATE, RunCommandTest::estimate);

        int code = run("run", "im2gps3k", "--model", "openai/gpt-4.1", "--model",
                "openrouter/meta-llama/llama-3.2-90b-vision", "--param", "temperature=0.2", "--param",
                "reasoning_effort=low", "--param", "stop=[\"\\n\"]", "--budget", "5", "--mode", "open", "--dry-run");

        assertEquals(0, code, output());
        JsonNode body = json(api.only(BATCH).body());
        assertEquals(json("{\"datasetId\":\"im2gps3k\",\"models\":[{\"provider\":\"openai\",\"model\":\"gpt-4.1\"},"
                + "{\"provider\":\"openrouter\",\"model\":\"meta-llama/llama-3.2-90b-vision\"}],\"promptId\":\"imageo\","
                + "\"parameters\":{\"temperature\":0.2,\"reasoning_effort\":\"low\",\"stop\":[\"\\n\"]},"
                + "\"mode\":\"open\",\"budgetUsd\":5,\"dryRun\":true,\"confirm\":false}"), body);
        assertTrue(body.path("parameters").path("temperature").isNumber(), "JSON values stay typed");

        assertEquals(2, api.requests(ESTIMATE).size());
        JsonNode estimate = json(api.requests(ESTIMATE).get(0).body());
        assertEquals(2997, estimate.path("imageCount").asLong());
        assertEquals("imageo", estimate.path("promptId").asText());
        assertEquals(5, estimate.path("parameters").path("budgetUsd").asInt());

        String printed = out();
        assertTrue(printed.contains("Plan: 2 runs, 5,994 requests (5,994 billable)"), printed);
        assertTrue(printed.matches("(?s).*openai/gpt-4\\.1 +imageo +open +2,997 +2,500,000 +300,000 +\\$7\\.4000 "
                + "+\\$5\\.0000.*"), printed);
        assertTrue(printed.contains("$1.2345"), printed);
        assertTrue(printed.contains("estimated total: $8.6345"), printed);
        assertTrue(printed.contains("openai/gpt-4.1: the budget covers about 2025 of 2997 images"), printed);
        assertTrue(printed.contains("needs a confirmation (--yes)"), printed);
    }

    @Test
    void withoutTheEstimateEndpointTheDryRunStillShowsThePlan() {
        api.on(BATCH, 200, plan(false)); // the fake answers 404 to /api/estimate
        assertEquals(0, run("run", "im2gps3k", "--model", "openai/gpt-4.1", "--dry-run"), output());
        assertTrue(out().contains("openai/gpt-4.1"), output());
        assertFalse(out().contains("est. cost"), output());
        assertTrue(err().contains("(no cost estimate:"), output());
        assertEquals(1, api.requests(ESTIMATE).size(), "asked once, not per run");
    }

    @Test
    void aRunNeedingConfirmationIsNotCreatedWithoutYes() {
        api.on(BATCH, 200, plan(true)).on(ESTIMATE, RunCommandTest::estimate);
        assertEquals(1, run("run", "im2gps3k", "--model", "openai/gpt-4.1"), output());
        assertEquals(1, api.requests(BATCH).size(), "only the dry run");
        assertTrue(json(api.only(BATCH).body()).path("dryRun").asBoolean());
        assertTrue(out().contains("$7.4000"), "the plan is shown before asking: " + output());
        assertTrue(err().contains("pass --yes to confirm"), output());
    }

    @Test
    void yesConfirmsAndTheCreatedRunIdsArePrinted() {
        api.on(BATCH, r -> json(r.body()).path("dryRun").asBoolean()
                ? new FakeApi.Response(200, plan(true))
                : new FakeApi.Response(201, "{\"runs\":[{\"id\":\"run-a1\",\"datasetId\":\"im2gps3k\",\"provider\":"
                        + "\"openai\",\"model\":\"gpt-4.1\",\"promptId\":\"imageo\",\"simulated\":false,\"status\":"
                        + "\"RUNNING\",\"expectedCount\":2997,\"mode\":\"snapshot\"}]}"));

        assertEquals(0, run("run", "im2gps3k", "--model", "openai/gpt-4.1", "--yes"), output());

        assertEquals(2, api.requests(BATCH).size());
        JsonNode create = json(api.requests(BATCH).get(1).body());
        assertFalse(create.path("dryRun").asBoolean());
        assertTrue(create.path("confirm").asBoolean());
        assertNull(create.get("budgetUsd"));
        assertTrue(out().contains("Created 1 run:"), output());
        assertTrue(out().matches("(?s).*run-a1 +im2gps3k +openai/gpt-4\\.1 +imageo +snapshot +2,997 +RUNNING.*"),
                output());
        assertTrue(out().contains("placebench watch run-a1"), output());
        assertTrue(api.requests(ESTIMATE).isEmpty(), "--yes: no plan shown, no estimate needed");
    }

    @Test
    void simulatedRunsAreCreatedWithoutConfirmation() {
        api.on(BATCH, r -> json(r.body()).path("dryRun").asBoolean()
                ? new FakeApi.Response(200, "{\"dryRun\":true,\"runs\":[{\"provider\":\"simulator\",\"model\":"
                        + "\"sim-strong\",\"images\":240,\"simulated\":true}],\"requests\":240,\"billableRequests\":0,"
                        + "\"confirmAbove\":1000,\"confirmationRequired\":false}")
                : new FakeApi.Response(201, "{\"runs\":[{\"id\":\"run-s\",\"provider\":\"simulator\",\"model\":"
                        + "\"sim-strong\",\"simulated\":true,\"status\":\"RUNNING\",\"expectedCount\":240}]}"));
        assertEquals(0, run("run", "demo", "--model", "simulator/sim-strong"), output());
        assertFalse(json(api.requests(BATCH).get(1).body()).path("confirm").asBoolean());
        assertTrue(out().contains("simulator/sim-strong (simulated)"), output());
    }

    @Test
    void aConfirmationConflictAtCreationSaysToPassYes() {
        api.on(BATCH, r -> json(r.body()).path("dryRun").asBoolean()
                ? new FakeApi.Response(200, plan(false))
                : new FakeApi.Response(409, "{\"error\":\"confirmation required: 1200 billable requests exceed "
                        + "placebench.runs.confirm-above = 1000\",\"details\":[{\"field\":\"confirm\",\"value\":null,"
                        + "\"reason\":\"repeat with confirm\"}]}"));
        assertEquals(1, run("run", "im2gps3k", "--model", "openai/gpt-4.1"), output());
        assertTrue(err().contains("answered 409: confirmation required"), output());
        assertTrue(err().contains("(pass --yes to confirm)"), output());
    }

    @Test
    void modelsAndParametersAreParsedStrictly() {
        assertEquals(2, run("run", "d", "--model", "gpt-4.1"));
        assertTrue(err().contains("--model gpt-4.1: expected PROVIDER/MODEL"), output());
        assertEquals(2, run("run", "d"));
        assertTrue(err().contains("Missing required option: '--model=PROVIDER/MODEL'"), output());
        assertEquals(2, run("run", "d", "--model", "a/b", "--mode", "forever"));
        assertEquals(2, run("run", "d", "--model", "a/b", "--budget", "-1"));
        assertTrue(err().contains("--budget must be more than 0"), output());
        assertTrue(api.requests().isEmpty());

        assertEquals(new RunCommand.ModelRef("openrouter", "meta-llama/llama-3.2"),
                RunCommand.ModelRef.parse("openrouter/meta-llama/llama-3.2"));
        assertNull(RunCommand.ModelRef.parse("/x"));
        assertNull(RunCommand.ModelRef.parse("x/"));
    }
}
