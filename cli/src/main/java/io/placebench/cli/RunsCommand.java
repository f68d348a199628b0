package io.placebench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.cli.client.ApiException;
import io.placebench.cli.client.PlaceBenchClient;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code placebench runs}: list runs; {@code runs pause|resume|cancel|retry-failed RUN_ID} act on one. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the runs (newest first): status from ingest-service, progress (images scored of those "
                + "expected), failed images and spend from analytics-service.",
                "With an action, change one run through ingest-service and print its new state.",
                "Exit codes: 0 done, 1 a request failed (the service's error is printed), 2 bad options."},
        footer = {"", "Examples:",
                "  placebench runs --dataset demo",
                "  placebench runs pause run-1234",
                "  placebench runs resume run-1234 --budget 20",
                "  placebench runs retry-failed run-1234 --status API_ERROR"})
public class RunsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api = new ApiOptions();

    @Option(names = "--dataset", paramLabel = "ID", description = "Only the runs of this dataset.")
    String dataset;

    @Option(names = "--json", description = "Print ingest's run views, each with analytics' figures, as JSON.")
    boolean json;

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PlaceBenchClient client = api.client();
        JsonNode runs = client.runs();
        Map<String, JsonNode> analytics = Map.of();
        String analyticsProblem = null;
        try {
            analytics = RunRow.byRunId(client.analyticsRuns());
        } catch (ApiException e) {
            analyticsProblem = e.getMessage();
        }
        List<JsonNode> selected = new ArrayList<>();
        for (JsonNode run : runs) {
            if (dataset == null || dataset.equals(run.path("datasetId").asText())) {
                selected.add(run);
            }
        }
        if (json) {
            ArrayNode array = mapper.createArrayNode();
            for (JsonNode run : selected) {
                ObjectNode copy = run.deepCopy();
                copy.set("analytics", analytics.get(run.path("id").asText()));
                array.add(copy);
            }
            out.println(mapper.writeValueAsString(array));
        } else {
            List<RunRow> rows = new ArrayList<>();
            for (JsonNode run : selected) {
                rows.add(RunRow.of(run, analytics.get(run.path("id").asText())));
            }
            printRows(out, rows);
        }
        out.flush();
        if (analyticsProblem != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("(no progress or spend: " + analyticsProblem + ")");
            err.flush();
        }
        return 0;
    }

    static void printRows(PrintWriter out, List<RunRow> rows) {
        if (rows.isEmpty()) {
            out.println("No runs.");
            return;
        }
        TextTable table = new TextTable("run", "dataset", "model", "prompt", "status", "progress", "failed", "spend")
                .right(5, 6, 7);
        for (RunRow r : rows) {
            table.add(r.id(), r.datasetId(), r.label(), r.promptId(), r.status(), Formats.progress(r.done(),
                    r.expected()), r.scored() ? Long.toString(r.failed()) : null, Formats.usd(r.costUsd()));
        }
        out.print(table.render(""));
        for (RunRow r : rows) {
            if (r.statusReason() != null && !r.statusReason().isBlank() && r.waiting()) {
                out.println(r.id() + " " + r.status() + ": " + r.statusReason());
            }
        }
    }

    // -------------------------------------------------------------------------------------------- actions

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a RUNNING run: no more requests are sent for it until it is resumed.")
    int pause(@Parameters(paramLabel = "RUN_ID", description = "The run.") String runId) {
        return act(runId, "pause", null);
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a PAUSED or BUDGET_EXHAUSTED run: what waited is sent.")
    int resume(@Parameters(paramLabel = "RUN_ID", description = "The run.") String runId,
            @Option(names = "--budget", paramLabel = "USD", description = "A new spend limit replacing the old one.")
            BigDecimal budget) {
        // resume reads an optional JSON body: always send one ({} keeps the budget)
        return act(runId, "resume", budget == null ? Map.of() : Map.of("budgetUsd", budget));
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a run: nothing more is sent for it.")
    int cancel(@Parameters(paramLabel = "RUN_ID", description = "The run.") String runId) {
        return act(runId, "cancel", null);
    }

    @Command(name = "retry-failed", mixinStandardHelpOptions = true,
            description = "Send the images whose latest prediction failed again (as a new attempt); the others "
                    + "are untouched.")
    int retryFailed(@Parameters(paramLabel = "RUN_ID", description = "The run.") String runId,
            @Option(names = "--status", paramLabel = "STATUS",
                    description = "Retry images with this status (repeatable; default API_ERROR and TIMEOUT).")
            List<String> statuses) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (statuses != null && !statuses.isEmpty()) {
            body.put("statuses", statuses);
        }
        return act(runId, "retry", body);
    }

    private int act(String runId, String action, Object body) {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode answer = api.client().runAction(runId, action, body);
        JsonNode run = answer.has("run") ? answer.path("run") : answer;
        String label = run.path("provider").asText() + "/" + run.path("model").asText();
        if (action.equals("retry")) {
            List<String> statuses = new ArrayList<>();
            answer.path("statuses").forEach(s -> statuses.add(s.asText()));
            int retried = answer.path("retried").asInt();
            out.printf("Run %s (%s): %s%n", runId, label, retried == 0
                    ? "nothing to retry (no image's latest status is " + String.join(" or ", statuses) + ")"
                    : retried + " image" + (retried == 1 ? "" : "s") + " sent again (" + String.join(", ", statuses)
                            + ")");
        }
        out.printf("Run %s (%s): %s%s%n", run.path("id").asText(runId), label, run.path("status").asText(),
                run.path("statusReason").isTextual() ? " (" + run.path("statusReason").asText() + ")" : "");
        out.flush();
        return 0;
    }
}
