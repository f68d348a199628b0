package io.placebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One run as the cli shows it: identity and status from ingest's run view, progress from analytics (images
 * scored, failed, spend) when analytics knows the run, else ingest's count of predictions seen.
 *
 * @param done     images scored (analytics), or predicted (ingest) while analytics has not heard of the run
 * @param expected images whose requests are published (ingest), or analytics' count when ingest has none yet
 * @param costUsd  spend of the scored images (analytics), null when unknown
 */
record RunRow(String id, String datasetId, String provider, String model, String promptId, boolean simulated,
              String status, String statusReason, String mode, long expected, long done, long failed,
              BigDecimal costUsd, boolean scored) {

    /** Terminal: nothing more will happen to the run. */
    static final Set<String> FINISHED = Set.of("COMPLETED", "CANCELLED");
    /** Stopped until someone acts (resume, a new budget). */
    static final Set<String> WAITING = Set.of("PAUSED", "BUDGET_EXHAUSTED");

    static RunRow of(JsonNode run, JsonNode analytics) {
        boolean known = analytics != null && !analytics.isMissingNode() && !analytics.isNull();
        long expected = run.path("expectedCount").asLong();
        if (expected == 0 && known) {
            expected = analytics.path("expected").asLong();
        }
        long done = known ? analytics.path("scored").asLong() : run.path("progress").path("predicted").asLong();
        String reason = run.path("statusReason").isTextual() ? run.path("statusReason").asText() : null;
        return new RunRow(run.path("id").asText(), run.path("datasetId").asText(), run.path("provider").asText(),
                run.path("model").asText(), run.path("promptId").asText(null), run.path("simulated").asBoolean(),
                run.path("status").asText("?"), reason, run.path("mode").asText(null), expected, done,
                known ? analytics.path("failed").asLong() : 0, known ? Formats.decimal(analytics.path("costUsd")) : null,
                known);
    }

    /** Analytics' runs by run id ({@code GET /api/runs} of analytics). */
    static Map<String, JsonNode> byRunId(JsonNode analyticsRuns) {
        Map<String, JsonNode> map = new HashMap<>();
        if (analyticsRuns != null) {
            for (JsonNode r : analyticsRuns) {
                map.put(r.path("runId").asText(), r);
            }
        }
        return map;
    }

    String label() {
        return provider + "/" + model + (simulated ? " (simulated)" : "");
    }

    boolean finished() {
        return FINISHED.contains(status);
    }

    boolean waiting() {
        return WAITING.contains(status);
    }

    /** Every expected image is scored. */
    boolean allScored() {
        return expected > 0 && done >= expected;
    }
}
