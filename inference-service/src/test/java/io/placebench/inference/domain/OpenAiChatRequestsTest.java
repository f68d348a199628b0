package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden test: the body sent for a fixed input has the documented OpenAI Chat Completions shape. */
class OpenAiChatRequestsTest {

    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
    static final PreparedImage IMAGE = new PreparedImage(JPEG, 640, 480, Prompt.sha256Hex(JPEG), 640, 480);

    JsonNode body(Map<String, Object> parameters, String maxTokensField) throws Exception {
        // serialise and read back: the test checks the JSON that goes over the wire
        String text = new ObjectMapper().writeValueAsString(
                OpenAiChatRequests.body("gpt-4o", Prompts.IMAGEO, IMAGE, parameters, maxTokensField));
        return new ObjectMapper().readTree(text);
    }

    @Test
    void documentedShape() throws Exception {
        JsonNode body = body(Map.of("max_tokens", 500, "temperature", 0.2), "max_tokens");
        assertEquals(List.of("model", "messages", "response_format", "max_tokens", "temperature"),
                iterate(body.fieldNames()));
        assertEquals("gpt-4o", body.get("model").asText());

        JsonNode messages = body.get("messages");
        assertEquals(2, messages.size());
        assertEquals("system", messages.get(0).get("role").asText());
        assertEquals(Prompts.IMAGEO.system(), messages.get(0).get("content").asText());
        JsonNode user = messages.get(1);
        assertEquals("user", user.get("role").asText());
        assertEquals("text", user.get("content").get(0).get("type").asText());
        assertEquals(Prompts.IMAGEO.user(), user.get("content").get(0).get("text").asText());
        JsonNode imagePart = user.get("content").get(1);
        assertEquals("image_url", imagePart.get("type").asText());
        assertEquals("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(JPEG),
                imagePart.get("image_url").get("url").asText());
        assertEquals("high", imagePart.get("image_url").get("detail").asText());

        JsonNode format = body.get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        assertEquals("geo_guess", format.get("json_schema").get("name").asText());
        assertTrue(format.get("json_schema").get("strict").asBoolean());
        JsonNode schema = format.get("json_schema").get("schema");
        assertStrict(schema, "$");
        assertEquals(List.of("image_information", "reasoning", "reverse_geocoding"),
                iterate(schema.get("properties").fieldNames()));
        JsonNode geocoding = schema.get("properties").get("reverse_geocoding").get("properties");
        assertEquals(List.of("confidence", "address", "coordinates"), iterate(geocoding.fieldNames()));
        assertEquals("number", geocoding.get("coordinates").get("properties").get("latitude").get("type").asText());
        assertEquals(List.of("street", "city", "state", "country"),
                iterate(geocoding.get("address").get("properties").fieldNames()));

        assertEquals(500, body.get("max_tokens").asInt());
        assertEquals(0.2, body.get("temperature").asDouble());
    }

    @Test
    void defaultsAndAlternatives() throws Exception {
        JsonNode body = body(Map.of(), null);
        assertEquals(800, body.get("max_tokens").asInt());
        assertFalse(body.has("temperature"), "no temperature unless the run sets one");
        JsonNode reasoning = body(Map.of("maxTokens", "1200"), "max_completion_tokens");
        assertEquals(1200, reasoning.get("max_completion_tokens").asInt());
        assertFalse(reasoning.has("max_tokens"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> body(Map.of("max_tokens", "lots"), null));
        assertTrue(bad.getMessage().contains("max_tokens"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> body(Map.of("temperature", "warm"), null));
    }

    @Test
    void promptHashIsTheSha256OfItsText() {
        assertEquals(64, Prompts.IMAGEO.hash().length());
        assertEquals(Prompt.sha256Hex(Prompts.IMAGEO.system() + "\n\n" + Prompts.IMAGEO.user()), Prompts.IMAGEO.hash());
        assertEquals(Prompts.IMAGEO, Prompts.byId("imageo").orElseThrow());
        assertTrue(Prompts.byId("nope").isEmpty());
    }

    /** Strict structured outputs: every object lists all its properties as required and forbids others. */
    static void assertStrict(JsonNode schema, String where) {
        if ("object".equals(schema.path("type").asText())) {
            assertFalse(schema.get("additionalProperties").asBoolean(true), where + " allows extra properties");
            List<String> names = iterate(schema.get("properties").fieldNames());
            List<String> required = new java.util.ArrayList<>();
            schema.get("required").forEach(r -> required.add(r.asText()));
            assertEquals(names, required, where + ": every property must be required");
            schema.get("properties").fields().forEachRemaining(e -> assertStrict(e.getValue(), where + "." + e.getKey()));
        }
    }

    static List<String> iterate(java.util.Iterator<String> it) {
        List<String> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
