package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.EventJson;
import io.placebench.events.ScoreComputed;
import io.placebench.events.Topics;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole platform, end to end: {@code placebench demo --json} on free random ports with the packaged
 * services (real PostgreSQL, real Kafka, the simulator). While the stack still runs, checks that every image
 * was scored exactly once per run (scoring and analytics tables, the {@code scores} topic) and that the
 * leaderboard's figures are what the scored rows say. Needs the services packaged
 * ({@code ./mvnw install -DskipTests} or the reactor build, which orders them before the cli).
 */
class DemoEndToEndIT {

    private static final int IMAGES = 200;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void demoScoresEveryImageOnceAndTheLeaderboardAddsUp(@TempDir Path tmp) throws Throwable {
        int[] p = freePorts(8);
        DemoCommand demo = new DemoCommand();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean verified = new AtomicBoolean();
        demo.afterLeaderboard = outcome -> {
            try {
                verify(outcome);
                verified.set(true);
            } catch (Throwable t) {
                failure.set(t);
            }
        };
        CommandLine commandLine = PlaceBench.configure(new CommandLine(demo));
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        Path state = tmp.resolve("state");

        int exitCode = commandLine.execute("--json", "--images", Integer.toString(IMAGES),
                "--sim-latency-ms", "20", "--timeout", "900s", "--ready-timeout", "300s",
                "--state-dir", state.toString(),
                "--ingest-port", Integer.toString(p[0]), "--inference-port", Integer.toString(p[1]),
                "--scoring-port", Integer.toString(p[2]), "--analytics-port", Integer.toString(p[3]),
                "--simulator-port", Integer.toString(p[4]), "--kafka-port", Integer.toString(p[5]),
                "--kafka-controller-port", Integer.toString(p[6]), "--postgres-port", Integer.toString(p[7]));

        if (failure.get() != null) {
            throw failure.get();
        }
        assertEquals(0, exitCode, "demo exit code (its stderr is above)");
        assertTrue(verified.get(), "the checks ran while the stack was up");

        // --json: stdout is exactly the leaderboard JSON
        JsonNode printed = json.readTree(out.toString());
        JsonNode runs = demoRuns(printed);
        assertEquals(2, runs.size());
        assertFalse(Files.exists(state), "the demo deletes its state dir when it succeeds");
    }

    private void verify(DemoOutcome outcome) throws Exception {
        assertEquals(IMAGES, outcome.images());
        assertEquals(2, outcome.runIds().size());
        JsonNode leaderboardRuns = demoRuns(outcome.leaderboard());
        assertEquals(2, leaderboardRuns.size(), "both runs on the leaderboard");
        assertEquals(2, outcome.biasLines().size(), "a bias line per model: " + outcome.biasLines());
        outcome.biasLines().forEach(line -> assertTrue(line.contains("acc@25km by continent"), line));

        try (Connection db = DriverManager.getConnection(outcome.stack().jdbcUrl(), "postgres", "postgres")) {
            for (String runId : outcome.runIds()) {
                for (String table : List.of("scoring.score", "analytics.score")) {
                    try (PreparedStatement s = db.prepareStatement(
                            "select count(*), count(distinct image_id) from " + table + " where run_id = ?")) {
                        s.setString(1, runId);
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            assertEquals(IMAGES, rs.getLong(1), table + " rows of run " + runId);
                            assertEquals(IMAGES, rs.getLong(2), table + " distinct images of run " + runId);
                        }
                    }
                }
                JsonNode row = findRun(leaderboardRuns, runId);
                assertNotNull(row, "run " + runId + " on the leaderboard");
                assertLeaderboardMatches(row, scoringRows(db, runId), runId);
            }
        }

        assertEachScoreEventOnce(outcome);
        assertIngestWritesNeedTheDemosToken(outcome);
        DeployMetrics.assertEveryMetricExists(outcome.stack(), Path.of("..").toAbsolutePath().normalize());

        // the leaderboard is sorted by mean score, and the strong simulated model beats the weak one
        assertEquals("sim-strong", leaderboardRuns.get(0).path("model").asText());
        assertTrue(leaderboardRuns.get(0).path("simulated").asBoolean());
        assertTrue(leaderboardRuns.get(0).path("meanScore").asDouble()
                >= leaderboardRuns.get(1).path("meanScore").asDouble());
    }

    /** The demo's stack is protected like `up`'s: the demo imported and ran with its token; a write without one is refused. */
    private static void assertIngestWritesNeedTheDemosToken(DemoOutcome outcome) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(outcome.stack().ingestUrl() + "/api/datasets"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"intruder\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode(), "a write without the token: " + response.body());
        assertNotNull(outcome.stack().config().ingestTokenHash(), "ingest was started with the token's hash");
    }

    private record ScoreRow(boolean answered, Double distanceKm, Double score, boolean hit1, boolean hit25,
                            boolean hit200, boolean hit750, boolean hit2500, BigDecimal cost) {
    }

    private static List<ScoreRow> scoringRows(Connection db, String runId) throws SQLException {
        List<ScoreRow> rows = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("select answered, distance_km, geoguessr_score, hit_1km, "
                + "hit_25km, hit_200km, hit_750km, hit_2500km, cost_usd from scoring.score where run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ScoreRow(rs.getBoolean(1), (Double) rs.getObject(2), (Double) rs.getObject(3),
                            rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8),
                            rs.getBigDecimal(9)));
                }
            }
        }
        return rows;
    }

    /** Recomputes the leaderboard figures from the scoring rows (definitions in the brief / analytics). */
    private static void assertLeaderboardMatches(JsonNode row, List<ScoreRow> rows, String runId) {
        long n = rows.size();
        List<Double> distances = new ArrayList<>();
        double scoreSum = 0;
        long[] hits = new long[5];
        BigDecimal cost = BigDecimal.ZERO;
        for (ScoreRow r : rows) {
            cost = cost.add(r.cost());
            if (r.answered()) {
                assertNotNull(r.distanceKm(), "an answered row has a distance");
                distances.add(r.distanceKm());
            }
            scoreSum += r.score() == null ? 0 : r.score();
            hits[0] += r.hit1() ? 1 : 0;
            hits[1] += r.hit25() ? 1 : 0;
            hits[2] += r.hit200() ? 1 : 0;
            hits[3] += r.hit750() ? 1 : 0;
            hits[4] += r.hit2500() ? 1 : 0;
        }
        String where = "run " + runId + " ";
        assertEquals(n, row.path("n").asLong(), where + "n");
        assertEquals(distances.size(), row.path("answered").asLong(), where + "answered");
        assertTrue(distances.size() > 0, where + "answered some");
        double mean = distances.stream().mapToDouble(Double::doubleValue).sum() / distances.size();
        double[] sorted = distances.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        close(mean, row.path("meanErrorKm"), where + "meanErrorKm");
        close(median, row.path("medianErrorKm"), where + "medianErrorKm");
        String[] fields = {"acc1km", "acc25km", "acc200km", "acc750km", "acc2500km"};
        for (int i = 0; i < fields.length; i++) {
            close((double) hits[i] / n, row.path(fields[i]), where + fields[i]);
        }
        close(scoreSum / n, row.path("meanScore"), where + "meanScore");
        close(cost.doubleValue(), row.path("costUsd"), where + "costUsd");
        // the leaderboard JSON carries 95% intervals around its figures
        for (String figure : List.of("acc25km", "meanErrorKm", "medianErrorKm", "meanScore")) {
            JsonNode ci = row.path("ci").path(figure);
            assertEquals(2, ci.size(), where + "ci." + figure + " is [low, high]: " + row.path("ci"));
            assertTrue(ci.get(0).doubleValue() <= row.path(figure).doubleValue()
                    && row.path(figure).doubleValue() <= ci.get(1).doubleValue(), where + "ci." + figure + " " + ci
                    + " holds " + row.path(figure));
        }
    }

    /** Equal within 1e-9 (relative to the magnitude when above 1: sums of hundreds of km differ in the last bits). */
    private static void close(double expected, JsonNode actual, String what) {
        assertTrue(actual.isNumber(), what + " is a number: " + actual);
        assertEquals(expected, actual.asDouble(), 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    /** Reads the whole scores topic: each (run, image) of the demo carries exactly one distinct event id. */
    private static void assertEachScoreEventOnce(DemoOutcome outcome) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, outcome.stack().kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        ObjectMapper events = EventJson.newMapper();
        Map<String, Set<String>> eventIds = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SCORES, Duration.ofSeconds(30)).stream()
                    .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "read the scores topic to its end");
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    ScoreComputed score = parse(events, record.value());
                    if (score != null && outcome.runIds().contains(score.runId())) {
                        eventIds.computeIfAbsent(score.runId() + "/" + score.imageId(), k -> new HashSet<>())
                                .add(score.eventId());
                    }
                }
            }
        }
        for (String runId : outcome.runIds()) {
            long images = eventIds.keySet().stream().filter(k -> k.startsWith(runId + "/")).count();
            assertEquals(IMAGES, images, "scores events of run " + runId + " cover every image");
        }
        eventIds.forEach((key, ids) -> assertEquals(1, ids.size(), "distinct score event ids for " + key + ": " + ids));
    }

    private static ScoreComputed parse(ObjectMapper events, String value) {
        try {
            return events.readValue(value, ScoreComputed.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode demoRuns(JsonNode leaderboard) {
        for (JsonNode dataset : leaderboard.path("datasets")) {
            if (DemoCommand.DATASET.equals(dataset.path("datasetId").asText())) {
                return dataset.path("runs");
            }
        }
        throw new AssertionError("no dataset 'demo' on the leaderboard: " + leaderboard);
    }

    private static JsonNode findRun(JsonNode runs, String runId) {
        for (JsonNode run : runs) {
            if (runId.equals(run.path("runId").asText())) {
                return run;
            }
        }
        return null;
    }

    /** Distinct free ports, all held open together while chosen. */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
