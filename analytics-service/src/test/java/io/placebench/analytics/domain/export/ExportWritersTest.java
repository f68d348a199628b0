package io.placebench.analytics.domain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The three export layouts, on hand-made rows: quoting, nulls, and the IMAGEO-Bench mapping. */
class ExportWritersTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Instant AT = Instant.parse("2026-11-03T10:15:30Z");

    /** An answered row whose text holds a comma, quotes and a line break, with scene and attributes. */
    static ScoreExportRow answered() {
        return new ScoreExportRow("run-1", "img-1", "ds", "simulator", "sim-strong", true, "OK", true, 2,
                48.85, 2.35, 45.76, 4.84, 392.0, 392.4, 3000.0,
                new ScoreExportRow.Hits(false, false, false, true, true),
                new ScoreExportRow.Place("EU", "FR", "France", "Île-de-France", "FR-IDF",
                        "Paris \"centre\",\nrive gauche"),
                new ScoreExportRow.Place("EU", "FR", "France", "Auvergne-Rhône-Alpes", "FR-ARA", "Lyon"),
                new ScoreExportRow.RegionMatches(true, true, false, false),
                new ScoreExportRow.TextMatches(true, false, null, true, false, null, true), 4,
                Map.of("environment", "outdoor", "setting", "urban, \"old\" town\nnear a river"),
                new BigDecimal("0.002000000"), 100, 20, 15, AT,
                new ScoreExportRow.DatasetTruth("Paris", "IDF", "France"),
                Map.of("weather", "clear, cold", "note", "say \"cheese\""));
    }

    /** A refused prediction: no point, no distance, no scene, no image event. */
    static ScoreExportRow refused() {
        return new ScoreExportRow("run-1", "img-2", "ds", "simulator", "sim-strong", true, "REFUSED", false, 1,
                10.0, 20.0, null, null, null, null, null, null,
                new ScoreExportRow.Place("AF", null, null, null, null, null), null, null, null, null, null,
                new BigDecimal("0.000500000"), 100, 5, 12, AT, null, null);
    }

    static String write(ExportFormat format, ScoreExportRow... rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ScoreRowWriter writer = format.writer(out)) {
            for (ScoreExportRow row : rows) {
                writer.write(row);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<JsonNode> lines(String body) throws IOException {
        assertTrue(body.endsWith("\n"), "every line ends with a line feed");
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : body.split("\n")) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void csvHasTheHeaderAndQuotesCommasQuotesAndLineBreaksAsRfc4180Says() throws IOException {
        String body = write(ExportFormat.CSV, answered(), refused());
        String header = body.substring(0, body.indexOf("\r\n"));
        assertEquals(String.join(",", ScoreExportRow.COLUMNS.stream().map(ScoreExportRow.Column::name).toList()),
                header);
        assertTrue(header.startsWith("run_id,image_id,dataset_id,provider,model,simulated,status,answered,"
                + "request_attempt,truth_latitude,truth_longitude,pred_latitude,pred_longitude,distance_km,"
                + "geodesic_km,geoguessr_score,hit_1km,"), header);
        assertTrue(header.endsWith(",cost_usd,input_tokens,output_tokens,latency_ms,scored_at,dataset_truth_city,"
                + "dataset_truth_admin1,dataset_truth_country,attributes"), header);

        // by hand: a field with a comma, a quote or a line break is quoted, its quotes doubled
        assertTrue(body.contains(",\"{\"\"environment\"\":\"\"outdoor\"\",\"\"setting\"\":\"\"urban, \\\"\"old\\\"\""
                + " town\\nnear a river\"\"}\","), body);
        assertTrue(body.contains(",\"{\"\"note\"\":\"\"say \\\"\"cheese\\\"\"\"\",\"\"weather\"\":\"\"clear, cold\"\"}\""
                + "\r\n"), body);
        assertTrue(body.contains(",\"Paris \"\"centre\"\",\nrive gauche\","), "a raw line break stays inside quotes");
        assertTrue(body.endsWith("\r\n"));

        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body))) {
            records = parser.getRecords();
        }
        assertEquals(2, records.size());
        CSVRecord a = records.get(0);
        assertEquals(ScoreExportRow.COLUMNS.size(), a.size());
        assertEquals("run-1", a.get("run_id"));
        assertEquals("true", a.get("simulated"));
        assertEquals("2", a.get("request_attempt"));
        assertEquals("392.4", a.get("geodesic_km"));
        assertEquals("false", a.get("hit_1km"));
        assertEquals("true", a.get("hit_750km"));
        assertEquals("Auvergne-Rhône-Alpes", a.get("pred_region"));
        assertEquals("Paris \"centre\",\nrive gauche", a.get("truth_city"));
        assertEquals("false", a.get("match_region"));
        assertEquals("", a.get("text_state"), "null match: empty");
        assertEquals("4", a.get("confidence"));
        assertEquals("0.002", a.get("cost_usd"), "money plain, trailing zeros stripped");
        assertEquals("2026-11-03T10:15:30Z", a.get("scored_at"));
        assertEquals("IDF", a.get("dataset_truth_admin1"));
        assertEquals(Map.of("environment", "outdoor", "setting", "urban, \"old\" town\nnear a river"),
                JSON.readValue(a.get("scene"), Map.class), "scene is JSON text that parses back");
        assertEquals("clear, cold", JSON.readTree(a.get("attributes")).get("weather").asText());

        CSVRecord r = records.get(1);
        assertEquals("REFUSED", r.get("status"));
        assertEquals("false", r.get("answered"));
        for (String empty : List.of("pred_latitude", "pred_longitude", "distance_km", "geodesic_km",
                "geoguessr_score", "confidence", "scene", "attributes", "match_city", "dataset_truth_city",
                "truth_country")) {
            assertEquals("", r.get(empty), empty + " is empty when missing");
        }
        assertEquals("AF", r.get("truth_continent"));
        assertEquals("0.0005", r.get("cost_usd"));
        // and not a quoted "" (an empty quoted field would read the same but is not what we write)
        assertFalse(body.substring(body.indexOf("img-2")).contains("\"\""), body);
    }

    @Test
    void jsonlHasTheCsvColumnsAsFieldsAndNullsNeverEmptyStrings() throws IOException {
        String body = write(ExportFormat.JSONL, answered(), refused());
        List<JsonNode> rows = lines(body);
        assertEquals(2, rows.size());
        JsonNode a = rows.get(0);
        List<String> names = new ArrayList<>();
        a.fieldNames().forEachRemaining(names::add);
        assertEquals(ScoreExportRow.COLUMNS.stream().map(ScoreExportRow.Column::name).toList(), names);
        assertTrue(a.get("simulated").isBoolean());
        assertEquals(2, a.get("request_attempt").intValue());
        assertEquals(45.76, a.get("pred_latitude").doubleValue());
        assertTrue(a.get("distance_km").isNumber());
        assertEquals(0, new BigDecimal("0.002").compareTo(a.get("cost_usd").decimalValue()));
        assertTrue(body.contains("\"cost_usd\":0.002,"), "plain money");
        assertTrue(a.get("scene").isObject(), "scene is an object");
        assertEquals("urban, \"old\" town\nnear a river", a.get("scene").get("setting").asText());
        assertEquals("clear, cold", a.get("attributes").get("weather").asText());
        assertTrue(a.get("text_state").isNull());
        assertEquals(100, a.get("input_tokens").longValue());
        assertEquals("2026-11-03T10:15:30Z", a.get("scored_at").asText());

        JsonNode r = rows.get(1);
        for (String missing : List.of("pred_latitude", "pred_longitude", "distance_km", "geodesic_km",
                "geoguessr_score", "confidence", "scene", "attributes", "match_city", "text_answered",
                "dataset_truth_city", "truth_country")) {
            assertTrue(r.get(missing).isNull(), missing + " is null, not \"\": " + r);
        }
        assertFalse(r.get("hit_2500km").booleanValue());
        assertFalse(body.split("\n")[1].contains("\"\""), "no empty strings in the refused row");
    }

    @Test
    void nonFiniteNumbersAreMissing() throws IOException {
        ScoreExportRow a = answered();
        ScoreExportRow nan = new ScoreExportRow(a.runId(), a.imageId(), a.datasetId(), a.provider(), a.model(),
                a.simulated(), a.status(), a.answered(), a.requestAttempt(), a.truthLatitude(), a.truthLongitude(),
                a.predLatitude(), a.predLongitude(), Double.NaN, Double.POSITIVE_INFINITY, a.geoguessrScore(),
                a.hits(), a.truth(), a.pred(), a.matches(), a.text(), a.confidence(), a.scene(), a.costUsd(),
                a.inputTokens(), a.outputTokens(), a.latencyMs(), a.scoredAt(), a.datasetTruth(), a.attributes());
        JsonNode row = lines(write(ExportFormat.JSONL, nan)).get(0);
        assertTrue(row.get("distance_km").isNull());
        assertTrue(row.get("geodesic_km").isNull());
        assertEquals(null, CsvWriter.text(Double.NaN));
    }

    @Test
    void imageoLinesFollowImageoBenchsResultLayout() throws IOException {
        List<JsonNode> rows = lines(write(ExportFormat.IMAGEO, answered(), refused()));
        JsonNode a = rows.get(0);
        List<String> names = new ArrayList<>();
        a.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("image_file", "provider", "model_used", "raw_response", "location_info", "error",
                "usage_info", "true_latitude", "true_longitude", "true_city", "true_state", "true_country",
                "distance_km", "placebench"), names);
        assertEquals("img-1", a.get("image_file").asText());
        assertEquals("simulator", a.get("provider").asText());
        assertEquals("sim-strong", a.get("model_used").asText());
        assertTrue(a.get("raw_response").isNull(), "no model text in analytics");
        assertTrue(a.get("error").isNull());

        JsonNode info = a.get("location_info");
        assertEquals("outdoor", info.get("image_information").get("environment").asText());
        assertTrue(info.get("reasoning").isNull());
        JsonNode geo = info.get("reverse_geocoding");
        assertEquals(4, geo.get("confidence").intValue());
        assertTrue(geo.get("address").get("street").isNull());
        assertEquals("Lyon", geo.get("address").get("city").asText(), "the geocoded predicted point");
        assertEquals("Auvergne-Rhône-Alpes", geo.get("address").get("state").asText());
        assertEquals("France", geo.get("address").get("country").asText());
        assertEquals(45.76, geo.get("coordinates").get("latitude").doubleValue());
        assertEquals(4.84, geo.get("coordinates").get("longitude").doubleValue());

        JsonNode usage = a.get("usage_info");
        assertEquals(100, usage.get("input_tokens").longValue());
        assertEquals(20, usage.get("output_tokens").longValue());
        assertEquals(120, usage.get("total_tokens").longValue(), "100 + 20");
        assertEquals(0, new BigDecimal("0.002").compareTo(usage.get("cost_usd").decimalValue()));
        assertEquals("sim-strong", usage.get("model").asText());

        assertEquals(48.85, a.get("true_latitude").doubleValue());
        assertEquals(2.35, a.get("true_longitude").doubleValue());
        assertEquals("Paris", a.get("true_city").asText());
        assertEquals("IDF", a.get("true_state").asText());
        assertEquals("France", a.get("true_country").asText());
        assertEquals(392.0, a.get("distance_km").doubleValue());
        JsonNode ours = a.get("placebench");
        assertEquals("run-1", ours.get("run_id").asText());
        assertEquals("OK", ours.get("status").asText());
        assertTrue(ours.get("simulated").booleanValue());
        assertEquals(3000.0, ours.get("geoguessr_score").doubleValue());
        assertEquals("reverse_geocoded_coordinates", ours.get("address_from").asText());

        JsonNode r = rows.get(1);
        assertEquals("img-2", r.get("image_file").asText());
        assertTrue(r.get("location_info").isNull(), "a failed prediction has no location_info");
        assertEquals("REFUSED", r.get("error").asText());
        assertEquals(105, r.get("usage_info").get("total_tokens").longValue());
        assertTrue(r.get("distance_km").isNull());
        assertTrue(r.get("true_city").isNull(), "no images event seen: no dataset labels");
        assertEquals(10.0, r.get("true_latitude").doubleValue());
        assertFalse(r.get("placebench").get("answered").booleanValue());
    }

    @Test
    void formatsParseWithJsonlAsDefaultAndNameTheirFiles() {
        assertEquals(Optional.of(ExportFormat.JSONL), ExportFormat.parse(null));
        assertEquals(Optional.of(ExportFormat.CSV), ExportFormat.parse("csv"));
        assertEquals(Optional.of(ExportFormat.CSV), ExportFormat.parse(" CSV "));
        assertEquals(Optional.of(ExportFormat.IMAGEO), ExportFormat.parse("imageo"));
        assertEquals(Optional.empty(), ExportFormat.parse("xml"));
        assertEquals(Optional.empty(), ExportFormat.parse(""));
        assertEquals("csv, jsonl or imageo", ExportFormat.choices());
        assertEquals("text/csv; charset=utf-8", ExportFormat.CSV.mediaType());
        assertEquals("application/x-ndjson", ExportFormat.JSONL.mediaType());
        assertEquals("application/x-ndjson", ExportFormat.IMAGEO.mediaType());
        assertEquals("run-1.csv", ExportFormat.CSV.fileName("run-1"));
        assertEquals("run-1.jsonl", ExportFormat.JSONL.fileName("run-1"));
        assertEquals("run-1.imageo.jsonl", ExportFormat.IMAGEO.fileName("run-1"));
        assertEquals("a_b__c_d.csv", ExportFormat.CSV.fileName("a\"b/\\c d"));
    }
}
