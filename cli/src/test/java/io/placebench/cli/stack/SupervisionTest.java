package io.placebench.cli.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes (sh) that die, and the local stack's supervisor that restarts them. */
class SupervisionTest {

    /** Short waits so that the test runs in a second or two; the rules are the same as the default policy's. */
    private static final RestartPolicy FAST =
            new RestartPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(60));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final StringWriter progress = new StringWriter();

    private LocalStack stack(Path state) {
        StackConfig config = new StackConfig(state, state, Ports.DEFAULTS, 10, StackConfig.DEFAULT_READY_TIMEOUT)
                .withRestartPolicy(FAST);
        return new LocalStack(config, new PrintWriter(progress, true));
    }

    private String said() {
        synchronized (progress.getBuffer()) {
            return progress.toString();
        }
    }

    @Test
    void aChildThatExitsIsRestartedWithGrowingWaitsAndItsLogIsKept(@TempDir Path state) throws IOException {
        LocalStack stack = stack(state);
        try {
            stack.launchSupervised("flaky", List.of("sh", "-c", "echo run of pid $$; exit 3"));
            await().atMost(PATIENCE).until(() -> said().contains("(restart 3)"));
        } finally {
            stack.stop();
        }
        String out = said();
        assertTrue(out.contains("flaky exited with code 3; restarting in 0.1 s (restart 1)"), out);
        assertTrue(out.contains("flaky exited with code 3; restarting in 0.2 s (restart 2)"), out);
        assertTrue(out.contains("flaky exited with code 3; restarting in 0.4 s (restart 3)"), out);

        // every start is in the same log, in order, each announced by a marker line
        String log = Files.readString(state.resolve("logs/flaky.log"), StandardCharsets.UTF_8);
        Matcher runs = Pattern.compile("run of pid (\\d+)").matcher(log);
        int count = 0;
        String previous = null;
        while (runs.find()) {
            assertNotEquals(previous, runs.group(1), "a new process each time");
            previous = runs.group(1);
            count++;
        }
        assertTrue(count >= 3, log);
        assertTrue(log.split("placebench: starting flaky", -1).length - 1 >= count, log);
    }

    @Test
    void aKilledChildComesBackAndNothingIsRestartedOnceStopped(@TempDir Path state) {
        LocalStack stack = stack(state);
        long first;
        try {
            stack.launchSupervised("worker", List.of("sh", "-c", "echo up; exec sleep 600"));
            first = stack.pidOf("worker").orElseThrow();
            ProcessHandle.of(first).orElseThrow().destroyForcibly(); // SIGKILL, as the chaos test does

            await().atMost(PATIENCE).until(() -> stack.pidOf("worker").isPresent()
                    && stack.pidOf("worker").getAsLong() != first);
            assertTrue(said().contains("worker exited with code 137; restarting in 0.1 s (restart 1)"), said());

            // stopped on purpose: it stays down until asked back
            stack.stopPart("worker");
            assertTrue(stack.pidOf("worker").isEmpty());
            stack.startPart("worker");
            assertTrue(stack.pidOf("worker").isPresent());
        } finally {
            stack.stop();
        }
        // stop() waited for the supervisor to end: no restart can follow it
        assertTrue(stack.pidOf("worker").isEmpty());
        assertFalse(said().contains("(restart 2)"), said());
        assertTrue(said().strip().endsWith("Stopped."), said());
    }

    @Test
    void aKilledPostgresIsRestartedOnItsDataAndAnswersAgain(@TempDir Path state) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Ports ports = new Ports(1, 2, 3, 4, 5, 6, 7, port);
        LocalStack stack = new LocalStack(new StackConfig(state, state, ports, 10, StackConfig.DEFAULT_READY_TIMEOUT)
                .withRestartPolicy(FAST), new PrintWriter(progress, true));
        try {
            stack.startPostgresSupervised();
            String url = "jdbc:postgresql://localhost:" + port + "/" + LocalStack.DATABASE;
            try (var c = java.sql.DriverManager.getConnection(url, LocalStack.DB_USER, LocalStack.DB_PASSWORD)) {
                c.createStatement().execute("create table kept(n int); insert into kept values (42)");
            }
            long first = stack.pidOf(LocalStack.POSTGRES).orElseThrow();
            ProcessHandle.of(first).orElseThrow().destroyForcibly();

            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
                try (var c = java.sql.DriverManager.getConnection(url, LocalStack.DB_USER, LocalStack.DB_PASSWORD);
                     var rs = c.createStatement().executeQuery("select n from kept")) {
                    return rs.next() && rs.getInt(1) == 42;
                }
            });
            assertNotEquals(first, stack.pidOf(LocalStack.POSTGRES).orElseThrow());
            assertTrue(said().contains("postgres exited (postmaster pid " + first + " is gone); restarting in 0.1 s "
                    + "(restart 1)"), said());
            assertFalse(said().contains("(restart 2)"), "a running PostgreSQL is left alone: " + said());
        } finally {
            stack.stop();
        }
        assertTrue(stack.pidOf(LocalStack.POSTGRES).isEmpty());
        String log = Files.readString(state.resolve("logs/postgres.log"), StandardCharsets.UTF_8);
        assertEquals(2, log.split("placebench: starting PostgreSQL", -1).length - 1, log);
    }

    @Test
    void withoutAPolicyADeadChildFailsTheStackInstead(@TempDir Path state) {
        StackConfig config = new StackConfig(state, state, Ports.DEFAULTS, 10, StackConfig.DEFAULT_READY_TIMEOUT);
        LocalStack stack = new LocalStack(config, new PrintWriter(progress, true));
        try {
            stack.launchSupervised("once", List.of("sh", "-c", "echo bye; exit 5"));
            await().atMost(PATIENCE).untilAsserted(() -> {
                StackException e = org.junit.jupiter.api.Assertions.assertThrows(StackException.class,
                        stack::checkAlive);
                assertTrue(e.getMessage().contains("once exited unexpectedly with code 5"), e.getMessage());
                assertTrue(e.getMessage().contains("bye"), "the log's last lines: " + e.getMessage());
            });
        } finally {
            stack.stop();
        }
        assertEquals(-1, said().indexOf("restarting"), said());
    }
}
