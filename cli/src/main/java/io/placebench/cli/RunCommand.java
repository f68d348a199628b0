package io.placebench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.cli.client.ApiException;
import io.placebench.cli.client.PlaceBenchClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code placebench run}: run models over a dataset (after a dry run, and a confirmation when ingest asks for one). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one or more models over the images of a dataset: one run per --model.",
                "ingest-service is asked for a dry run first. With --dry-run the plan is printed (images per run "
                        + "and, from inference-service's estimate, tokens and cost) and nothing is created. "
                        + "Otherwise the runs are created and their ids printed; when ingest says the billable "
                        + "requests need a confirmation, the plan is shown and --yes (or answering y) is required.",
                "Exit codes: 0 created (or planned), 1 a request failed or the confirmation was not given, "
                        + "2 bad options."},
        footer = {"", "Examples:",
                "  placebench run demo --model simulator/sim-strong --model simulator/sim-weak",
                "  placebench run im2gps3k --model openai/gpt-4.1-mini --param temperature=0 --budget 5 --dry-run"})
public class RunCommand implements Callable<Integer> {

    enum Mode { snapshot, open }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset to run over.")
    String dataset;

    @Option(names = "--model", required = true, paramLabel = "PROVIDER/MODEL",
            description = "A model, e.g. simulator/sim-strong or openai/gpt-4.1 (repeatable; "
                    + "`placebench models` lists them).")
    List<String> models = new ArrayList<>();

    @Option(names = "--prompt", paramLabel = "ID", defaultValue = "imageo",
            description = "Prompt id (default: ${DEFAULT-VALUE}).")
    String prompt;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "A run parameter (repeatable): VALUE is read as JSON when it is JSON (0.2, true, "
                    + "{\"a\":1}, \"text\"), as text otherwise.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--budget", paramLabel = "USD", description = "Spend limit per run in US dollars.")
    BigDecimal budget;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "snapshot",
            description = "snapshot (the images there now; default) or open (also images added while it runs).")
    Mode mode;

    @Option(names = "--dry-run", description = "Print the plan and estimated cost; create nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Confirm without a prompt when a confirmation is required.")
    boolean yes;

    @Option(names = "--json", description = "Print the plan (with --dry-run) or the created runs as JSON.")
    boolean json;

    @Mixin
    ApiOptions api = new ApiOptions();

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A model as {@code provider/model}: split at the first slash (model names may contain more). */
    record ModelRef(String provider, String model) {
        static ModelRef parse(String text) {
            int slash = text.indexOf('/');
            if (slash <= 0 || slash == text.length() - 1) {
                return null;
            }
            return new ModelRef(text.substring(0, slash).trim(), text.substring(slash + 1).trim());
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> body = body(true, false);
        PlaceBenchClient client = api.client();
        JsonNode plan = client.createRuns(body);
        if (dryRun) {
            List<JsonNode> estimates = estimates(client, plan, err);
            if (json) {
                ObjectNode both = mapper.createObjectNode();
                both.set("plan", plan);
                both.set("estimates", mapper.valueToTree(estimates));
                out.println(pretty(both));
            } else {
                printPlan(out, plan, estimates);
            }
            out.flush();
            return 0;
        }
        boolean confirmed = yes;
        if (plan.path("confirmationRequired").asBoolean() && !yes) {
            PrintWriter info = json ? err : out;
            printPlan(info, plan, estimates(client, plan, err));
            info.flush();
            if (!confirm(info, plan)) {
                err.println("Not created: ingest-service requires a confirmation for " + plan.path("billableRequests")
                        .asLong() + " billable requests (above " + plan.path("confirmAbove").asLong()
                        + "); pass --yes to confirm.");
                err.flush();
                return 1;
            }
            confirmed = true;
        }
        JsonNode created;
        try {
            created = client.createRuns(body(false, confirmed));
        } catch (ApiException e) {
            if (e.status() == 409 && e.body() != null && e.body().contains("\"confirm\"")) {
                throw new ApiException(e.getMessage() + "\n  (pass --yes to confirm)", e.status(), e.body());
            }
            throw e;
        }
        if (json) {
            out.println(pretty(created));
        } else {
            printCreated(out, created);
        }
        out.flush();
        return 0;
    }

    /** The body of {@code POST /api/runs/batch}. */
    Map<String, Object> body(boolean dry, boolean confirm) {
        List<Map<String, String>> refs = new ArrayList<>();
        for (String m : models) {
            ModelRef ref = ModelRef.parse(m.trim());
            if (ref == null) {
                throw new ParameterException(spec.commandLine(),
                        "--model " + m + ": expected PROVIDER/MODEL, e.g. simulator/sim-strong");
            }
            refs.add(Map.of("provider", ref.provider(), "model", ref.model()));
        }
        if (budget != null && budget.signum() <= 0) {
            throw new ParameterException(spec.commandLine(), "--budget must be more than 0, got " + budget);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datasetId", dataset);
        body.put("models", refs);
        body.put("promptId", prompt);
        body.put("parameters", parameters());
        body.put("mode", mode.name());
        if (budget != null) {
            body.put("budgetUsd", budget);
        }
        body.put("dryRun", dry);
        body.put("confirm", confirm);
        return body;
    }

    /** {@code --param} values: JSON when they parse as JSON, text otherwise. */
    Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            if (key.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--param " + key + "=" + value + ": empty key");
            }
            parameters.put(key.trim(), jsonOrText(value));
        });
        return parameters;
    }

    private Object jsonOrText(String value) {
        try {
            JsonNode node = mapper.readTree(value);
            return node == null || node.isMissingNode() ? value : node;
        } catch (JsonProcessingException e) {
            return value;
        }
    }

    /**
     * Inference's estimate per planned run ({@code POST /api/estimate}); empty when inference has no estimate
     * endpoint or cannot be reached (said once on stderr). A run it cannot estimate gets {@code {"error": ...}}.
     */
    List<JsonNode> estimates(PlaceBenchClient client, JsonNode plan, PrintWriter err) {
        List<JsonNode> estimates = new ArrayList<>();
        for (JsonNode run : plan.path("runs")) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("provider", run.path("provider").asText());
            request.put("model", run.path("model").asText());
            request.put("promptId", run.path("promptId").asText(prompt));
            request.put("parameters", run.path("parameters").isObject() ? run.path("parameters") : Map.of());
            request.put("imageCount", run.path("images").asLong());
            try {
                estimates.add(client.estimate(request));
            } catch (ApiException e) {
                if (e.status() == 0 || e.status() == 404 || e.status() == 405) {
                    err.println("(no cost estimate: " + firstLine(e.getMessage()) + ")");
                    err.flush();
                    return List.of();
                }
                ObjectNode failed = mapper.createObjectNode();
                failed.put("error", client.errorText(e.body()).replace("\n  - ", "; "));
                estimates.add(failed);
            }
        }
        return estimates;
    }

    void printPlan(PrintWriter out, JsonNode plan, List<JsonNode> estimates) {
        JsonNode runs = plan.path("runs");
        out.printf("Plan: %d run%s, %s requests (%s billable)%n", runs.size(), runs.size() == 1 ? "" : "s",
                Formats.count(plan.path("requests").asLong()), Formats.count(plan.path("billableRequests").asLong()));
        boolean withEstimates = !estimates.isEmpty();
        TextTable table = withEstimates
                ? new TextTable("dataset", "model", "prompt", "mode", "images", "input tokens", "output tokens",
                        "est. cost", "budget").right(4, 5, 6, 7, 8)
                : new TextTable("dataset", "model", "prompt", "mode", "images", "budget").right(4, 5);
        BigDecimal total = BigDecimal.ZERO;
        boolean totalKnown = withEstimates;
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            JsonNode run = runs.get(i);
            String label = run.path("provider").asText() + "/" + run.path("model").asText()
                    + (run.path("simulated").asBoolean() ? " (simulated)" : "");
            String budgetText = Formats.usd(Formats.decimal(run.path("budgetUsd")));
            if (!withEstimates) {
                table.add(run.path("datasetId").asText(), label, run.path("promptId").asText(),
                        run.path("mode").asText(), Formats.count(run.path("images").asLong()), budgetText);
                continue;
            }
            JsonNode e = estimates.get(i);
            if (e.has("error")) {
                totalKnown = false;
                notes.add(label + ": not estimated: " + e.path("error").asText());
                table.add(run.path("datasetId").asText(), label, run.path("promptId").asText(),
                        run.path("mode").asText(), Formats.count(run.path("images").asLong()), "?", "?", "?",
                        budgetText);
                continue;
            }
            BigDecimal cost = Formats.decimal(e.path("costUsd"));
            if (cost == null) {
                totalKnown = false;
            } else {
                total = total.add(cost);
            }
            if (e.path("withinBudget").isBoolean() && !e.path("withinBudget").asBoolean()) {
                notes.add(label + ": the budget covers about " + e.path("imagesWithinBudget").asLong() + " of "
                        + run.path("images").asLong() + " images");
            }
            for (JsonNode w : e.path("warnings")) {
                notes.add(label + ": " + w.asText());
            }
            table.add(run.path("datasetId").asText(), label, run.path("promptId").asText(), run.path("mode").asText(),
                    Formats.count(run.path("images").asLong()), Formats.count(e.path("tokens").path("input")),
                    Formats.count(e.path("tokens").path("output")), Formats.usd(cost), budgetText);
        }
        out.print(table.render("  "));
        if (withEstimates) {
            out.println("  estimated total: " + (totalKnown ? Formats.usd(total) : "unknown")
                    + " (inference-service's estimate; images assumed "
                    + "1024x768 before resizing)");
        }
        for (String note : notes) {
            out.println("  note: " + note);
        }
        if (plan.path("confirmationRequired").asBoolean()) {
            out.printf("  %s billable requests exceed ingest's confirmation threshold (%s): creating them needs a "
                    + "confirmation (--yes)%n", Formats.count(plan.path("billableRequests").asLong()),
                    Formats.count(plan.path("confirmAbove").asLong()));
        }
    }

    private boolean confirm(PrintWriter out, JsonNode plan) throws IOException {
        if (System.console() == null) {
            return false; // no one to ask: --yes is required
        }
        out.print("Create " + plan.path("runs").size() + " run(s) with " + Formats.count(
                plan.path("billableRequests").asLong()) + " billable requests? [y/N] ");
        out.flush();
        String answer = System.console().readLine();
        if (answer == null) {
            answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        String a = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    static void printCreated(PrintWriter out, JsonNode created) {
        JsonNode runs = created.has("runs") ? created.path("runs") : created;
        List<String> ids = new ArrayList<>();
        TextTable table = new TextTable("run", "dataset", "model", "prompt", "mode", "images", "status").right(5);
        for (JsonNode run : runs) {
            ids.add(run.path("id").asText());
            table.add(run.path("id").asText(), run.path("datasetId").asText(),
                    run.path("provider").asText() + "/" + run.path("model").asText()
                            + (run.path("simulated").asBoolean() ? " (simulated)" : ""),
                    run.path("promptId").asText(), run.path("mode").asText(null),
                    Formats.count(run.path("expectedCount").asLong()), run.path("status").asText());
        }
        out.printf("Created %d run%s:%n", ids.size(), ids.size() == 1 ? "" : "s");
        out.print(table.render("  "));
        out.println("Follow them: placebench watch " + String.join(" ", ids));
    }

    private String pretty(JsonNode node) throws JsonProcessingException {
        return mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
