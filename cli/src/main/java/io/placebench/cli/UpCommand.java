package io.placebench.cli;

import io.placebench.cli.client.TokenFile;
import io.placebench.cli.stack.LocalStack;
import io.placebench.cli.stack.PlaceBenchHome;
import io.placebench.cli.stack.RestartPolicy;
import io.placebench.cli.stack.StackConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code placebench up}: the local stack in the foreground until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local stack in the foreground: PostgreSQL, Kafka, the LLM simulator and the four "
                + "services. State (database, Kafka log, image blobs, logs) lives in the state dir and survives "
                + "restarts. Ctrl-C stops everything.",
                "A part that dies (a service, the simulator, Kafka, PostgreSQL) is restarted after 1 s, then 2, 4 … "
                        + "at most 30 s while it keeps dying (back to 1 s once it ran 60 s), with a line on stderr "
                        + "each time. Logs: <state-dir>/logs/<name>.log, appended across restarts, rotated at "
                        + "10 MB (3 old files kept).",
                "On first start it writes a new API token to <state-dir>/token (mode 600); ingest-service gets only "
                        + "its SHA-256 and accepts writes (POST) with that token only. The other placebench commands "
                        + "read the token from there (or from --token / PLACEBENCH_TOKEN).",
                "Exit codes: 130 stopped by Ctrl-C, 1 a part failed, 2 configuration (port in use, not built)."})
public class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack = new StackOptions();

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".placebench",
            description = "Where PostgreSQL, Kafka, blobs and logs live (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--sim-latency-ms", paramLabel = "MS", defaultValue = "300",
            description = "Mean latency of the simulated models (default: ${DEFAULT-VALUE}).")
    long simLatencyMs;

    @Option(names = "--no-restart",
            description = "Do not restart a part that dies: stop the whole stack instead (exit 1).")
    boolean noRestart;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TokenFile.Token token = TokenFile.ensure(stateDir);
        StackConfig config = new StackConfig(PlaceBenchHome.resolve(), stateDir, stack.ports(), simLatencyMs,
                stack.readyTimeout(), token.sha256Hex()).withPartitions(stack.partitions())
                .withRestartPolicy(noRestart ? null : RestartPolicy.DEFAULT);
        LocalStack localStack = new LocalStack(config, err);
        Thread hook = new Thread(localStack::stop, "placebench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Starting PlaceBench (state: " + config.stateDir() + ")");
        out.println((token.created() ? "New API token written to " : "API token: ")
                + token.file().toAbsolutePath().normalize() + " (mode 600)");
        out.flush();
        try {
            localStack.start();
            printUrls(out, localStack, token.file());
            while (true) {
                Thread.sleep(1000);
                localStack.checkAlive();
            }
        } finally {
            localStack.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    static void printUrls(PrintWriter out, LocalStack s, Path tokenFile) {
        out.println();
        out.println("PlaceBench is up. Web page: " + s.analyticsUrl() + "/");
        out.printf("  %-18s %s   (datasets, imports, runs: /api/datasets, /api/runs)%n", "ingest-service",
                s.ingestUrl());
        out.printf("  %-18s %s%n", "inference-service", s.inferenceUrl());
        out.printf("  %-18s %s   (/api/scores/{runId})%n", "scoring-service", s.scoringUrl());
        out.printf("  %-18s %s   (leaderboard: /api/leaderboard)%n", "analytics-service", s.analyticsUrl());
        out.printf("  %-18s %s/v1   (simulated models sim-strong, sim-weak)%n", "llm-simulator",
                s.simulatorUrl());
        out.printf("  %-18s %s%n", "Kafka", s.kafkaBootstrap());
        out.printf("  %-18s %s (user %s, password %s)%n", "PostgreSQL", s.jdbcUrl(), LocalStack.DB_USER,
                LocalStack.DB_PASSWORD);
        out.println("  logs               " + s.config().logsDir());
        Path token = tokenFile.toAbsolutePath().normalize();
        boolean defaultDir = s.config().stateDir().equals(Path.of(".placebench").toAbsolutePath().normalize());
        out.println("  API token          " + token + "   (read by the placebench commands "
                + (defaultDir ? "run in this folder" : "given --state-dir " + s.config().stateDir())
                + "; elsewhere: export " + ApiOptions.TOKEN_ENV + "=$(cat " + token + "))");
        out.println("Ctrl-C to stop");
        out.flush();
    }
}
