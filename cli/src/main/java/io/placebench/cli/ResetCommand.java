package io.placebench.cli;

import io.placebench.cli.stack.LocalStack;
import io.placebench.cli.stack.StackException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code placebench reset}: delete the state dir of a stopped stack. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Delete the state dir (database, Kafka log, image blobs, logs) of a stopped local stack.",
                "Refuses while its PostgreSQL still runs. Exit codes: 0 deleted (or nothing to delete), "
                        + "1 aborted, 2 the stack still runs or the dir is not a state dir."})
public class ResetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".placebench",
            description = "The state dir to delete (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--postgres-port", paramLabel = "PORT",
            description = "PostgreSQL port of that stack (default: the one recorded by its last start, else 5432).")
    Integer postgresPort;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = stateDir.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            out.println("Nothing to reset: " + dir + " does not exist.");
            out.flush();
            return 0;
        }
        if (!looksLikeStateDir(dir)) {
            throw StackException.config(dir + " does not look like a PlaceBench state dir (no postgres/, kafka/, "
                    + "logs/ or stack.properties in it); not deleting it");
        }
        Integer recorded = LocalStack.recordedPostgresPort(dir);
        int port = postgresPort != null ? postgresPort : recorded != null ? recorded : 5432;
        if (listening(port)) {
            throw StackException.config("PostgreSQL port " + port + " is in use: is `placebench up` still running "
                    + "with " + dir + "? Stop it (Ctrl-C) first, then reset");
        }
        Long pid = postmasterPid(dir);
        if (pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw StackException.config("PostgreSQL of " + dir + " still runs (pid " + pid + "); stop the stack first");
        }
        if (!yes && !confirm(out, dir)) {
            out.println("Not deleted.");
            out.flush();
            return 1;
        }
        deleteRecursively(dir);
        out.println("Deleted " + dir);
        out.flush();
        return 0;
    }

    static boolean looksLikeStateDir(Path dir) {
        return List.of("postgres", "kafka", "logs", "blobs", "stack.properties").stream()
                .anyMatch(name -> Files.exists(dir.resolve(name)));
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Long postmasterPid(Path dir) {
        Path pidFile = dir.resolve("postgres/postmaster.pid");
        try {
            if (Files.isRegularFile(pidFile)) {
                List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
                return lines.isEmpty() ? null : Long.valueOf(lines.get(0).trim());
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable: fall through
        }
        return null;
    }

    private boolean confirm(PrintWriter out, Path dir) throws IOException {
        out.print("Delete " + dir + " (database, Kafka log, image blobs, logs)? [y/N] ");
        out.flush();
        String answer;
        if (System.console() != null) {
            answer = System.console().readLine();
        } else {
            answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (answer == null) {
            out.println();
            out.println("No answer (pass --yes to reset without a prompt).");
            return false;
        }
        String a = answer.trim().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
