package io.placebench.cli.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process of the stack whose stdout and stderr go to one log file. */
public final class ChildProcess {

    private final String name;
    private final Path logFile;
    private final Process process;

    private ChildProcess(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
    }

    /** Starts {@code command}; the log file is truncated first, so it holds this start only. */
    public static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
            Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(env);
            return new ChildProcess(name, logFile, builder.start());
        } catch (IOException e) {
            throw StackException.failure("could not start " + name + ": " + e.getMessage());
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it (and its children). */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The last {@code lines} lines of the log file (fewer when it is shorter). */
    public List<String> logTail(int lines) {
        return tail(logFile, lines);
    }

    /** The first line of a log that reports an error (" ERROR ", "Exception", "Error:"), or null. */
    public static String firstErrorLine(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.limit(20_000)
                    .filter(l -> l.contains(" ERROR ") || l.contains("Exception") || l.contains("Error:"))
                    .findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    /** The last {@code lines} lines of a text file, reading at most its last 256 KiB. */
    public static List<String> tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - 256 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            List<String> result = new ArrayList<>();
            for (int i = all.length - 1; i >= 0 && result.size() < lines; i--) {
                result.add(all[i]);
            }
            Collections.reverse(result);
            return result;
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }
}
