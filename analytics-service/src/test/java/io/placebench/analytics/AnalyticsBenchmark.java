package io.placebench.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.RunStatus;
import io.placebench.events.ScoreComputed;
import io.placebench.analytics.service.FiguresRefresher;
import io.placebench.analytics.service.RunFiguresCache;
import io.placebench.events.ThresholdHits;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load runs of analytics-service (docs/benchmarks.md, "Analytics"); not in the default build:
 * {@code ./mvnw -B -o -pl analytics-service test -Dtest=AnalyticsBenchmark -Dplacebench.test.excludedGroups=none}.
 * Prints {@code ANALYTICS BENCHMARK ...} lines; asserts only that the work was done, never on time.
 */
@QuarkusTest
@Tag("benchmark")
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class AnalyticsBenchmark {

    static final int SCORES = Integer.getInteger("bench.scores", 20_000);
    static final int RUNS = Integer.getInteger("bench.runs", 100);
    static final int IMAGES = Integer.getInteger("bench.images", 10_000);
    static final int EVENTS = Integer.getInteger("bench.events", 200);
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper JSON_EVENTS = io.placebench.events.EventJson.newMapper();

    @Inject
    DataSource dataSource;

    @Inject
    FiguresRefresher refresher;

    @Inject
    RunFiguresCache cache;

    @TestHTTPResource("/api/stream")
    URI stream;

    /** Scores published as fast as the producer goes, until every one is stored. */
    @Test
    void projectionThroughput() throws Exception {
        String dataset = "bench-projection-" + UUID.randomUUID();
        List<ScoreComputed> scores = new ArrayList<>();
        for (int i = 0; i < SCORES; i++) {
            String run = dataset + "-run-" + (i % 4);
            scores.add(AnalyticsFlowTest.answered(run, dataset, "sim-strong", "img-" + i, 10 + i % 3000,
                    5000 * Math.exp(-(10 + i % 3000) / 1492.7), new ThresholdHits(false, i % 3000 < 15, true,
                            true, true), "0.001"));
        }
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", io.placebench.testing.TestKafka.bootstrapServers());
        props.put("linger.ms", "5");
        props.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        props.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        List<String> values = new ArrayList<>();
        for (ScoreComputed s : scores) {
            values.add(JSON_EVENTS.writeValueAsString(s));
        }
        long t0 = System.nanoTime();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props)) {
            for (int i = 0; i < scores.size(); i++) {
                ScoreComputed s = scores.get(i);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.SCORES,
                        Topics.runImageKey(s.runId(), s.imageId()), values.get(i)));
            }
            producer.flush();
        }
        double sentS = (System.nanoTime() - t0) / 1e9;
        long stored;
        do {
            Thread.sleep(200);
            stored = count("select count(*) from analytics.score where dataset_id = '" + dataset + "'");
        } while (stored < SCORES && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(20));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "ANALYTICS BENCHMARK projection: %d scores published in %.1f s, all stored "
                + "after %.1f s: %.0f scores/s%n", SCORES, sentS, s, SCORES / s);
        assertEquals(SCORES, stored);
    }

    /**
     * 100 runs x 10,000 images in one dataset, written with SQL; their figures computed in the background, then the
     * leaderboard after a restart (figures read back from the database) and again.
     */
    @Test
    void leaderboardOverAMillionRows() throws Exception {
        String dataset = "bench-million";
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("insert into analytics.run (run_id, dataset_id, provider, model, prompt_id, simulated, status,"
                    + " expected_count, created_at, updated_at, generation, scores_version)"
                    + " select 'bench-run-' || r, '" + dataset + "', 'simulator', 'model-' || r, 'imageo', true,"
                    + " 'COMPLETED', " + IMAGES + ", now(), now(), 1, " + IMAGES
                    + " from generate_series(1, " + RUNS + ") r on conflict do nothing");
            long t = System.nanoTime();
            st.execute("insert into analytics.score (run_id, image_id, dataset_id, provider, model, simulated, status,"
                    + " answered, distance_km, geoguessr_score, hit_1km, hit_25km, hit_200km, hit_750km, hit_2500km,"
                    + " cost_usd, input_tokens, output_tokens, latency_ms, scored_at, truth_country_code,"
                    + " pred_country_code, truth_continent, pred_continent, truth_region_code, pred_region_code,"
                    + " match_country, match_continent, match_region, match_city, confidence)"
                    + " select 'bench-run-' || r, 'img-' || i, '" + dataset + "', 'simulator', 'model-' || r, true,"
                    + " case when (i * r) % 17 = 0 then 'REFUSED' else 'OK' end, (i * r) % 17 <> 0, d, 5000 * exp(-d / 1492.7),"
                    + " d < 1, d < 25, d < 200, d < 750, d < 2500, 0.001, 800, 150, 900, now(),"
                    + " 'C' || (i % 60), 'C' || ((i + r) % 60), 'K' || (i % 6), 'K' || ((i + r) % 6),"
                    + " 'R' || (i % 400), 'R' || ((i * 7 + r) % 400), (i % 60) = ((i + r) % 60), (i % 6) = ((i + r) % 6),"
                    + " false, false, 1 + i % 5"
                    + " from generate_series(1, " + RUNS + ") r, generate_series(1, " + IMAGES + ") i,"
                    + " lateral (select ((i * 7919 + r * 104729) % 20000) / 3.0 as d) x on conflict do nothing");
            st.execute("analyze analytics.score");
            System.out.printf(Locale.ROOT, "ANALYTICS BENCHMARK wrote %d score rows in %.1f s%n", count(
                    "select count(*) from analytics.score where dataset_id = '" + dataset + "'"),
                    (System.nanoTime() - t) / 1e9);
        }
        // What a (re)started service does: compute the figures of runs whose scores changed, in the background
        long t = System.nanoTime();
        int queued = refresher.queueStaleRuns();
        do {
            Thread.sleep(100);
        } while (!refresher.idle());
        System.out.printf(Locale.ROOT, "ANALYTICS BENCHMARK background figures of %d runs computed in %.1f s%n", queued,
                (System.nanoTime() - t) / 1e9);
        // Then a restart: the figures are read back from the database
        cache.evictAll();
        t = System.nanoTime();
        JsonNode board = leaderboard(dataset);
        double afterRestart = (System.nanoTime() - t) / 1e6;
        assertEquals(RUNS, board.get("datasets").get(0).get("runs").size());
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            t = System.nanoTime();
            leaderboard(dataset);
            warm.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(warm);
        System.out.printf(Locale.ROOT, "ANALYTICS BENCHMARK leaderboard of %d runs x %d images: first after a restart "
                + "%.0f ms; then p50 %.0f ms, p95 %.0f ms, max %.0f ms%n", RUNS, IMAGES, afterRestart,
                warm.get(warm.size() / 2), warm.get((int) Math.ceil(warm.size() * 0.95) - 1),
                warm.get(warm.size() - 1));
        List<Double> regions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            t = System.nanoTime();
            int status = given().get("/api/runs/bench-run-" + (1 + i) + "/regions?level=country").statusCode();
            regions.add((System.nanoTime() - t) / 1e6);
            if (status != 200) {
                System.out.println("ANALYTICS BENCHMARK region table: not available (" + status + ")");
                return;
            }
        }
        Collections.sort(regions);
        System.out.printf(Locale.ROOT, "ANALYTICS BENCHMARK region table (country) of one run of %d images: p50 "
                + "%.0f ms, max %.0f ms%n", IMAGES, regions.get(regions.size() / 2), regions.get(regions.size() - 1));
    }

    /** Scores published one at a time; freshness = publication to the leaderboard event that counts it. */
    @Test
    void streamFreshness() throws Exception {
        String run = "bench-fresh-" + UUID.randomUUID();
        ConcurrentHashMap<Long, Long> arrivals = new ConcurrentHashMap<>();
        CompletableFuture<HttpResponse<Stream<String>>> connection = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(stream).build(), HttpResponse.BodyHandlers.ofLines());
        CompletableFuture.runAsync(() -> {
            String[] name = {null};
            connection.join().body().forEach(line -> {
                if (line.startsWith("event:")) {
                    name[0] = line.substring(6).trim();
                } else if (line.startsWith("data:") && "leaderboard".equals(name[0]) && line.contains(run)) {
                    try {
                        long n = JSON.readTree(line.substring(5)).get("row").get("n").asLong();
                        arrivals.putIfAbsent(n, System.nanoTime());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        });
        connection.get(30, TimeUnit.SECONDS);
        KafkaTestClient kafka = KafkaTestClient.shared();
        kafka.send(Topics.RUNS, run, AnalyticsFlowTest.runEvent(run, "bench-fresh", "sim-strong", RunStatus.RUNNING,
                EVENTS, Instant.now()));
        long[] sentAt = new long[EVENTS + 1];
        for (int i = 1; i <= EVENTS; i++) {
            ScoreComputed s = AnalyticsFlowTest.answered(run, "bench-fresh", "sim-strong", "img-" + i, 100 + i,
                    5000 * Math.exp(-(100 + i) / 1492.7), new ThresholdHits(false, false, true, true, true), "0.001");
            sentAt[i] = System.nanoTime();
            kafka.send(Topics.SCORES, Topics.runImageKey(run, s.imageId()), s);
            Thread.sleep(50);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!arrivals.containsKey((long) EVENTS) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Double> freshness = new ArrayList<>();
        long latest = Long.MAX_VALUE;
        // an event counting n covers every score up to n: each score's freshness is the first event counting it
        for (int i = EVENTS; i >= 1; i--) {
            Long at = arrivals.get((long) i);
            if (at != null) {
                latest = Math.min(latest, at);
            }
            if (latest != Long.MAX_VALUE) {
                freshness.add((latest - sentAt[i]) / 1e6);
            }
        }
        Collections.sort(freshness);
        kafka.close();
        connection.get().body().close();
        System.out.printf(Locale.ROOT, "ANALYTICS BENCHMARK stream freshness over %d scores (one every 50 ms): p50 "
                + "%.0f ms, p95 %.0f ms, max %.0f ms%n", freshness.size(), freshness.get(freshness.size() / 2),
                freshness.get((int) Math.ceil(freshness.size() * 0.95) - 1), freshness.get(freshness.size() - 1));
        assertEquals(EVENTS, freshness.size(), "every score reached the stream");
    }

    @TestHTTPResource("/api/leaderboard")
    URI leaderboardUri;

    /** With a generous timeout, in case figures not computed yet are computed by the call. */
    private JsonNode leaderboard(String dataset) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(leaderboardUri + "?dataset=" + dataset)).timeout(java.time.Duration.ofMinutes(15)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
