package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.cli.stack.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands' parsing and their fast failure paths (nothing here starts a stack). */
class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = PlaceBench.configure(new CommandLine(new PlaceBench()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void upRefusesATakenPortWithExitCode2(@TempDir Path state) throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            int code = run("up", "--state-dir", state.toString(), "--port-base", Integer.toString(freeBase()),
                    "--ingest-port", Integer.toString(port));
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains("port " + port + " (ingest-service) is already in use; pass --ingest-port"),
                    err.toString());
        }
    }

    /** A base with 8 free ports after it (good enough for a test that fails before binding anything). */
    private static int freeBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + (int) (Math.random() * 40000);
            boolean free = true;
            for (int p = base; p < base + 8 && free; p++) {
                free = io.placebench.cli.stack.PortCheck.isFree(p);
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free port range");
    }

    @Test
    void portOptionsCombineBaseAndOverrides() {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs("--port-base", "30000", "--kafka-port", "31000", "--ready-timeout", "2m");
        assertEquals(new Ports(30000, 30001, 30002, 30003, 30004, 31000, 30006, 30007), up.stack.ports());
        assertEquals(Duration.ofMinutes(2), up.stack.readyTimeout());
        UpCommand defaults = new UpCommand();
        new CommandLine(defaults).parseArgs();
        assertEquals(Ports.DEFAULTS, defaults.stack.ports());
        assertEquals(Path.of(".placebench"), defaults.stateDir);
        assertEquals(24, defaults.stack.partitions(), "enough for 24 inference replicas");
        UpCommand six = new UpCommand();
        new CommandLine(six).parseArgs("--partitions", "6");
        assertEquals(6, six.stack.partitions());
    }

    @Test
    void partitionsMustBePositive(@TempDir Path state) {
        assertEquals(2, run("up", "--state-dir", state.toString(), "--partitions", "0"));
        assertTrue(err.toString().contains("--partitions must be at least 1"), err.toString());
    }

    @Test
    void demoNeedsAtLeast200Images() {
        assertEquals(2, run("demo", "--images", "199"));
        assertTrue(err.toString().contains("--images must be at least 200"), err.toString());
    }

    @Test
    void durationsAcceptCommonForms() {
        assertEquals(Duration.ofSeconds(600), DurationConverter.parse("600s"));
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("90"));
        assertEquals(Duration.ofMinutes(10), DurationConverter.parse("10m"));
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofMinutes(10), DurationConverter.parse("PT10M"));
        assertEquals(2, run("demo", "--timeout", "soon"));
        assertTrue(err.toString().contains("'soon' is not a duration"), err.toString());
    }

    @Test
    void resetRefusesAFolderThatIsNotAStateDir(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        assertEquals(2, run("reset", "--yes", "--state-dir", dir.toString()));
        assertTrue(Files.exists(dir.resolve("precious.txt")));
        assertTrue(err.toString().contains("does not look like a PlaceBench state dir"), err.toString());
    }

    @Test
    void resetDeletesAStoppedStacksStateDir(@TempDir Path parent) throws IOException {
        Path state = parent.resolve(".placebench");
        Files.createDirectories(state.resolve("logs"));
        Files.writeString(state.resolve("logs/kafka.log"), "x");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(state.resolve("stack.properties"), "postgres-port=" + port + "\n");
        assertEquals(0, run("reset", "--yes", "--state-dir", state.toString()), err.toString());
        assertFalse(Files.exists(state));
    }

    @Test
    void resetRefusesWhileThePostgresPortListens(@TempDir Path parent) throws IOException {
        Path state = parent.resolve(".placebench");
        Files.createDirectories(state.resolve("postgres"));
        try (ServerSocket listening = new ServerSocket()) {
            listening.bind(new InetSocketAddress("127.0.0.1", 0));
            Files.writeString(state.resolve("stack.properties"), "postgres-port=" + listening.getLocalPort() + "\n");
            assertEquals(2, run("reset", "--yes", "--state-dir", state.toString()));
            assertTrue(Files.exists(state));
            assertTrue(err.toString().contains("is in use"), err.toString());
        }
    }

    @Test
    void versionAndHelp() {
        assertEquals(0, run("version"));
        assertTrue(out.toString().startsWith("placebench "), out.toString());
        assertEquals(0, run("demo", "--help"));
        assertTrue(out.toString().contains("--sim-latency-ms"));
    }
}
