package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.cli.client.TokenFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class RunsCommandTest extends ApiTestSupport {

    static final String INGEST_RUNS = "[{\"id\":\"run-b\",\"datasetId\":\"demo\",\"provider\":\"openai\",\"model\":"
            + "\"gpt-4.1\",\"promptId\":\"imageo\",\"simulated\":false,\"status\":\"PAUSED\",\"expectedCount\":240,"
            + "\"statusReason\":\"insufficient_quota: add credit\",\"progress\":{\"images\":240,\"sent\":240,"
            + "\"predicted\":17,\"retryable\":0}},"
            + "{\"id\":\"run-a\",\"datasetId\":\"demo\",\"provider\":\"simulator\",\"model\":\"sim-strong\","
            + "\"promptId\":\"imageo\",\"simulated\":true,\"status\":\"RUNNING\",\"expectedCount\":240,"
            + "\"statusReason\":null,\"progress\":{\"images\":240,\"sent\":240,\"predicted\":130,\"retryable\":0}},"
            + "{\"id\":\"run-c\",\"datasetId\":\"other\",\"provider\":\"simulator\",\"model\":\"sim-weak\","
            + "\"promptId\":\"imageo\",\"simulated\":true,\"status\":\"COMPLETED\",\"expectedCount\":10,"
            + "\"progress\":{\"predicted\":10}}]";
    static final String ANALYTICS_RUNS = "[{\"runId\":\"run-a\",\"datasetId\":\"demo\",\"provider\":\"simulator\","
            + "\"model\":\"sim-strong\",\"simulated\":true,\"status\":\"RUNNING\",\"expected\":240,\"scored\":120,"
            + "\"answered\":118,\"failed\":2,\"costUsd\":0.0123}]";

    @Test
    void listJoinsIngestStatusWithAnalyticsProgressAndSpend() {
        api.on("GET /ingest/api/runs", 200, INGEST_RUNS).on("GET /analytics/api/runs", 200, ANALYTICS_RUNS);

        assertEquals(0, run("runs", "--dataset", "demo"), output());

        String printed = out();
        assertTrue(printed.matches("(?s)run +dataset +model +prompt +status +progress +failed +spend\n.*"), printed);
        assertTrue(printed.matches("(?s).*\nrun-a +demo +simulator/sim-strong \\(simulated\\) +imageo +RUNNING "
                + "+120/240 \\(50%\\) +2 +\\$0\\.0123\n.*"), printed);
        // analytics has not scored run-b yet: ingest's prediction count, no spend
        assertTrue(printed.matches("(?s).*\nrun-b +demo +openai/gpt-4\\.1 +imageo +PAUSED +17/240 \\(7%\\) +- +-\n.*"),
                printed);
        assertFalse(printed.contains("run-c"), "--dataset filters: " + printed);
        assertTrue(printed.contains("run-b PAUSED: insufficient_quota: add credit"), printed);
    }

    @Test
    void listStillWorksWhenAnalyticsIsDown() {
        api.on("GET /ingest/api/runs", 200, INGEST_RUNS).on("GET /analytics/api/runs", 503, "{\"error\":\"starting\"}");
        assertEquals(0, run("runs"), output());
        assertTrue(out().contains("run-c"), output());
        assertTrue(err().contains("(no progress or spend: GET"), output());
    }

    @Test
    void actionsCallIngestAndPrintTheNewState() {
        api.on("POST /ingest/api/runs/run-a/pause", 200, "{\"id\":\"run-a\",\"provider\":\"simulator\",\"model\":"
                        + "\"sim-strong\",\"status\":\"PAUSED\"}")
                .on("POST /ingest/api/runs/run-b/resume", 200, "{\"id\":\"run-b\",\"provider\":\"openai\",\"model\":"
                        + "\"gpt-4.1\",\"status\":\"RUNNING\"}")
                .on("POST /ingest/api/runs/run-b/retry", 200, "{\"runId\":\"run-b\",\"statuses\":[\"API_ERROR\"],"
                        + "\"retried\":3,\"run\":{\"id\":\"run-b\",\"provider\":\"openai\",\"model\":\"gpt-4.1\","
                        + "\"status\":\"RUNNING\"}}");

        assertEquals(0, run("runs", "pause", "run-a", "--token", "tok"), output());
        assertTrue(out().contains("Run run-a (simulator/sim-strong): PAUSED"), output());
        FakeApi.Request pause = api.only("POST /ingest/api/runs/run-a/pause");
        assertEquals("", pause.body());
        assertEquals("Bearer tok", pause.header("Authorization"));

        // options before the action work too (inherited)
        assertEquals(0, runRaw("runs", "--ingest-url", api.url("/ingest"), "resume", "run-b", "--budget", "20"),
                output());
        assertEquals(json("{\"budgetUsd\":20}"), json(api.only("POST /ingest/api/runs/run-b/resume").body()));
        assertEquals("application/json", api.only("POST /ingest/api/runs/run-b/resume").header("Content-Type"));
        assertTrue(out().contains("Run run-b (openai/gpt-4.1): RUNNING"), output());

        assertEquals(0, run("runs", "resume", "run-b"), output());
        assertEquals(json("{}"), json(api.requests("POST /ingest/api/runs/run-b/resume").get(1).body()),
                "a JSON body even without a budget: ingest's resume reads one");

        assertEquals(0, run("runs", "retry-failed", "run-b", "--status", "API_ERROR"), output());
        assertEquals(json("{\"statuses\":[\"API_ERROR\"]}"), json(api.only("POST /ingest/api/runs/run-b/retry").body()));
        assertTrue(out().contains("3 images sent again (API_ERROR)"), output());
    }

    @Test
    void aRefusedActionPrintsTheServersErrorAndExits1() {
        api.on("POST /ingest/api/runs/run-c/cancel", 409, "{\"error\":\"run run-c: a COMPLETED run cannot be "
                + "cancelled\",\"details\":[{\"field\":\"status\",\"value\":\"COMPLETED\",\"reason\":\"only retry is "
                + "possible\"}]}");
        assertEquals(1, run("runs", "cancel", "run-c"));
        assertTrue(err().contains("POST " + api.url("/ingest") + "/api/runs/run-c/cancel answered 409: run run-c: "
                + "a COMPLETED run cannot be cancelled\n  - status 'COMPLETED': only retry is possible"), output());
        assertEquals("", out());
    }

    @Test
    void theTokenComesFromTheOptionThenTheEnvironmentThenTheStateDirsFile() throws IOException {
        api.on("POST /ingest/api/runs/r/pause", 200, "{\"id\":\"r\",\"status\":\"PAUSED\"}");
        String stored = TokenFile.ensure(stateDir()).value();

        run("runs", "pause", "r");
        assertEquals("Bearer " + stored, api.requests().get(0).header("Authorization"), "picked up from the file");
        env.put(ApiOptions.TOKEN_ENV, "from-env");
        run("runs", "pause", "r");
        assertEquals("Bearer from-env", api.requests().get(1).header("Authorization"));
        run("runs", "pause", "r", "--token", "from-option");
        assertEquals("Bearer from-option", api.requests().get(2).header("Authorization"));
        env.clear();
        Files.delete(TokenFile.path(stateDir()));
        run("runs", "pause", "r");
        assertNull(api.requests().get(3).header("Authorization"), "no token anywhere: none sent");
    }

    @Test
    void a401NamesWhereTheTokenCameFrom() throws IOException {
        api.on("POST /ingest/api/runs/r/pause", 401, "{\"error\":\"the API token is not valid\",\"details\":"
                + "[{\"field\":\"Authorization\",\"value\":null,\"reason\":\"unknown token\"}]}");
        TokenFile.ensure(stateDir());

        assertEquals(1, run("runs", "pause", "r"));
        String file = TokenFile.path(stateDir()).toAbsolutePath().normalize().toString();
        assertTrue(err().contains("answered 401: the API token is not valid"), output());
        assertTrue(err().contains("The API token from the token file " + file + " was refused"), output());

        env.put(ApiOptions.TOKEN_ENV, "stale");
        assertEquals(1, run("runs", "pause", "r"));
        assertTrue(err().contains("The API token from the environment variable PLACEBENCH_TOKEN was refused"),
                output());

        env.clear();
        Files.delete(TokenFile.path(stateDir()));
        assertEquals(1, run("runs", "pause", "r"));
        assertTrue(err().contains("No API token was sent (no --token, no PLACEBENCH_TOKEN and no token file at "
                + file + ")"), output());
    }

    @Test
    void anUnreachableServiceIsNamedWithTheOptionToFixIt() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertEquals(1, runRaw("runs", "--ingest-url", "http://127.0.0.1:" + closed, "--state-dir",
                stateDir().toString()));
        assertTrue(err().contains("could not reach ingest-service at http://127.0.0.1:" + closed), output());
        assertTrue(err().contains("pass --ingest-url URL"), output());
    }
}
