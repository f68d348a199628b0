package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: the body sent for a fixed input is exactly the documented shape of each wire format (the files
 * under {@code golden/} spell every field; {@code $SYSTEM}, {@code $USER}, {@code $DATA_URL}, {@code $B64},
 * {@code $SCHEMA} and {@code $GEMINI_SCHEMA} stand for the long values). Field order is compared too.
 */
class WireFormatGoldenTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Serialise and read back: the test checks the JSON that goes over the wire. */
    static JsonNode wire(WireApi api, CallSpec spec) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(WireFormat.of(api).body(spec)));
    }

    static JsonNode golden(String file, CallSpec spec) throws Exception {
        JsonNode expected = JSON.readTree(TestData.text("golden/" + file));
        ObjectNode schema = spec.prompt().layout().schema();
        Map<String, JsonNode> values = Map.of(
                "$SYSTEM", JSON.getNodeFactory().textNode(spec.prompt().system()),
                "$USER", JSON.getNodeFactory().textNode(spec.prompt().user()),
                "$DATA_URL", JSON.getNodeFactory().textNode(spec.image().dataUrl()),
                "$B64", JSON.getNodeFactory().textNode(spec.image().base64()),
                "$SCHEMA", schema,
                "$GEMINI_SCHEMA", GeminiFormat.toGeminiSchema(schema));
        return substitute(expected, values);
    }

    static JsonNode substitute(JsonNode node, Map<String, JsonNode> values) {
        if (node.isTextual() && values.containsKey(node.asText())) {
            return values.get(node.asText());
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), substitute(e.getValue(), values)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(n -> out.add(substitute(n, values)));
            return out;
        }
        return node;
    }

    static void assertGolden(String file, WireApi api, CallSpec spec) throws Exception {
        JsonNode expected = golden(file, spec);
        JsonNode actual = wire(api, spec);
        assertEquals(expected, actual, file);
        assertEquals(names(expected), names(actual), file + ": field order");
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void openAiChatCompletions() throws Exception {
        assertGolden("openai-chat.json", WireApi.OPENAI_CHAT, TestData.spec("openai", "gpt-4o", WireApi.OPENAI_CHAT,
                Flavor.OPENAI, "max_tokens", Prompts.IMAGEO, Map.of("max_tokens", 500, "temperature", 0.2)));
    }

    @Test
    void oSeriesGetMaxCompletionTokensAndNoTemperature() throws Exception {
        CallSpec spec = TestData.spec("openai", "o4-mini", WireApi.OPENAI_CHAT, Flavor.OPENAI, "max_tokens",
                Prompts.IMAGEO, Map.of("temperature", 0.2, "reasoning_effort", "low"));
        assertGolden("openai-chat-o-series.json", WireApi.OPENAI_CHAT, spec);
        assertTrue(spec.notes().get(0).contains("temperature dropped"), spec.notes().toString());
    }

    @Test
    void vllmUsesStructuredOutputsAndLlamaCppItsOwnResponseFormat() throws Exception {
        assertGolden("openai-chat-vllm.json", WireApi.OPENAI_CHAT, TestData.spec("vllm", "Qwen/Qwen2.5-VL-7B-Instruct",
                WireApi.OPENAI_CHAT, Flavor.VLLM, "max_tokens", Prompts.IMAGEO, Map.of()));
        assertGolden("openai-chat-llamacpp.json", WireApi.OPENAI_CHAT, TestData.spec("llamacpp", "local",
                WireApi.OPENAI_CHAT, Flavor.LLAMACPP, "max_tokens", Prompts.IMAGEO, Map.of()));
        assertGolden("openai-chat-free-text.json", WireApi.OPENAI_CHAT, TestData.spec("ollama", "qwen2.5vl:7b",
                WireApi.OPENAI_CHAT, Flavor.OLLAMA, "max_tokens", Prompts.IMAGEO, Map.of("structured_output", "none")));
    }

    @Test
    void openAiResponses() throws Exception {
        assertGolden("openai-responses.json", WireApi.OPENAI_RESPONSES, TestData.spec("openai-responses", "gpt-4.1-mini",
                WireApi.OPENAI_RESPONSES, Flavor.OPENAI, "max_tokens", Prompts.IMAGEO, Map.of()));
    }

    @Test
    void anthropicMessagesWithAForcedToolOrOutputConfig() throws Exception {
        assertGolden("anthropic-tool.json", WireApi.ANTHROPIC, TestData.spec("anthropic", "claude-sonnet-4-5",
                WireApi.ANTHROPIC, Flavor.OPENAI, "max_tokens", Prompts.IMAGEO, Map.of()));
        CallSpec thinking = TestData.spec("anthropic", "claude-sonnet-4-5", WireApi.ANTHROPIC, Flavor.OPENAI,
                "max_tokens", Prompts.IMAGEO, Map.of("thinking_budget", 1024, "max_tokens", 4000));
        assertGolden("anthropic-output-config-thinking.json", WireApi.ANTHROPIC, thinking);
        assertEquals(StructuredMode.OUTPUT_CONFIG, thinking.structured(), "a forced tool is not allowed with thinking");
    }

    @Test
    void geminiGenerateContent() throws Exception {
        CallSpec spec = TestData.spec("gemini", "gemini-2.5-flash", WireApi.GEMINI, Flavor.OPENAI, "max_tokens",
                Prompts.IMAGEO, Map.of());
        assertGolden("gemini.json", WireApi.GEMINI, spec);
        assertFalse(wire(WireApi.GEMINI, spec).has("model"), "the model is in the path");
        JsonNode globe = JSON.readTree(TestData.text("golden/gemini-schema-globe.json"));
        assertEquals(globe, GeminiFormat.toGeminiSchema(AnswerLayout.GLOBE.schema()));
        assertFalse(GeminiFormat.toGeminiSchema(AnswerLayout.IMAGEO.schema()).toString().contains("additionalProperties"));
    }

    @Test
    void everyLayoutSchemaIsStrict() {
        for (AnswerLayout layout : AnswerLayout.values()) {
            assertStrict(layout.schema(), layout.name());
        }
    }

    @Test
    void promptHashIsTheSha256OfItsText() {
        assertEquals(64, Prompts.IMAGEO.hash().length());
        assertEquals(Prompt.sha256Hex(Prompts.IMAGEO.system() + "\n\n" + Prompts.IMAGEO.user()), Prompts.IMAGEO.hash());
        Prompts prompts = Prompts.builtIn();
        assertEquals(List.of("imageo", "globe", "coords"), prompts.ids());
        assertEquals(AnswerLayout.GLOBE, prompts.byId("globe").orElseThrow().layout());
        assertTrue(prompts.byId("nope").isEmpty());
    }

    /** Strict structured outputs: every object lists all its properties as required and forbids others. */
    static void assertStrict(JsonNode schema, String where) {
        if ("object".equals(schema.path("type").asText())) {
            assertFalse(schema.get("additionalProperties").asBoolean(true), where + " allows extra properties");
            List<String> names = names(schema.get("properties"));
            List<String> required = new ArrayList<>();
            schema.get("required").forEach(r -> required.add(r.asText()));
            assertEquals(names, required, where + ": every property must be required");
            schema.get("properties").fields().forEachRemaining(e -> assertStrict(e.getValue(), where + "." + e.getKey()));
        }
    }
}
