package io.placebench.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.events.InferenceRequested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.TestKafka;
import io.placebench.testing.TestPostgres;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Shared limits across replicas (docs/benchmarks.md, "Inference"): three inference-service processes (the built
 * runner, {@code target/quarkus-app/quarkus-run.jar}) on one Kafka and one PostgreSQL, against one llm-simulator
 * process that allows 600 requests per minute (2 s mean latency). One run of {@code multi-replica.images}
 * (600 in the build, 1,200 for the benchmark) requests; when a quarter of them are answered two replicas are stopped
 * with SIGTERM, when 55 % are answered they are started again (3 -> 1 -> 3). The triggers are counts of answers, not
 * times.
 *
 * <p>Runs in {@code ./mvnw verify} (failsafe, after the runner is packaged). The benchmark:
 * {@code ./mvnw -B -o -pl inference-service verify -Dit.test=MultiReplicaIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmulti-replica.images=1200}. Results go to the console
 * ({@code MULTI-REPLICA RESULT}) and {@code target/multi-replica-results.json}; replica logs to
 * {@code target/replica-N.log} (a restarted replica appends to its log). Asserted: every request gets exactly
 * one prediction (one event id per image), none is lost to a 429, and the simulator answered no image twice beyond
 * the calls a stopping replica interrupted when its drain timeout ran out; the rate is recorded, not asserted.
 */
class MultiReplicaIT {

    static final int IMAGES = Integer.getInteger("multi-replica.images", 600);
    static final int REPLICAS = 3;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final Map<Integer, Process> replicas = new TreeMap<>();
    final Map<Integer, Integer> ports = new HashMap<>();
    Map<String, String> serviceConfig;

    @Test
    void threeReplicasShareOneLimitAndLoseNothingWhenScaled() throws Exception {
        Path runner = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(runner), "the runner is packaged before failsafe runs: " + runner);
        String bootstrap = TestKafka.bootstrapServers();
        TestPostgres.Jdbc jdbc = TestPostgres.jdbc();
        LoadSimulatorResource simulator = new LoadSimulatorResource();
        Map<String, String> simConfig = simulator.start();
        String simRoot = simConfig.get("placebench.providers.loadsim.base-url").replace("/v1", "");
        serviceConfig = new HashMap<>(simConfig);
        serviceConfig.remove("quarkus.log.category.\"io.placebench\".level");
        serviceConfig.put("kafka.bootstrap.servers", bootstrap);
        serviceConfig.put("quarkus.datasource.jdbc.url", jdbc.url());
        serviceConfig.put("quarkus.datasource.username", jdbc.user());
        serviceConfig.put("quarkus.datasource.password", jdbc.password());
        List<String> scaling = new ArrayList<>();
        KafkaTestClient kafka = KafkaTestClient.shared();
        DispatchTestSupport support = new DispatchTestSupport();
        try {
            for (int i = 1; i <= REPLICAS; i++) {
                Files.deleteIfExists(Path.of("target", "replica-" + i + ".log")); // a restart appends to it
                start(i, runner);
            }
            for (int i = 1; i <= REPLICAS; i++) {
                awaitReady(i);
            }
            // warm-up (not measured): creates the predictions topic and settles the consumer group
            String warmRun = "warmup-" + UUID.randomUUID();
            support.send(support.run(warmRun, 1, "loadsim", "sim-strong", 640, 480));
            assertEquals(1, kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(warmRun), 1,
                    Duration.ofMinutes(3)).size(), "warm-up prediction");
            HTTP.send(HttpRequest.newBuilder(URI.create(simRoot + "/_sim/requests")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());

            String run = "replicas-" + UUID.randomUUID();
            // made before the clock starts; sent asynchronously (then flushed), so sending is never the bottleneck
            List<InferenceRequested> requests = support.run(run, IMAGES, "loadsim", "sim-strong", 640, 480);
            Instant t0 = Instant.now();
            support.send(requests);
            scaling.add(stamp(t0) + " all " + IMAGES + " requests sent, " + answered(run) + " answered");
            // 3 -> 1 at a quarter, 1 -> 3 at 55 %, by answers stored
            boolean scaledIn = false;
            boolean scaledOut = false;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
            while (Instant.now().isBefore(deadline)) {
                int answered = answered(run);
                if (!scaledIn && answered >= IMAGES / 4) {
                    scaledIn = true;
                    scaling.add(stamp(t0) + " " + answered + " answered: SIGTERM replicas 2 and 3");
                    replicas.get(2).destroy();
                    replicas.get(3).destroy();
                    for (int i : List.of(2, 3)) {
                        long t = System.nanoTime();
                        boolean exited = replicas.get(i).waitFor(60, TimeUnit.SECONDS);
                        scaling.add(stamp(t0) + " replica " + i + (exited ? " exited " + replicas.get(i).exitValue()
                                + " after " + (System.nanoTime() - t) / 1_000_000 + " ms" : " still running after 60 s"));
                    }
                    scaling.add(stamp(t0) + " " + answered(run) + " answered with one replica left");
                } else if (scaledIn && !scaledOut && answered >= IMAGES * 55 / 100) {
                    scaledOut = true;
                    scaling.add(stamp(t0) + " " + answered + " answered: starting replicas 2 and 3 again");
                    start(2, runner);
                    start(3, runner);
                } else if (answered >= IMAGES) {
                    break;
                }
                Thread.sleep(250);
            }
            kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(run), IMAGES,
                    Duration.ofMinutes(5));
            double wallS = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
            // a few more seconds for duplicates (a republished event) to show
            List<PredictionMade> predictions = kafka.readAll(Topics.PREDICTIONS, PredictionMade.class, p -> p.runId().equals(run),
                    Integer.MAX_VALUE, Duration.ofSeconds(5));

            Map<String, List<String>> eventIds = new HashMap<>();
            predictions.forEach(p -> eventIds.computeIfAbsent(p.imageId(), k -> new ArrayList<>()).add(p.eventId()));
            long imagesWithTwoAnswers = eventIds.values().stream().filter(ids -> ids.stream().distinct().count() > 1)
                    .count();
            long republished = eventIds.values().stream().mapToLong(ids -> ids.size() - ids.stream().distinct().count())
                    .sum();
            long ok = eventIds.keySet().stream().filter(img -> predictions.stream().anyMatch(p -> p.imageId().equals(img)
                    && p.status() == PredictionStatus.OK)).count();
            long lostTo429 = predictions.stream().filter(p -> Integer.valueOf(429).equals(p.httpStatus())).count();

            JsonNode log = DispatchTestSupport.JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(simRoot
                    + "/_sim/requests")).build(), HttpResponse.BodyHandlers.ofString()).body()).get("data");
            List<Instant> answeredAt = new ArrayList<>();
            Map<String, Integer> okPerSentImage = new HashMap<>();
            int rateLimited = 0;
            for (JsonNode e : log) {
                int status = e.get("status").asInt();
                if (status == 200) {
                    answeredAt.add(Instant.parse(e.get("time").asText()));
                    okPerSentImage.merge(e.path("image_sha256").asText(), 1, Integer::sum);
                } else if (status == 429) {
                    rateLimited++;
                }
            }
            answeredAt.sort(null);
            long paidTwice = okPerSentImage.values().stream().filter(n -> n > 1).count();
            Instant first = answeredAt.get(0);
            Instant last = answeredAt.get(answeredAt.size() - 1);
            double spanMin = Duration.between(first, last).toMillis() / 60000.0;
            double sustained = (answeredAt.size() - 1) / spanMin;
            Instant from = first.plusSeconds(30);
            Instant to = last.minusSeconds(30);
            long middle = answeredAt.stream().filter(t -> !t.isBefore(from) && !t.isAfter(to)).count();
            double steady = middle / (Duration.between(from, to).toMillis() / 60000.0);
            // 200 answers in each 30 s window from the first, as requests per minute
            ArrayNode windows = DispatchTestSupport.JSON.createArrayNode();
            for (Instant w = first; w.isBefore(last); w = w.plusSeconds(30)) {
                Instant start = w;
                Instant end = w.plusSeconds(30);
                long n = answeredAt.stream().filter(t -> !t.isBefore(start) && t.isBefore(end)).count();
                double len = Math.min(30_000, Duration.between(start, last).toMillis() + 1) / 60000.0;
                windows.add(round(n / len));
            }
            long interrupted = interruptedCalls();
            long takeovers = sum("select coalesce(sum(takeovers), 0) from inference.ledger where run_id = ?", run);
            long rows = sum("select count(*) from inference.ledger where run_id = ?", run);

            ObjectNode result = DispatchTestSupport.JSON.createObjectNode();
            result.put("images", IMAGES);
            result.put("replicas", REPLICAS);
            result.put("ledgerRows", rows);
            result.put("imagesWithAPrediction", eventIds.size());
            result.put("ok", ok);
            result.put("imagesWithTwoDifferentPredictions", imagesWithTwoAnswers);
            result.put("republishedSameEvent", republished);
            result.put("lostTo429", lostTo429);
            result.put("simulator200s", answeredAt.size());
            result.put("simulator429s", rateLimited);
            result.put("imagesAnsweredTwiceBySimulator", paidTwice);
            result.put("callsInterruptedByAStop", interrupted);
            result.put("takeovers", takeovers);
            result.put("rpmLimit", LoadSimulatorResource.RPM);
            result.put("wallSeconds", round(wallS));
            result.put("sustainedRpm", round(sustained));
            result.put("sustainedShareOfLimit", round(sustained / LoadSimulatorResource.RPM));
            result.put("steadyStateRpm", round(steady));
            result.set("rpmPer30s", windows);
            ArrayNode events = result.putArray("scaling");
            scaling.forEach(events::add);
            result.put("cores", Runtime.getRuntime().availableProcessors());
            System.out.println("MULTI-REPLICA RESULT " + result.toPrettyString());
            Files.writeString(Path.of("target", "multi-replica-results.json"), result.toPrettyString());

            assertTrue(scaledIn && scaledOut, "scaled 3 -> 1 -> 3: " + scaling);
            assertEquals(IMAGES, eventIds.size(), "every image has its prediction");
            assertEquals(0, imagesWithTwoAnswers, "exactly one prediction per image (a re-send keeps its event id)");
            assertEquals(IMAGES, rows, "one ledger row per image");
            assertEquals(0, lostTo429, "no image is lost to a 429");
            assertEquals(IMAGES, ok, "sim-strong always answers");
            // a stop pays twice at most the calls it interrupted once its drain timeout ran out
            assertTrue(paidTwice <= interrupted, paidTwice + " images paid twice, " + interrupted
                    + " calls interrupted by a stop");
        } finally {
            for (Process p : replicas.values()) {
                p.destroy();
            }
            for (Process p : replicas.values()) {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            support.close();
            simulator.stop();
            kafka.close();
        }
    }

    private void start(int replica, Path runner) throws Exception {
        int port = ports.computeIfAbsent(replica, r -> freePort());
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-Xmx384m");
        command.add("-Dquarkus.http.port=" + port);
        serviceConfig.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(runner.toString());
        File log = Path.of("target", "replica-" + replica + ".log").toFile();
        replicas.put(replica, new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start());
    }

    private void awaitReady(int replica) throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + ports.get(replica) + "/q/health/ready");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            assertTrue(replicas.get(replica).isAlive(), "replica " + replica + " died; see target/replica-"
                    + replica + ".log");
            try {
                if (HTTP.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("replica " + replica + " not ready after 3 minutes");
    }

    /** Calls the stopping replicas interrupted after their drain timeout (their "calls still running" lines). */
    private static long interruptedCalls() throws Exception {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("(\\d+) calls still running after");
        long n = 0;
        for (int i = 1; i <= REPLICAS; i++) {
            Path log = Path.of("target", "replica-" + i + ".log");
            if (Files.exists(log)) {
                for (String l : Files.readAllLines(log)) {
                    java.util.regex.Matcher m = line.matcher(l);
                    if (m.find()) {
                        n += Long.parseLong(m.group(1));
                    }
                }
            }
        }
        return n;
    }

    private static int answered(String run) throws Exception {
        return (int) sum("select count(*) from inference.ledger where run_id = ? and event_json is not null", run);
    }

    private static long sum(String sql, String run) throws Exception {
        try (Connection c = DispatchTestSupport.db(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, run);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stamp(Instant t0) {
        return String.format("t+%.1fs", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
