package io.placebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.placebench.cli.client.ApiException;
import io.placebench.cli.client.PlaceBenchClient;
import io.placebench.cli.client.TokenFile;
import io.placebench.cli.demo.DemoDataset;
import io.placebench.cli.stack.LocalStack;
import io.placebench.cli.stack.PlaceBenchHome;
import io.placebench.cli.stack.PortCheck;
import io.placebench.cli.stack.StackConfig;
import io.placebench.cli.stack.StackException;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code placebench demo}: generates the demo dataset, starts a throw-away local stack, imports the images,
 * runs two simulated models over them, waits until every image is scored and prints the leaderboard.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the bundled demo end to end on a throw-away local stack: generate N images whose "
                + "location is drawn into their pixels, import them as dataset 'demo', run the simulated models "
                + "sim-strong and sim-weak over them, wait until every image is scored and print the leaderboard.",
                "Progress goes to stderr; with --json stdout carries only the leaderboard JSON.",
                "Exit codes: 0 done, 1 the demo failed (the state dir with its logs is kept), 2 configuration "
                        + "(port in use, not built, bad option)."})
public class DemoCommand implements Callable<Integer> {

    public static final String DATASET = "demo";
    public static final String PROMPT = "imageo";
    public static final String PROVIDER = "simulator";
    public static final List<String> MODELS = List.of("sim-strong", "sim-weak");
    public static final int MIN_IMAGES = 200;

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack = new StackOptions();

    @Option(names = "--json", description = "Print only the leaderboard JSON on stdout.")
    boolean json;

    @Option(names = "--images", paramLabel = "N", defaultValue = "240",
            description = "Number of demo images, at least " + MIN_IMAGES + " (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--sim-latency-ms", paramLabel = "MS", defaultValue = "150",
            description = "Mean latency of the simulated models (default: ${DEFAULT-VALUE}).")
    long simLatencyMs;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "600s", converter = DurationConverter.class,
            description = "Give up when the runs are not fully scored after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the generated dataset (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Run the stack in DIR (must be new or empty) instead of a fresh temporary directory; "
                    + "deleted at the end like the temporary one unless --keep-state.")
    Path stateDir;

    @Option(names = "--keep-state", description = "Keep the state dir (database, Kafka log, logs) afterwards.")
    boolean keepState;

    /** Called with the outcome while the stack still runs (tests check the database and Kafka here). */
    Consumer<DemoOutcome> afterLeaderboard;

    private TokenFile.Token token;

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws IOException {
        if (images < MIN_IMAGES) {
            throw new ParameterException(spec.commandLine(),
                    "--images must be at least " + MIN_IMAGES + ", got " + images);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter info = json ? err : out;
        Path state = prepareStateDir();
        // the throw-away stack is protected like `placebench up`'s: a fresh token, only its hash given to ingest
        token = TokenFile.ensure(state);
        StackConfig config = new StackConfig(PlaceBenchHome.resolve(), state, stack.ports(), simLatencyMs,
                stack.readyTimeout(), token.sha256Hex()).withPartitions(stack.partitions());
        LocalStack localStack = new LocalStack(config, err);
        Thread hook = new Thread(() -> {
            localStack.stop();
            if (!keepState) {
                deleteQuietly(state);
            }
        }, "placebench-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean success = false;
        try {
            PortCheck.requireFree(config.ports());
            LocalStack.requireBuilt(config.home());
            info.printf("Generating %d demo images (seed %d)…%n", images, seed);
            info.flush();
            Path folder = state.resolve("dataset");
            DemoDataset.generate(folder, images, seed);
            info.println("Starting the local stack (state: " + state + ")…");
            info.flush();
            localStack.start();
            info.println("Web page (live while the demo runs; `placebench up` keeps a stack running): "
                    + localStack.analyticsUrl() + "/");
            info.flush();
            DemoOutcome outcome = run(localStack, folder, info, err);
            if (json) {
                out.println(mapper.writeValueAsString(outcome.leaderboard()));
                outcome.biasLines().forEach(line -> info.println("Bias  " + line));
            } else {
                out.println();
                out.print(LeaderboardTable.render(outcome.leaderboard(), DATASET));
                out.println();
                out.println("Geographic bias (GET /api/runs/{id}/regions):");
                outcome.biasLines().forEach(line -> out.println("  " + line));
            }
            out.flush();
            if (afterLeaderboard != null) {
                afterLeaderboard.accept(outcome);
            }
            success = true;
            return 0;
        } catch (StackException e) {
            fail(err, e.getMessage());
            return e.exitCode();
        } catch (ApiException | IOException e) {
            fail(err, e.getMessage());
            return 1;
        } finally {
            localStack.stop();
            if (!keepState && (success || !hasLogs(state))) {
                deleteQuietly(state);
            } else {
                err.println("State dir kept: " + state + " (logs in " + config.logsDir() + ")");
                err.flush();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs already
            }
        }
    }

    private static void fail(PrintWriter err, String message) {
        err.println("placebench demo failed: " + message);
        err.flush();
    }

    private Path prepareStateDir() throws IOException {
        if (stateDir == null) {
            return Files.createTempDirectory("placebench-demo-").toAbsolutePath();
        }
        Path dir = stateDir.toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new ParameterException(spec.commandLine(),
                            "--state-dir " + dir + " is not empty; the demo needs a new or empty directory");
                }
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** The demo proper, on a started stack. */
    DemoOutcome run(LocalStack localStack, Path folder, PrintWriter info, PrintWriter err) {
        PlaceBenchClient client = new PlaceBenchClient(localStack.ingestUrl(), localStack.inferenceUrl(),
                localStack.analyticsUrl(), token == null ? null : token.value(),
                token == null ? "none" : "the demo's token file " + token.file(), Duration.ofMinutes(5));
        client.createDataset(DATASET, "Demo",
                "Generated demo images; each carries its location in a code strip (docs/formats.md)");
        JsonNode report = client.importFolder(DATASET, folder.toAbsolutePath().toString(), DemoDataset.MANIFEST);
        long rows = report.path("rows").asLong();
        long accepted = report.path("accepted").asLong();
        long duplicates = report.path("duplicates").asLong();
        JsonNode rejected = report.path("rejected");
        info.printf("Imported dataset '%s': %d rows, %d accepted, %d duplicates, %d rejected%n", DATASET, rows,
                accepted, duplicates, rejected.size());
        info.flush();
        if (rejected.size() > 0 || accepted + duplicates != images) {
            List<String> problems = new ArrayList<>();
            for (JsonNode r : rejected) {
                problems.add("row " + r.path("row").asText() + " " + r.path("field").asText() + "='"
                        + r.path("value").asText() + "': " + r.path("reason").asText());
                if (problems.size() == 5) {
                    break;
                }
            }
            throw StackException.failure("the import of the demo images was incomplete (" + accepted + " accepted, "
                    + duplicates + " duplicates of " + images + ")" + (problems.isEmpty() ? ""
                    : ": " + String.join("; ", problems)));
        }

        Map<String, String> labels = new LinkedHashMap<>();
        for (String model : MODELS) {
            JsonNode run = client.createRun(DATASET, PROVIDER, model, PROMPT);
            String id = run.path("id").asText();
            if (id.isEmpty()) {
                throw StackException.failure("ingest-service created a run without an id: " + run);
            }
            String label = PROVIDER + "/" + model + (run.path("simulated").asBoolean(true) ? " (simulated)" : "");
            labels.put(id, label);
            info.printf("Run %s: %s, prompt %s, %d images%n", id, label, PROMPT, run.path("expectedCount").asLong());
        }
        info.flush();

        waitUntilScored(localStack, client, labels, err);
        JsonNode leaderboard = awaitLeaderboard(localStack, client, labels.keySet());
        List<String> bias = new ArrayList<>();
        labels.forEach((runId, label) -> bias.add(BiasLine.render(label, client.regions(runId, "continent"))));
        return new DemoOutcome(localStack, DATASET, images, List.copyOf(labels.keySet()), leaderboard, bias);
    }

    private void waitUntilScored(LocalStack localStack, PlaceBenchClient client, Map<String, String> labels,
            PrintWriter err) {
        DemoProgress progress = new DemoProgress(err, System.console() != null);
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = null;
        List<DemoProgress.Line> lines = List.of();
        while (true) {
            localStack.checkAlive();
            try {
                lines = new ArrayList<>();
                for (Map.Entry<String, String> run : labels.entrySet()) {
                    lines.add(client.runProgress(run.getKey())
                            .map(p -> new DemoProgress.Line(run.getValue(), p.path("scored").asLong(),
                                    p.path("expected").asLong(), p.path("failed").asLong(), decimal(p.path("costUsd"))))
                            .orElse(new DemoProgress.Line(run.getValue(), 0, 0, 0, BigDecimal.ZERO)));
                }
                lastError = null;
                boolean done = lines.stream().allMatch(DemoProgress.Line::done);
                progress.show(lines, done);
                if (done) {
                    return;
                }
            } catch (ApiException e) {
                lastError = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                StringBuilder sb = new StringBuilder("the runs were not fully scored after " + timeout.toSeconds()
                        + " s:");
                for (DemoProgress.Line line : lines) {
                    sb.append("\n  ").append(line.render().trim());
                }
                if (lastError != null) {
                    sb.append("\n  last error: ").append(lastError);
                }
                sb.append("\n  logs: ").append(localStack.config().logsDir());
                throw StackException.failure(sb.toString());
            }
            sleep(500);
        }
    }

    /** The leaderboard once it lists every run with all its images (analytics may trail its run view briefly). */
    private JsonNode awaitLeaderboard(LocalStack localStack, PlaceBenchClient client, java.util.Set<String> runIds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode leaderboard;
        while (true) {
            leaderboard = client.leaderboard(DATASET);
            if (complete(leaderboard, runIds)) {
                return leaderboard;
            }
            if (System.nanoTime() > deadline) {
                throw StackException.failure("the leaderboard did not list every run with " + images
                        + " scored images: " + leaderboard + "\n  logs: " + localStack.config().logsDir());
            }
            sleep(500);
        }
    }

    private boolean complete(JsonNode leaderboard, java.util.Set<String> runIds) {
        int found = 0;
        for (JsonNode dataset : leaderboard.path("datasets")) {
            if (!DATASET.equals(dataset.path("datasetId").asText())) {
                continue;
            }
            for (JsonNode run : dataset.path("runs")) {
                if (runIds.contains(run.path("runId").asText()) && run.path("n").asLong() >= images) {
                    found++;
                }
            }
        }
        return found == runIds.size();
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        try {
            return node.isTextual() ? new BigDecimal(node.asText()) : BigDecimal.ZERO;
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private static boolean hasLogs(Path state) {
        Path logs = state.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return false;
        }
        try (var entries = Files.list(logs)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            ResetCommand.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            // best effort: a temporary directory
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StackException.failure("interrupted");
        }
    }
}
