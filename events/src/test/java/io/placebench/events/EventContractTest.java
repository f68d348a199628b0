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
                Arguments.of("predictions", new PredictionMade("e3", 1, AT, "run-1", "demo", "img-001", "simulator",
                        "sim-strong", "imageo", "9f2c", true, PredictionStatus.OK,
                        new GeoAnswer(48.86, 2.29, new Address("Champ de Mars", "Paris", "Île-de-France", "France"), 4),
                        "{\"reverse_geocoding\":{}}", null, null, usage, new BigDecimal("0.00123"), 2140, 1)),
                Arguments.of("predictions", new PredictionMade("e3b", 1, AT, "run-1", "demo", "img-002", "openai",
                        "gpt-4o", "imageo", "9f2c", false, PredictionStatus.API_ERROR, null, "{\"error\":{}}",
                        "rate_limit_exceeded", 429, TokenUsage.NONE, BigDecimal.ZERO, 0, 3)),
                Arguments.of("scores", new ScoreComputed("e4", 1, AT, "run-1", "demo", "img-001", "simulator",
                        "sim-strong", true, PredictionStatus.OK, true, 48.8584, 2.2945, 48.86, 2.29, 0.37,
                        4998.7, new ThresholdHits(true, true, true, true, true), new BigDecimal("0.00123"), usage,
                        2140)),
                Arguments.of("scores", new ScoreComputed("e4b", 1, AT, "run-1", "demo", "img-002", "openai",
                        "gpt-4o", false, PredictionStatus.REFUSED, false, -33.9, 151.2, null, null, null, null,
                        ThresholdHits.NONE, BigDecimal.ZERO, TokenUsage.NONE, 0)),
                Arguments.of("runs", new RunChanged("e5", 1, AT, "run-1", "demo", "simulator", "sim-strong",
                        "imageo", params, true, RunStatus.RUNNING, 240, null)));
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
