package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.cli.client.PlaceBenchClient;
import io.placebench.cli.client.TokenFile;
import io.placebench.cli.demo.DemoDataset;
import io.placebench.cli.dlq.DeadLetterQueues;
import io.placebench.cli.stack.LocalStack;
import io.placebench.cli.stack.PlaceBenchHome;
import io.placebench.cli.stack.Ports;
import io.placebench.cli.stack.RestartPolicy;
import io.placebench.cli.stack.StackConfig;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The chaos test of issue 8: the whole local stack (real PostgreSQL, a KRaft broker, the simulator and the four
 * packaged services as supervised child processes) runs two runs on different providers, one of them rate limited,
 * while it is hit by every fault the run engine promises to survive:
 * <ol>
 *   <li>inference-service killed with SIGKILL (the supervisor restarts it; its leases run out and are taken over);</li>
 *   <li>PostgreSQL stopped and started again;</li>
 *   <li>the whole stack stopped gracefully and started again on the same state dir;</li>
 *   <li>the broker stopped for longer than the producers' delivery timeout (lowered to 15 s for this stack).</li>
 * </ol>
 * The rate-limited run paces the test: it is still in progress at each fault (checked), whatever the machine's
 * speed, because the stack's restarts stop its dispatch too.
 * Then: both runs are COMPLETED; every (run, image) is scored exactly once in {@code scoring.score} and
 * {@code analytics.score}; the simulator's request log (mapped to (run, image, attempt) through the ledger's
 * {@code sent_sha256} and model) shows no request paid more than once except those whose call was in flight when
 * inference was killed, each at most twice; and every dead-letter topic is empty. Prints the figures (calls,
 * takeovers, time per phase) for {@code docs/reliability.md}. Never asserts on wall time: every wait is an await
 * with a generous limit.
 */
class ChaosIT {

    private static final int IMAGES = 120;
    private static final long SEED = 8;
    private static final long SIM_LATENCY_MS = 150;
    /** The rate-limited run: inference's own bucket for simulator-gemini (the simulator itself has no limit). */
    private static final String LIMITED_PROVIDER = "simulator-gemini";
    private static final String LIMITED_MODEL = "sim-strong";
    private static final int LIMITED_RPM = 60;
    private static final String OTHER_PROVIDER = "simulator";
    private static final String OTHER_MODEL = "sim-weak";
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration BROKER_DOWN = Duration.ofSeconds(20);
    private static final Duration POSTGRES_DOWN = Duration.ofSeconds(5);
    private static final String INFERENCE = "inference-service";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final PrintWriter progress =
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    private final Map<String, Double> phases = new LinkedHashMap<>();
    /** The simulator's request log, gathered across its restart with the stack. */
    private final List<JsonNode> simulatorCalls = new ArrayList<>();
    /** What the system looked like at each fault, for the summary. */
    private final List<String> notes = new ArrayList<>();

    private LocalStack stack;
    private String jdbcUrl;

    @Test
    void runsSurviveKillsRestartsAndOutagesWithoutLossOrDoublePayment() throws Exception {
        assertTrue(DELIVERY_TIMEOUT.compareTo(BROKER_DOWN) < 0, "the broker stays down longer than the timeout");
        Path work = Path.of("target", "chaos-it").toAbsolutePath();
        ResetCommand.deleteRecursively(work);
        Path state = work.resolve("state");
        Path dataset = work.resolve("dataset");
        Files.createDirectories(state);
        DemoDataset.generate(dataset, IMAGES, SEED);

        int[] p = DemoEndToEndIT.freePorts(8);
        Ports ports = new Ports(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
        TokenFile.Token token = TokenFile.ensure(state);
        Path home = snapshotOfTheBuild(PlaceBenchHome.resolve(), work.resolve("home"));
        StackConfig config = new StackConfig(home, state, ports, SIM_LATENCY_MS,
                Duration.ofSeconds(300), token.sha256Hex())
                .withRestartPolicy(RestartPolicy.DEFAULT)
                // producers give up on a record after 15 s (request timeout below it, as Kafka requires)
                .withServiceProperties(StackConfig.ALL_SERVICES, Map.of(
                        "kafka.delivery.timeout.ms", Long.toString(DELIVERY_TIMEOUT.toMillis()),
                        "kafka.request.timeout.ms", "10000"))
                .withServiceProperties("ingest-service", Map.of(
                        "placebench.runs.resend-after", "PT45S",
                        "placebench.runs.watchdog-every", "PT5S"))
                .withServiceProperties(INFERENCE, Map.of(
                        "placebench.dispatch.lease", LEASE.toSeconds() + "s",
                        "placebench.providers." + LIMITED_PROVIDER + ".rpm", Integer.toString(LIMITED_RPM),
                        // the unlimited run takes a while too, so that the kill finds both runs in flight
                        "placebench.providers." + OTHER_PROVIDER + ".max-concurrency", "2"));

        boolean passed = false;
        long t0 = System.nanoTime();
        try {
            long t = System.nanoTime();
            stack = new LocalStack(config, progress);
            jdbcUrl = stack.jdbcUrl();
            stack.start();
            phase("start the stack", t);

            PlaceBenchClient client = new PlaceBenchClient(stack.ingestUrl(), stack.inferenceUrl(),
                    stack.analyticsUrl(), token.value(), "the test's token file", Duration.ofMinutes(2));
            t = System.nanoTime();
            client.createDataset("chaos", "Chaos", "ChaosIT's demo images");
            JsonNode report = client.importFolder("chaos", dataset.toString(), DemoDataset.MANIFEST);
            assertEquals(IMAGES, report.path("accepted").asLong(), "imported: " + report);
            String limited = client.createRun("chaos", LIMITED_PROVIDER, LIMITED_MODEL, "imageo").path("id").asText();
            String other = client.createRun("chaos", OTHER_PROVIDER, OTHER_MODEL, "imageo").path("id").asText();
            assertTrue(!limited.isEmpty() && !other.isEmpty(), "both runs created");
            List<String> runs = List.of(limited, other);
            say("runs: " + LIMITED_PROVIDER + "/" + LIMITED_MODEL + " (" + LIMITED_RPM + " rpm) " + limited + ", "
                    + OTHER_PROVIDER + "/" + OTHER_MODEL + " " + other);
            phase("import and start two runs", t);

            // ---- 1. SIGKILL inference while both runs have calls in flight
            t = System.nanoTime();
            await("both runs answered some images and calls are in flight", Duration.ofMinutes(5), () ->
                    answered(limited) >= 5 && answered(other) >= 5 && inFlight().size() >= 1);
            long victim = stack.pidOf(INFERENCE).orElseThrow();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // SIGKILL
            await("inference (pid " + victim + ") is dead", Duration.ofSeconds(30),
                    () -> ProcessHandle.of(victim).map(h -> !h.isAlive()).orElse(true));
            // nothing else writes the ledger: its IN_FLIGHT rows are the leases the dead worker held
            Set<String> inFlightAtKill = inFlight();
            note("at the kill: answered limited " + answered(limited) + "/" + IMAGES + ", other "
                    + answered(other) + "/" + IMAGES + "; leases held " + inFlightAtKill.size());
            await("inference restarted by the supervisor and ready", Duration.ofMinutes(5), () -> {
                OptionalLong pid = stack.pidOf(INFERENCE);
                return pid.isPresent() && pid.getAsLong() != victim && ready(stack.inferenceUrl());
            });
            long afterRestart = answered(limited);
            await("the limited run moves on after the kill", Duration.ofMinutes(3),
                    () -> answered(limited) >= Math.min(IMAGES, afterRestart + 2));
            phase("kill -9 inference until it dispatches again", t);

            // ---- 2. PostgreSQL restart
            t = System.nanoTime();
            long beforePg = answered(limited);
            note("at the PostgreSQL restart: answered limited " + beforePg + "/" + IMAGES + ", other "
                    + answered(other) + "/" + IMAGES + ", leased " + inFlight().size());
            stack.stopPart(LocalStack.POSTGRES);
            sleep(POSTGRES_DOWN);
            stack.startPart(LocalStack.POSTGRES);
            await("the limited run moves on after the PostgreSQL restart", Duration.ofMinutes(3),
                    () -> answered(limited) >= Math.min(IMAGES, beforePg + 2));
            phase("restart PostgreSQL (down " + POSTGRES_DOWN.toSeconds() + " s)", t);

            // ---- 3. graceful stop and start of the whole stack on the same state dir
            t = System.nanoTime();
            long atStop = answered(limited);
            note("at the graceful stop: answered limited " + atStop + "/" + IMAGES + ", other "
                    + answered(other) + "/" + IMAGES + ", leased " + inFlight().size());
            assertTrue(atStop < IMAGES, "the graceful stop finds the limited run in progress");
            stack.onServicesStopped(() -> {
                simulatorCalls.addAll(requestLog());
                try {
                    note("leases left once the services stopped: " + inFlight().size());
                } catch (SQLException e) {
                    note("leases left once the services stopped: unknown (" + e.getMessage() + ")");
                }
            });
            stack.stop();
            assertTrue(simulatorCalls.size() > 0, "the simulator's log was read before it stopped");
            stack = new LocalStack(config, progress);
            stack.start();
            phase("graceful stop and start", t);

            // ---- 4. the broker down for longer than the producers' delivery timeout
            t = System.nanoTime();
            long scoredBeforeBroker = scoredRows("scoring.score", runs);
            long answeredBeforeBroker = answered(limited);
            assertTrue(answeredBeforeBroker < IMAGES, "the broker goes down while the limited run is in progress");
            stack.stopPart(LocalStack.KAFKA);
            long answeredAtBrokerStop = answered(limited);
            sleep(BROKER_DOWN);
            long answeredDuringOutage = answered(limited) - answeredAtBrokerStop;
            stack.startPart(LocalStack.KAFKA);
            note("broker outage: answered limited " + answeredBeforeBroker + " before, "
                    + answeredDuringOutage + " while it was down (their predictions waited in the outbox)");
            await("scores flow again after the broker came back", Duration.ofMinutes(5),
                    () -> scoredRows("scoring.score", runs) > scoredBeforeBroker);
            phase("broker down " + BROKER_DOWN.toSeconds() + " s until scores flow", t);

            // ---- the outcome
            t = System.nanoTime();
            PlaceBenchClient after = new PlaceBenchClient(stack.ingestUrl(), stack.inferenceUrl(),
                    stack.analyticsUrl(), token.value(), "the test's token file", Duration.ofMinutes(2));
            for (String run : runs) {
                await("run " + run + " COMPLETED", Duration.ofMinutes(10),
                        () -> "COMPLETED".equals(after.run(run).path("status").asText()));
            }
            phase("until both runs COMPLETED", t);
            t = System.nanoTime();
            for (String table : List.of("scoring.score", "analytics.score")) {
                await(table + " has every image of both runs", Duration.ofMinutes(3),
                        () -> scoredRows(table, runs) >= 2L * IMAGES);
            }
            // the consumers may still be redelivering after the restarts: give duplicates a moment to show
            sleep(Duration.ofSeconds(5));
            phase("until scored", t);

            simulatorCalls.addAll(requestLog());
            Payments payments = payments(runs, inFlightAtKill);
            Map<String, Long> deadLetters = deadLetters();
            Set<String> takenOver = takenOver();
            printSummary(inFlightAtKill.size(), payments, deadLetters, runs, (System.nanoTime() - t0) / 1e9);

            assertAll(
                    () -> assertScoredExactlyOnce(runs),
                    () -> assertLedgerComplete(runs),
                    () -> assertTrue(takenOver.containsAll(inFlightAtKill),
                            "every lease the killed worker held was taken over"),
                    () -> assertEquals(List.of(), payments.unmapped(), "simulator calls that match no ledger row"),
                    () -> assertEquals(Map.of(), payments.overpaid(), "(run/image/attempt) paid more than once "
                            + "(twice for a call in flight at the kill): simulator calls at"),
                    () -> assertTrue(payments.extra() <= inFlightAtKill.size(), "extra paid calls "
                            + payments.extra() + " <= leases held at the kill " + inFlightAtKill.size()),
                    () -> assertEquals(Map.of(), withRecords(deadLetters), "dead-letter topics with records"));
            passed = true;
        } finally {
            if (stack != null) {
                stack.stop();
            }
            if (passed) {
                ResetCommand.deleteRecursively(work);
            } else {
                progress.println("ChaosIT: state dir and logs kept in " + state + " (logs/)");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ assertions

    private void assertScoredExactlyOnce(List<String> runs) throws SQLException {
        try (Connection db = db()) {
            for (String run : runs) {
                for (String table : List.of("scoring.score", "analytics.score")) {
                    try (PreparedStatement s = db.prepareStatement(
                            "select count(*), count(distinct image_id) from " + table + " where run_id = ?")) {
                        s.setString(1, run);
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            assertEquals(IMAGES, rs.getLong(1), table + " rows of run " + run);
                            assertEquals(IMAGES, rs.getLong(2), table + " distinct images of run " + run);
                        }
                    }
                }
            }
        }
    }

    /** One ledger row per (run, image), none still queued or leased. */
    private void assertLedgerComplete(List<String> runs) throws SQLException {
        try (Connection db = db()) {
            for (String run : runs) {
                try (PreparedStatement s = db.prepareStatement("select count(*), count(distinct image_id), "
                        + "count(*) filter (where status in ('QUEUED', 'IN_FLIGHT')) from inference.ledger "
                        + "where run_id = ?")) {
                    s.setString(1, run);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        assertEquals(IMAGES, rs.getLong(2), "ledger: distinct images of run " + run);
                        assertEquals(IMAGES, rs.getLong(1), "ledger: rows (attempts) of run " + run);
                        assertEquals(0, rs.getLong(3), "ledger: rows of run " + run + " still queued or leased");
                    }
                }
            }
        }
    }

    /**
     * What the simulator was paid for: its answered calls (HTTP 200) by (model, image sha256), mapped to ledger
     * rows by model and {@code sent_sha256}. Each row may be paid once; a row whose call was in flight when
     * inference was killed may be paid twice.
     */
    record Payments(int calls, int paid, Map<Integer, Integer> byStatus, Map<String, Integer> byModel, long extra,
                    Map<String, List<String>> overpaid, List<String> unmapped, int rows, int takeoverRows,
                    int takeovers) {
    }

    private Payments payments(List<String> runs, Set<String> inFlightAtKill) throws SQLException {
        Map<String, List<String>> rowsBySent = new HashMap<>();
        int rows = 0;
        int takeoverRows = 0;
        int takeovers = 0;
        try (Connection db = db();
             PreparedStatement s = db.prepareStatement("select run_id, image_id, attempt, model, sent_sha256, "
                     + "takeovers from inference.ledger where run_id = any (?)")) {
            s.setArray(1, db.createArrayOf("text", runs.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    String key = rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3);
                    rowsBySent.computeIfAbsent(rs.getString(4) + "|" + rs.getString(5), k -> new ArrayList<>())
                            .add(key);
                    if (rs.getInt(6) > 0) {
                        takeoverRows++;
                        takeovers += rs.getInt(6);
                    }
                }
            }
        }
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byModel = new TreeMap<>();
        Map<String, Integer> paidBySent = new HashMap<>();
        Map<String, List<String>> timesBySent = new HashMap<>();
        List<String> unmapped = new ArrayList<>();
        int paid = 0;
        for (JsonNode call : simulatorCalls) {
            int status = call.path("status").asInt();
            byStatus.merge(status, 1, Integer::sum);
            byModel.merge(call.path("api").asText() + "/" + call.path("model").asText(), 1, Integer::sum);
            if (status != 200) {
                continue;
            }
            paid++;
            String sent = call.path("model").asText() + "|" + call.path("image_sha256").asText();
            if (!rowsBySent.containsKey(sent)) {
                unmapped.add(call.toString());
            }
            paidBySent.merge(sent, 1, Integer::sum);
            timesBySent.computeIfAbsent(sent, k -> new ArrayList<>()).add(call.path("time").asText());
        }
        long extra = 0;
        Map<String, List<String>> overpaid = new TreeMap<>();
        for (Map.Entry<String, Integer> e : paidBySent.entrySet()) {
            List<String> keys = rowsBySent.getOrDefault(e.getKey(), List.of());
            long allowed = keys.size() + keys.stream().filter(inFlightAtKill::contains).count();
            extra += Math.max(0, e.getValue() - keys.size());
            if (e.getValue() > allowed) {
                overpaid.put(String.join(",", keys) + " (" + e.getKey() + ")", timesBySent.get(e.getKey()));
            }
        }
        return new Payments(simulatorCalls.size(), paid, byStatus, byModel, extra, overpaid, unmapped, rows,
                takeoverRows, takeovers);
    }

    /** The most calls of {@code model} the simulator received within any 60 s. */
    private int peakPerMinute(String model) {
        List<java.time.Instant> times = simulatorCalls.stream().filter(c -> model.equals(c.path("model").asText()))
                .map(c -> java.time.Instant.parse(c.path("time").asText())).sorted().toList();
        int peak = 0;
        int from = 0;
        for (int i = 0; i < times.size(); i++) {
            while (Duration.between(times.get(from), times.get(i)).toMillis() >= 60_000) {
                from++;
            }
            peak = Math.max(peak, i - from + 1);
        }
        return peak;
    }

    private static Map<String, Long> withRecords(Map<String, Long> pending) {
        Map<String, Long> nonEmpty = new TreeMap<>(pending);
        nonEmpty.values().removeIf(n -> n == 0);
        return nonEmpty;
    }

    /** Records pending in every dead-letter topic (none replayed: the state is fresh). */
    private Map<String, Long> deadLetters() {
        Map<String, Long> pending = new TreeMap<>();
        try (DeadLetterQueues dlq = new DeadLetterQueues(stack.kafkaBootstrap(), DeadLetterQueues.GROUP)) {
            for (DeadLetterQueues.TopicState topic : dlq.states(null)) {
                pending.put(topic.topic(), topic.pending());
            }
        }
        return pending;
    }

    private void printSummary(int leasesAtKill, Payments payments, Map<String, Long> deadLetters, List<String> runs,
            double totalSeconds) {
        StringBuilder sb = new StringBuilder("\n==== ChaosIT summary ====\n");
        sb.append(String.format(Locale.ROOT, "images %d x 2 runs (%s/%s at %d rpm, %s/%s), simulator latency %d ms%n",
                IMAGES, LIMITED_PROVIDER, LIMITED_MODEL, LIMITED_RPM, OTHER_PROVIDER, OTHER_MODEL, SIM_LATENCY_MS));
        sb.append(String.format(Locale.ROOT, "lease %d s, producers' delivery timeout %d s, broker down %d s, "
                        + "PostgreSQL down %d s%n", LEASE.toSeconds(), DELIVERY_TIMEOUT.toSeconds(),
                BROKER_DOWN.toSeconds(), POSTGRES_DOWN.toSeconds()));
        notes.forEach(n -> sb.append(n).append('\n'));
        sb.append("phases:\n");
        phases.forEach((name, s) -> sb.append(String.format(Locale.ROOT, "  %-40s %6.1f s%n", name, s)));
        sb.append(String.format(Locale.ROOT, "  %-40s %6.1f s%n", "total", totalSeconds));
        sb.append(String.format(Locale.ROOT, "simulator calls %d (by status %s, by api/model %s), paid %d for %d "
                        + "ledger rows; extra paid %d (allowed: %d leases held at the kill)%n", payments.calls(),
                payments.byStatus(), payments.byModel(), payments.paid(), payments.rows(), payments.extra(),
                leasesAtKill));
        sb.append(String.format(Locale.ROOT, "ledger rows taken over %d (takeovers %d)%n", payments.takeoverRows(),
                payments.takeovers()));
        sb.append(String.format(Locale.ROOT, "peak calls of the limited model in any 60 s: %d (limit %d rpm)%n",
                peakPerMinute(LIMITED_MODEL), LIMITED_RPM));
        sb.append("dead-letter topics (pending): ").append(deadLetters.isEmpty() ? "none exist" : deadLetters)
                .append('\n');
        sb.append("runs: ").append(runs).append('\n');
        sb.append("==========================");
        System.out.println(sb);
        System.out.flush();
    }

    // ------------------------------------------------------------------------------------------ probes

    /** Ledger rows of the run that have an outcome (neither queued nor leased). */
    private long answered(String runId) throws SQLException {
        return count("select count(*) from inference.ledger where run_id = ? and status not in ('QUEUED', "
                + "'IN_FLIGHT')", runId);
    }

    private Set<String> inFlight() throws SQLException {
        return keys("select run_id, image_id, attempt from inference.ledger where status = 'IN_FLIGHT'");
    }

    private Set<String> takenOver() throws SQLException {
        return keys("select run_id, image_id, attempt from inference.ledger where takeovers > 0");
    }

    private long scoredRows(String table, List<String> runs) throws SQLException {
        try (Connection db = db();
             PreparedStatement s = db.prepareStatement("select count(*) from " + table + " where run_id = any (?)")) {
            s.setArray(1, db.createArrayOf("text", runs.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long count(String sql, String arg) throws SQLException {
        try (Connection db = db(); PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Set<String> keys(String sql) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (Connection db = db(); PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                keys.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3));
            }
        }
        return keys;
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, LocalStack.DB_USER, LocalStack.DB_PASSWORD);
    }

    private boolean ready(String baseUrl) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The simulator's request log ({@code GET /_sim/requests}). */
    private List<JsonNode> requestLog() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(stack.simulatorUrl() + "/_sim/requests")).timeout(Duration.ofSeconds(30)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            List<JsonNode> calls = new ArrayList<>();
            json.readTree(response.body()).path("data").forEach(calls::add);
            return calls;
        } catch (IOException e) {
            throw new IllegalStateException("the simulator's request log: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * Copies what the stack runs (the services' {@code quarkus-app}, the simulator's jar, the broker's classpath) to
     * {@code to}: a module rebuilt in the same checkout while the test runs (other work goes on beside it) would
     * otherwise pull jars from under a running or restarting service.
     */
    private static Path snapshotOfTheBuild(Path home, Path to) throws IOException {
        LocalStack.requireBuilt(home);
        List<String> parts = new ArrayList<>();
        for (String service : LocalStack.SERVICES) {
            parts.add(service + "/target/quarkus-app");
        }
        parts.add("llm-simulator/target/llm-simulator.jar");
        parts.add("llm-simulator/target/lib"); // the jar's manifest Class-Path
        parts.add("cli/target/lib");
        for (String part : parts) {
            Path source = home.resolve(part);
            Path target = to.resolve(part);
            try (var paths = Files.walk(source)) {
                for (Path file : paths.toList()) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.createDirectories(copy.getParent());
                        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        LocalStack.requireBuilt(to);
        return to;
    }

    /** Polls {@code condition} every 250 ms; exceptions (a database restarting) count as "not yet". */
    private void await(String what, Duration limit, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                fail("not within " + limit.toSeconds() + " s: " + what + (last == null ? "" : " (last error: " + last
                        + ")") + "; logs in " + stack.config().logsDir());
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private void phase(String name, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        phases.put(name, seconds);
        say(String.format(Locale.ROOT, "phase done: %s (%.1f s)", name, seconds));
    }

    /** A line for the summary, with the time (UTC) to find it in the services' logs. */
    private void note(String line) {
        String stamped = java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0) + " " + line;
        notes.add(stamped);
        say(stamped);
    }

    private void say(String line) {
        progress.println("ChaosIT: " + line);
        progress.flush();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
