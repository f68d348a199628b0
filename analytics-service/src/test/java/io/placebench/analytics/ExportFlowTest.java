package io.placebench.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.GeoPlace;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.events.PredictionStatus;
import io.placebench.events.RegionMatches;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.ScoreComputed;
import io.placebench.events.TextMatches;
import io.placebench.events.ThresholdHits;
import io.placebench.events.TokenUsage;
import io.placebench.events.Topics;
import io.placebench.testing.KafkaTestClient;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/runs/{runId}/scores} against real Kafka and PostgreSQL: the three formats, errors, 5,000 rows. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ExportFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static KafkaTestClient kafka;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static Response export(String runId, String format) {
        var request = given();
        if (format != null) {
            request = request.queryParam("format", format);
        }
        return request.get("/api/runs/" + runId + "/scores");
    }

    static Response ok(String runId, String format) {
        Response response = export(runId, format);
        assertEquals(200, response.statusCode(), response::asString);
        return response;
    }

    static List<JsonNode> jsonLines(String body) throws IOException {
        assertTrue(body.isEmpty() || body.endsWith("\n"), "lines end with a line feed");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    static List<CSVRecord> csv(String body) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body))) {
            return parser.getRecords();
        }
    }

    @Test
    void exportsEveryScoreOfARunAsCsvJsonlAndImageo() throws IOException {
        String dataset = "ds-export-" + UUID.randomUUID();
        String run = "run-export-" + UUID.randomUUID();
        kafka.send(Topics.RUNS, run, new RunChanged(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset,
                "simulator", "sim-strong", "imageo", Map.of(), true, RunStatus.RUNNING, 3, null, null));
        kafka.send(Topics.IMAGES, "img-a", new ImageIngested(UUID.randomUUID().toString(), 1, Instant.now(), dataset,
                "img-a", "a".repeat(64), "image/jpeg", 10, "http://x",
                new GroundTruth(48.85, 2.35, "Paris", "Île-de-France", "France"),
                Map.of("weather", "clear, cold", "note", "say \"cheese\"")));
        GeoPlace paris = new GeoPlace("EU", "FR", "FRA", "France", "Île-de-France", "FR-IDF", 2988507L, "Paris",
                2138551L, 1.2, "INSIDE", 0.0);
        GeoPlace lyon = new GeoPlace("EU", "FR", "FRA", "France", "Auvergne-Rhône-Alpes", "FR-ARA", 2996944L, "Lyon",
                472317L, 0.4, "INSIDE", 0.0);
        send(new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, "img-a", "simulator",
                "sim-strong", true, PredictionStatus.OK, true, 48.85, 2.35, 45.76, 4.84, 392.0, 3000.0,
                new ThresholdHits(false, false, false, true, true), new BigDecimal("0.002"),
                new TokenUsage(100, 20, 0, 0, 85), 15, 392.4, paris, lyon, new RegionMatches(true, true, false, false),
                new TextMatches(true, false, false, true, false, false, true), 1, 4,
                Map.of("environment", "outdoor", "setting", "urban, \"old\"\ntown")));
        send(new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, "img-b", "simulator",
                "sim-strong", true, PredictionStatus.REFUSED, false, 10.0, 20.0, null, null, null, null,
                ThresholdHits.NONE, new BigDecimal("0.0005"), new TokenUsage(100, 5, 0, 0, 85), 12));
        send(new ScoreComputed(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset, "img-c", "simulator",
                "sim-strong", true, PredictionStatus.OK, true, 0, 0, 0.1, 0.1, 15.7, 4947.6,
                new ThresholdHits(false, true, true, true, true), new BigDecimal("0.001"),
                new TokenUsage(90, 10, 0, 0, 85), 9));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Response progress = given().get("/api/runs/" + run);
            assertEquals(200, progress.statusCode(), progress::asString);
            assertEquals(3, progress.jsonPath().getLong("scored"));
            try (Connection c = dataSource.getConnection(); var q = c.prepareStatement(
                    "select count(*) from analytics.image where dataset_id = ?")) {
                q.setString(1, dataset);
                try (var rs = q.executeQuery()) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "the images event is stored");
                }
            }
        });

        // CSV
        Response csvResponse = ok(run, "csv");
        assertEquals("text/csv;charset=utf-8", csvResponse.getContentType().replace(" ", "").toLowerCase());
        assertEquals("attachment; filename=\"" + run + ".csv\"", csvResponse.getHeader("Content-Disposition"));
        String csvBody = csvResponse.asString();
        assertTrue(csvBody.startsWith("run_id,image_id,dataset_id,provider,model,simulated,status,answered,"), csvBody);
        List<CSVRecord> rows = csv(csvBody);
        assertEquals(List.of("img-a", "img-b", "img-c"), rows.stream().map(r -> r.get("image_id")).toList());
        CSVRecord a = rows.get(0);
        assertEquals(run, a.get("run_id"));
        assertEquals(dataset, a.get("dataset_id"));
        assertEquals("OK", a.get("status"));
        assertEquals("392.4", a.get("geodesic_km"));
        assertEquals("Lyon", a.get("pred_city"));
        assertEquals("true", a.get("match_country"));
        assertEquals("false", a.get("match_region"));
        assertEquals("true", a.get("text_country_globe"));
        assertEquals("4", a.get("confidence"));
        assertEquals("0.002", a.get("cost_usd"));
        assertEquals("Île-de-France", a.get("dataset_truth_admin1"));
        assertEquals("urban, \"old\"\ntown", JSON.readTree(a.get("scene")).get("setting").asText());
        assertEquals("say \"cheese\"", JSON.readTree(a.get("attributes")).get("note").asText());
        assertTrue(csvBody.contains(",\"{\"\"note\"\":\"\"say \\\"\"cheese\\\"\"\"\",\"\"weather\"\":\"\"clear, cold\"\"}\""),
                "JSON text quoted as RFC 4180 says: " + csvBody);
        CSVRecord b = rows.get(1);
        assertEquals("REFUSED", b.get("status"));
        for (String empty : List.of("pred_latitude", "distance_km", "geoguessr_score", "confidence", "scene",
                "attributes", "match_city", "text_answered")) {
            assertEquals("", b.get(empty), empty);
        }
        assertEquals("10.0", b.get("truth_latitude"));
        assertEquals("0.0005", b.get("cost_usd"));
        assertEquals("", rows.get(2).get("geodesic_km"), "older producer: no geodesic distance");
        assertEquals("15.7", rows.get(2).get("distance_km"));

        // JSON Lines, the default
        Response jsonlResponse = ok(run, null);
        assertEquals("application/x-ndjson", jsonlResponse.getContentType());
        assertEquals("attachment; filename=\"" + run + ".jsonl\"", jsonlResponse.getHeader("Content-Disposition"));
        List<JsonNode> lines = jsonLines(jsonlResponse.asString());
        assertEquals(3, lines.size());
        assertEquals(jsonLines(ok(run, "jsonl").asString()), lines, "format=jsonl is the default");
        JsonNode ja = lines.get(0);
        assertEquals("img-a", ja.get("image_id").asText());
        assertEquals("outdoor", ja.get("scene").get("environment").asText());
        assertEquals("clear, cold", ja.get("attributes").get("weather").asText());
        assertEquals(45.76, ja.get("pred_latitude").doubleValue());
        assertEquals(0.002, ja.get("cost_usd").doubleValue());
        assertTrue(ja.get("scored_at").asText().endsWith("Z"));
        JsonNode jb = lines.get(1);
        for (String missing : List.of("pred_latitude", "distance_km", "geoguessr_score", "confidence", "scene",
                "attributes", "match_city", "dataset_truth_city")) {
            assertTrue(jb.get(missing).isNull(), missing + " is null: " + jb);
        }
        assertFalse(jb.get("answered").booleanValue());
        assertTrue(lines.get(2).get("geodesic_km").isNull());

        // IMAGEO-Bench layout
        Response imageoResponse = ok(run, "imageo");
        assertEquals("application/x-ndjson", imageoResponse.getContentType());
        assertEquals("attachment; filename=\"" + run + ".imageo.jsonl\"",
                imageoResponse.getHeader("Content-Disposition"));
        List<JsonNode> imageo = jsonLines(imageoResponse.asString());
        assertEquals(3, imageo.size());
        JsonNode ia = imageo.get(0);
        assertEquals("img-a", ia.get("image_file").asText());
        assertEquals("sim-strong", ia.get("model_used").asText());
        JsonNode geo = ia.get("location_info").get("reverse_geocoding");
        assertEquals(4, geo.get("confidence").intValue());
        assertEquals("Lyon", geo.get("address").get("city").asText());
        assertEquals(4.84, geo.get("coordinates").get("longitude").doubleValue());
        assertEquals("outdoor", ia.get("location_info").get("image_information").get("environment").asText());
        assertEquals(120, ia.get("usage_info").get("total_tokens").longValue());
        assertEquals("Paris", ia.get("true_city").asText());
        assertEquals("Île-de-France", ia.get("true_state").asText());
        assertEquals(392.0, ia.get("distance_km").doubleValue());
        JsonNode ib = imageo.get(1);
        assertEquals("REFUSED", ib.get("error").asText());
        assertTrue(ib.get("location_info").isNull());
        assertTrue(ib.get("true_city").isNull(), "no images event for img-b");
    }

    @Test
    void unknownFormatIs400AndUnknownRunIs404() {
        Response bad = export("whatever", "xml");
        assertEquals(400, bad.statusCode());
        assertEquals("format must be csv, jsonl or imageo", bad.jsonPath().getString("error"));
        assertEquals("format", bad.jsonPath().getString("details[0].field"));
        assertEquals("xml", bad.jsonPath().getString("details[0].value"));

        Response blank = export("whatever", " ");
        assertEquals(400, blank.statusCode(), "a blank format is not a format");

        Response unknown = export("no-such-run-" + UUID.randomUUID(), "csv");
        assertEquals(404, unknown.statusCode());
        assertEquals("run not found", unknown.jsonPath().getString("error"));
        assertTrue(unknown.jsonPath().getString("details[0].value").startsWith("no-such-run"));
    }

    @Test
    void fiveThousandRowsStreamOut() throws Exception {
        String run = "run-big-" + UUID.randomUUID();
        String dataset = "ds-big-" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insertRun = c.prepareStatement("insert into analytics.run (run_id, dataset_id,"
                    + " provider, model, simulated, status, expected_count, created_at, updated_at)"
                    + " values (?, ?, 'simulator', 'sim-weak', true, 'COMPLETED', 5000, now(), now())")) {
                insertRun.setString(1, run);
                insertRun.setString(2, dataset);
                insertRun.executeUpdate();
            }
            try (PreparedStatement insertScores = c.prepareStatement("insert into analytics.score (run_id, image_id,"
                    + " dataset_id, provider, model, simulated, status, answered, distance_km, geoguessr_score,"
                    + " hit_1km, hit_25km, hit_200km, hit_750km, hit_2500km, cost_usd, input_tokens, output_tokens,"
                    + " latency_ms, scored_at, truth_latitude, truth_longitude, pred_latitude, pred_longitude, scene)"
                    + " select ?, 'img-' || lpad(g::text, 5, '0'), ?, 'simulator', 'sim-weak', true, 'OK', true, g,"
                    + " 5000 * exp(-g / 1492.7), false, g < 25, g < 200, g < 750, g < 2500, 0.001, 100, 20, 10,"
                    + " now(), 0, 0, 1, 1, '{\"environment\": \"outdoor\", \"setting\": \"urban, old\"}'::jsonb"
                    + " from generate_series(1, 5000) g")) {
                insertScores.setString(1, run);
                insertScores.setString(2, dataset);
                assertEquals(5000, insertScores.executeUpdate());
            }
        }

        Response streamed = ok(run, "jsonl");
        assertEquals("chunked", streamed.getHeader("Transfer-Encoding"), "written as it goes, not as one buffer");
        assertEquals(null, streamed.getHeader("Content-Length"));
        String jsonl = streamed.asString();
        String[] lines = jsonl.split("\n");
        assertEquals(5000, lines.length);
        assertEquals("img-00001", JSON.readTree(lines[0]).get("image_id").asText());
        assertEquals("img-05000", JSON.readTree(lines[4999]).get("image_id").asText());
        assertEquals(5000.0, JSON.readTree(lines[4999]).get("distance_km").doubleValue());

        String csvBody = ok(run, "csv").asString();
        assertEquals(5001, csvBody.split("\r\n").length, "header + 5,000 rows");
        List<CSVRecord> records = csv(csvBody);
        assertEquals(5000, records.size());
        assertEquals("{\"environment\":\"outdoor\",\"setting\":\"urban, old\"}", records.get(4999).get("scene"));

        assertEquals(5000, ok(run, "imageo").asString().split("\n").length);
    }

    static void send(ScoreComputed score) {
        kafka.send(Topics.SCORES, Topics.runImageKey(score.runId(), score.imageId()), score);
    }
}
