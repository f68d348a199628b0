package io.placebench.cli.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the stack whose stdout and stderr go to one {@link RotatingLog}. The output is pumped
 * through this JVM (not redirected to the file) so that the log can be rotated while the child runs.
 */
public final class ChildProcess {

    private final String name;
    private final RotatingLog log;
    private final Process process;
    private final Thread pump;
    private final long startedNanos = System.nanoTime();
    /** When the process was seen to end (0 while it runs): back-off depends on how long it ran, not on when
     * the supervisor looked. */
    private volatile long exitedNanos;
    private final long logOffset;
    private final int logRotations;
    private final boolean ownsLog;

    private ChildProcess(String name, RotatingLog log, boolean ownsLog, Process process, long logOffset,
            int logRotations) {
        this.name = name;
        this.ownsLog = ownsLog;
        this.log = log;
        this.process = process;
        this.logOffset = logOffset;
        this.logRotations = logRotations;
        process.onExit().thenRun(() -> exitedNanos = System.nanoTime());
        this.pump = new Thread(this::pumpOutput, "log-" + name);
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /** Starts {@code command} with a fresh log file of default size limits (appended to, never truncated). */
    public static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
            Path logFile) {
        return start(name, command, workDir, env, RotatingLog.withDefaults(logFile), true);
    }

    /**
     * Starts {@code command}; its output is appended to {@code log} after a line saying when and what was started,
     * so one log holds every start of the child.
     */
    public static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
            RotatingLog log) {
        return start(name, command, workDir, env, log, false);
    }

    private static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
            RotatingLog log, boolean ownsLog) {
        try {
            long offset = log.size();
            int rotations = log.rotations();
            log.line("---- " + Instant.now() + " placebench: starting " + name);
            log.line("$ " + String.join(" ", command));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(env);
            return new ChildProcess(name, log, ownsLog, builder.start(), offset, rotations);
        } catch (IOException e) {
            throw StackException.failure("could not start " + name + ": " + e.getMessage());
        }
    }

    private void pumpOutput() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                log.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the child is gone or the log cannot be written: nothing left to copy
        }
        if (ownsLog) {
            try {
                log.close();
            } catch (IOException e) {
                // nothing to do about it
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return log.file();
    }

    public RotatingLog log() {
        return log;
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

    /** How long the child has run, or ran until it exited. */
    public Duration ranFor() {
        long end = exitedNanos;
        return Duration.ofNanos((end == 0 ? System.nanoTime() : end) - startedNanos);
    }

    /** Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it (and its children). */
    public void stop(Duration grace) {
        if (process.isAlive()) {
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
        awaitLog(Duration.ofSeconds(2));
    }

    /** Waits until the child's last output is in the log (its pipe closed), at most {@code timeout}. */
    public void awaitLog(Duration timeout) {
        try {
            pump.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first error line this start of the child wrote (earlier starts in the same log are skipped). */
    public String firstErrorLine() {
        return firstErrorLine(logFile(), log.rotations() == logRotations ? logOffset : 0);
    }

    /** The last {@code lines} lines of the log file (fewer when it is shorter). */
    public List<String> logTail(int lines) {
        return tail(logFile(), lines);
    }

    /** The first line of a log that reports an error (" ERROR ", "Exception", "Error:"), or null. */
    public static String firstErrorLine(Path file) {
        return firstErrorLine(file, 0);
    }

    /** {@link #firstErrorLine(Path)} from byte {@code offset} on. */
    public static String firstErrorLine(Path file, long offset) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(offset, Files.size(file)));
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)).lines();
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
