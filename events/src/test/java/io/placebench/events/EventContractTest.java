package io.placebench.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventContractTest {

    private static final ObjectMapper JSON = EventJson.newMapper();
    private static final Instant AT = Instant.parse("2026-11-22T10:15:30.123Z");

    static Stream<Arguments> samples() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("temperature", 0.0);
        params.put("max_tokens", 800);
        TokenUsage usage = new TokenUsage(1117, 380, 64, 0, 765);
        ThresholdHits hits = new ThresholdHits(false, true, true, true, true);
        return Stream.of(
                Arguments.of("images", new ImageIngested("e1", 1, AT, "demo", "img-001",
                        "a".repeat(64), "image/jpeg", 12345, "http://localhost:8081/api/blobs/" + "a".repeat(64),
                        new GroundTruth(48.8584, 2.2945, "Paris", "Île-de-France", "FR"),
                        Map.of("scene", "urban", "weather", "clear"))),
                Arguments.of("images", new ImageIngested("e1b", 1, AT, "demo", "img-002",
                        "b".repeat(64), "image/png", 1, "http://x/b", new GroundTruth(-33.9, 151.2, null, null, null),
                        Map.of())),
                Arguments.of("inference-requests", new InferenceRequested("e2", 1, AT, "run-1", "demo", "img-001",
                        "a".repeat(64), "image/jpeg", "http://localhost:8081/api/blobs/x", "simulator", "sim-strong",
                        "imageo", params)),
                Arguments.of("inference-requests", new InferenceRequested("e2b", 1, AT, "run-1", "demo", "img-001",
                        "a".repeat(64), "image/jpeg", "http://localhost:8081/api/blobs/x", "openai", "gpt-4o",
                        "imageo", params, 2, null, 4L)),
                Arguments.of("inference-requests", new InferenceRequested("e2c", 1, AT, "run-imp", "imageo-d3",
                        "NCCDRMEMDBWOYSPVWZAWPZNMUFMXOV", null, null, null, "openai", "gpt-4.1", "imageo",
                        Map.of("imported", true), 1, new ImportedResult("dataset3_gpt-4.1.jsonl#1",
                        "{\"reverse_geocoding\":{}}", null, null, new TokenUsage(1710, 256, 0, 0, 0),
                        new BigDecimal("0.005468"), null))),
                Arguments.of("inference-requests", new InferenceRequested("e2d", 1, AT, "run-imp", "imageo-d3",
                        "img-9", null, null, null, "openai", "gpt-4.1", "imageo", Map.of(), null,
                        new ImportedResult("dataset3_gpt-4.1.jsonl#9", null, "Request timed out",
                                PredictionStatus.TIMEOUT, TokenUsage.NONE, BigDecimal.ZERO, null))),
                Arguments.of("images", new ImageIngested("e1c", 1, AT, "imageo-d3", "img-9", null, null, 0, null,
                        new GroundTruth(45.8388, -84.7209, "Mackinaw City", "MI", "USA"), Map.of("street", "x"))),
                Arguments.of("predictions", new PredictionMade("e3", 1, AT, "run-1", "demo", "img-001", "simulator",
                        "sim-strong", "imageo", "9f2c", true, PredictionStatus.OK,
                        new GeoAnswer(48.86, 2.29, new Address("Champ de Mars", "Paris", "Île-de-France", "France"), 4),
                        "{\"reverse_geocoding\":{}}", null, null, usage, new BigDecimal("0.00123"), 2140, 1)),
                Arguments.of("predictions", new PredictionMade("e3b", 1, AT, "run-1", "demo", "img-002", "openai",
                        "gpt-4o", "imageo", "9f2c", false, PredictionStatus.API_ERROR, null, "{\"error\":{}}",
                        "rate_limit_exceeded", 429, TokenUsage.NONE, BigDecimal.ZERO, 0, 3)),
                Arguments.of("predictions", new PredictionMade("e3c", 1, AT, "run-1", "demo", "img-003",
                        "anthropic", "claude-sonnet-4-5", "imageo", "9f2c", false, PredictionStatus.API_ERROR, null,
                        "{\"type\":\"error\"}", "HTTP 529 type=overloaded_error: Overloaded", 529,
                        new TokenUsage(2095, 503, 1200, 0, 1049, 300), new BigDecimal("0.0093"), 812, 3,
                        "overloaded_error")),
                Arguments.of("predictions", new PredictionMade("e3d", 1, AT, "run-1", "demo", "img-004",
                        "simulator", "sim-strong", "imageo", "9f2c", true, PredictionStatus.OK,
                        new GeoAnswer(1.0, 2.0, null, 3), "{}", null, null, usage, new BigDecimal("0.001"), 900, 1,
                        null, 2)),
                Arguments.of("scores", new ScoreComputed("e4", 1, AT, "run-1", "demo", "img-001", "simulator",
                        "sim-strong", true, PredictionStatus.OK, true, 48.8584, 2.2945, 48.86, 2.29, 0.37,
                        4998.7, new ThresholdHits(true, true, true, true, true), new BigDecimal("0.00123"), usage,
                        2140)),
                Arguments.of("scores", new ScoreComputed("e4b", 1, AT, "run-1", "demo", "img-002", "openai",
                        "gpt-4o", false, PredictionStatus.REFUSED, false, -33.9, 151.2, null, null, null, null,
                        ThresholdHits.NONE, BigDecimal.ZERO, TokenUsage.NONE, 0)),
                Arguments.of("scores", new ScoreComputed("e4c", 1, AT, "run-1", "demo", "img-001", "simulator",
                        "sim-strong", true, PredictionStatus.OK, true, 48.8584, 2.2945, 51.5074, -0.1278, 340.4,
                        3971.2, new ThresholdHits(false, false, false, true, true), new BigDecimal("0.00123"), usage,
                        2140, 341.2,
                        new GeoPlace("EU", "FR", "FRA", "France", "Île-de-France", "FR-IDF", 2988507L, "Paris",
                                2138551L, 4.2, "INSIDE", 0.0),
                        new GeoPlace("EU", "GB", "GBR", "United Kingdom", "England", "GB-ENG", 2643743L, "London",
                                8961989L, 0.1, "INSIDE", 0.0),
                        new RegionMatches(true, false, false, false),
                        new TextMatches(true, false, false, false, false, false, false))),
                Arguments.of("scores", new ScoreComputed("e4d", 1, AT, "run-1", "demo", "img-003", "openai",
                        "gpt-4o", false, PredictionStatus.PARSE_FAILED, false, 0.0, 0.0, null, null, null, null,
                        ThresholdHits.NONE, BigDecimal.ZERO, TokenUsage.NONE, 0, null,
                        new GeoPlace(null, null, null, null, null, null, null, null, null, null, "NONE", null),
                        null, new RegionMatches(null, null, null, null),
                        new TextMatches(false, false, null, false, false, null, false))),
                Arguments.of("runs", new RunChanged("e5", 1, AT, "run-1", "demo", "simulator", "sim-strong",
                        "imageo", params, true, RunStatus.RUNNING, 240, null, 3L)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void roundTripsAndMatchesItsSchema(String schemaName, Record event) throws Exception {
        String json = JSON.writeValueAsString(event);
        Object back = JSON.readValue(json, event.getClass());
        assertEquals(event, back, "round trip of " + event.getClass().getSimpleName());

        Set<ValidationMessage> errors = schema(schemaName).validate(JSON.readTree(json));
        assertTrue(errors.isEmpty(), () -> schemaName + " schema rejects " + json + ": " + errors);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void toleratesFieldsAddedByNewerProducers(String schemaName, Record event) throws Exception {
        ObjectNode tree = JSON.valueToTree(event);
        tree.put("addedInVersion2", "something new");
        tree.putObject("nestedAddition").put("x", 1);
        Object back = JSON.treeToValue(tree, event.getClass());
        assertEquals(event, back);
        assertTrue(schema(schemaName).validate(tree).isEmpty(), "schemas stay open to additions");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void schemaDescribesEveryField(String schemaName, Record event) throws Exception {
        JsonNode properties = schemaTree(schemaName).get("properties");
        for (var component : event.getClass().getRecordComponents()) {
            assertTrue(properties.has(component.getName()),
                    schemaName + " schema lacks field " + component.getName());
        }
        assertEquals(properties.size(), event.getClass().getRecordComponents().length,
                schemaName + " schema has fields the record does not");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void schemaRejectsAnEventWithoutItsId(String schemaName, Record event) throws Exception {
        ObjectNode tree = JSON.valueToTree(event);
        tree.remove("eventId");
        assertFalse(schema(schemaName).validate(tree).isEmpty());
    }

    @org.junit.jupiter.api.Test
    void fieldsAddedToPredictionsDefaultWhenAbsent() throws Exception {
        String older = "{\"eventId\":\"e\",\"schemaVersion\":1,\"runId\":\"r\",\"imageId\":\"i\",\"status\":\"OK\","
                + "\"usage\":{\"input\":10,\"output\":2,\"cached\":0,\"reasoning\":0,\"image\":5}}";
        PredictionMade read = JSON.readValue(older, PredictionMade.class);
        assertEquals(null, read.errorType());
        assertEquals(new TokenUsage(10, 2, 0, 0, 5), read.usage());
        assertEquals(0, read.usage().cacheWrite());
        assertEquals(new TokenUsage(3, 4, 1, 1, 1, 2), new TokenUsage(1, 2, 1, 0, 1, 2).plus(new TokenUsage(2, 2, 0, 1, 0)));
    }

    @org.junit.jupiter.api.Test
    void theFirstVersionsConstructorMeansAttemptOneAndNothingImported() throws Exception {
        InferenceRequested first = new InferenceRequested("e", 1, AT, "r", "d", "i", "a".repeat(64), "image/png",
                "http://x/b", "simulator", "sim-strong", "imageo", Map.of());
        assertEquals(null, first.attempt());
        assertEquals(1, first.attemptOrFirst());
        assertEquals(null, first.imported());
        String older = "{\"eventId\":\"e\",\"schemaVersion\":1,\"runId\":\"r\",\"imageId\":\"i\"}";
        InferenceRequested read = JSON.readValue(older, InferenceRequested.class);
        assertEquals(1, read.attemptOrFirst());
        assertFalse(JSON.writeValueAsString(first).contains("attemptOrFirst"));
    }

    @org.junit.jupiter.api.Test
    void scoresOfTheFirstReleaseStillReadAndValidate() throws Exception {
        // A score as the first release wrote it, without the geocoding fields.
        ObjectNode tree = JSON.valueToTree(new ScoreComputed("e6", 1, AT, "run-1", "demo", "img-001", "simulator",
                "sim-strong", true, PredictionStatus.OK, true, 1.0, 2.0, 1.0, 2.0, 0.0, 5000.0,
                new ThresholdHits(true, true, true, true, true), BigDecimal.ONE, TokenUsage.NONE, 5));
        for (String added : new String[] {"geodesicKm", "truthPlace", "predictedPlace", "regionMatches",
                "textMatches"}) {
            tree.remove(added);
        }
        assertTrue(schema("scores").validate(tree).isEmpty());
        ScoreComputed back = JSON.treeToValue(tree, ScoreComputed.class);
        assertEquals(null, back.truthPlace());
        assertEquals(5000.0, back.geoguessrScore());
    }

    @org.junit.jupiter.api.Test
    void scoresSchemaRejectsAnUnknownGeocodingMethod() throws Exception {
        ObjectNode tree = JSON.valueToTree(new ScoreComputed("e7", 1, AT, "run-1", "demo", "img-001", "simulator",
                "sim-strong", true, PredictionStatus.OK, true, 1.0, 2.0, 1.0, 2.0, 0.0, 5000.0,
                new ThresholdHits(true, true, true, true, true), BigDecimal.ONE, TokenUsage.NONE, 5, 0.0,
                new GeoPlace("AF", "GH", "GHA", "Ghana", null, null, null, null, null, null, "GUESSED", null), null,
                null, null));
        assertFalse(schema("scores").validate(tree).isEmpty());
    }

    @org.junit.jupiter.api.Test
    void inferenceRequestsCarryNoGroundTruth() {
        var names = Arrays.stream(InferenceRequested.class.getRecordComponents()).map(c -> c.getName()).toList();
        for (String forbidden : new String[] {"truth", "latitude", "longitude", "city", "country"}) {
            assertFalse(names.contains(forbidden), "inference request must not carry " + forbidden);
        }
    }

    @org.junit.jupiter.api.Test
    void keysAndDeadLetterNamesAreStable() {
        assertEquals("run-1/img-7", Topics.runImageKey("run-1", "img-7"));
        assertEquals("predictions.dlq", Topics.deadLetter(Topics.PREDICTIONS));
    }

    private static JsonNode schemaTree(String name) throws Exception {
        try (InputStream in = EventContractTest.class.getResourceAsStream("/schemas/" + name + ".schema.json")) {
            return JSON.readTree(in);
        }
    }

    private static JsonSchema schema(String name) throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaTree(name));
    }
}
