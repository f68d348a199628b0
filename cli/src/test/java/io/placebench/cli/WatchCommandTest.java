package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WatchCommandTest extends ApiTestSupport {

    private static String ingestRun(String id, String status, String reason) {
        return "{\"id\":\"" + id + "\",\"datasetId\":\"demo\",\"provider\":\"simulator\",\"model\":\"sim-strong\","
                + "\"promptId\":\"imageo\",\"simulated\":true,\"status\":\"" + status + "\",\"expectedCount\":240,"
                + "\"statusReason\":" + (reason == null ? "null" : "\"" + reason + "\"")
                + ",\"progress\":{\"predicted\":0}}";
    }

    private static String analyticsRun(String id, long scored, long failed) {
        return "{\"runId\":\"" + id + "\",\"expected\":240,\"scored\":" + scored + ",\"failed\":" + failed
                + ",\"costUsd\":" + (scored / 1000.0) + "}";
    }

    @Test
    void followsTheUnfinishedRunsUntilEveryImageIsScored() {
        AtomicInteger polls = new AtomicInteger();
        // run-a progresses 0, 80, 160, 240 and is COMPLETED from the 4th poll; run-old is finished and not watched
        api.on("GET /ingest/api/runs", r -> {
            int n = polls.incrementAndGet();
            return new FakeApi.Response(200, "[" + ingestRun("run-a", n >= 5 ? "COMPLETED" : "RUNNING", null) + ","
                    + ingestRun("run-old", "COMPLETED", null) + "]");
        });
        api.on("GET /analytics/api/runs", r -> new FakeApi.Response(200, "[" + analyticsRun("run-a",
                Math.min(240, 80L * (polls.get() - 2)), 3) + "]"));

        assertEquals(0, run("watch", "--plain", "--interval", "10ms"), output());

        String printed = out();
        assertTrue(printed.contains("run-a "), printed);
        assertFalse(printed.contains("run-old"), printed);
        assertTrue(printed.matches("(?s).*\\d\\d:\\d\\d:\\d\\d  run-a +simulator/sim-strong \\(simulated\\) +COMPLETED "
                + "+240/240 \\(100%\\) +failed 3 +\\$0\\.2400 +ETA done\n.*"), printed);
        assertTrue(printed.contains("RUNNING"), "the first state was shown too: " + printed);
    }

    @Test
    void namedRunsAreCheckedAndAPausedRunEndsTheWatchWithItsReason() {
        api.on("GET /ingest/api/runs/run-p", 200, ingestRun("run-p", "PAUSED", "insufficient_quota"))
                .on("GET /ingest/api/runs", 200, "[" + ingestRun("run-p", "PAUSED", "insufficient_quota") + "]")
                .on("GET /analytics/api/runs", 200, "[" + analyticsRun("run-p", 17, 0) + "]");

        assertEquals(1, run("watch", "run-p", "--plain", "--interval", "10ms"), output());
        assertTrue(out().contains("Run run-p (simulator/sim-strong (simulated)) is PAUSED: insufficient_quota; "
                + "`placebench runs resume run-p` sends the rest."), output());
    }

    @Test
    void anUnknownRunIsAnError() {
        api.on("GET /ingest/api/runs/nope", 404, "{\"error\":\"run nope not found\"}");
        assertEquals(1, run("watch", "nope", "--plain"));
        assertTrue(err().contains("answered 404: run nope not found"), output());
    }

    @Test
    void nothingToWatch() {
        api.on("GET /ingest/api/runs", 200, "[" + ingestRun("run-old", "CANCELLED", null) + "]");
        assertEquals(0, run("watch", "--plain"), output());
        assertTrue(out().contains("No runs in progress"), output());
    }

    @Test
    void aCompletedRunWaitsForAnalyticsToCatchUpButNotForever() {
        Map<String, Long> since = new HashMap<>();
        RunRow behind = RunRow.of(json(ingestRun("r", "COMPLETED", null)), json(analyticsRun("r", 239, 0)));
        long t0 = 1_000_000_000L;
        assertFalse(WatchCommand.done(behind, since, t0));
        assertFalse(WatchCommand.done(behind, since, t0 + Duration.ofSeconds(29).toNanos()));
        assertTrue(WatchCommand.done(behind, since, t0 + WatchCommand.SCORING_GRACE.toNanos()));
        RunRow caughtUp = RunRow.of(json(ingestRun("r2", "COMPLETED", null)), json(analyticsRun("r2", 240, 0)));
        assertTrue(WatchCommand.done(caughtUp, since, t0));
        RunRow running = RunRow.of(json(ingestRun("r3", "RUNNING", null)), json(analyticsRun("r3", 240, 0)));
        assertFalse(WatchCommand.done(running, since, t0), "ingest decides when a run is finished");
    }

    @Test
    void etaFollowsTheRecentRate() {
        WatchCommand.Eta eta = new WatchCommand.Eta();
        long s = 1_000_000_000L;
        eta.add(0, 0);
        assertNull(eta.remaining(0, 100), "one sample: unknown");
        eta.add(s, 5);
        assertNull(eta.remaining(s, 100), "under 2 s of samples: unknown");
        eta.add(4 * s, 20); // 5 images a second
        assertEquals(Duration.ofSeconds(16), eta.remaining(4 * s, 100));
        eta.add(100 * s, 20); // stalled for a long while: the old samples leave the window, no progress in it
        assertNull(eta.remaining(100 * s, 100));
        eta.add(102 * s, 10); // counts went back (a retry): start over
        assertNull(eta.remaining(102 * s, 100));
    }
}
