package io.placebench.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.simulator.domain.FreeTextStyle;
import io.placebench.simulator.domain.TokenCounter;
import io.placebench.simulator.testimages.TestImages;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Responses, Anthropic Messages and Gemini formats: request shapes, answers, usage, structured outputs. */
class WireFormatsTest {

    static final String SYSTEM = "You are an expert in image geolocation.";
    static final String USER = "Where was this photo taken? Reply with JSON with \"reverse_geocoding\".";

    private SimulatorServer server;
    private Http http;
    private byte[] jpeg;
    private String b64;

    @BeforeEach
    void start() {
        server = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0));
        http = new Http(server);
        jpeg = TestImages.jpeg(TestImages.demo(1024, 768, 48.8584, 2.2945, 11), 0.85f);
        b64 = Base64.getEncoder().encodeToString(jpeg);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static ObjectNode schema() {
        ObjectNode schema = Http.JSON.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("reverse_geocoding").put("type", "object");
        return schema;
    }

    ObjectNode responsesRequest(String model, boolean structured) {
        ObjectNode req = Http.JSON.createObjectNode().put("model", model).put("instructions", SYSTEM);
        ArrayNode content = req.putArray("input").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "input_text").put("text", USER);
        content.addObject().put("type", "input_image").put("image_url", TestImages.dataUrl(jpeg, "image/jpeg"))
                .put("detail", "high");
        if (structured) {
            req.putObject("text").putObject("format").put("type", "json_schema").put("name", "geo_guess")
                    .put("strict", true).set("schema", schema());
        }
        req.put("max_output_tokens", 2000);
        return req;
    }

    ObjectNode anthropicRequest(String model, String mode) {
        ObjectNode req = Http.JSON.createObjectNode().put("model", model).put("max_tokens", 2000).put("system", SYSTEM);
        ArrayNode content = req.putArray("messages").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "image").putObject("source").put("type", "base64").put("media_type", "image/jpeg")
                .put("data", b64);
        content.addObject().put("type", "text").put("text", USER);
        if ("tool".equals(mode)) {
            req.putArray("tools").addObject().put("name", "report_location").put("description", "Report the location")
                    .set("input_schema", schema());
            req.putObject("tool_choice").put("type", "tool").put("name", "report_location");
        } else if ("output_config".equals(mode)) {
            req.putObject("output_config").putObject("format").put("type", "json_schema").set("schema", schema());
        }
        return req;
    }

    ObjectNode geminiRequest(boolean structured) {
        ObjectNode req = Http.JSON.createObjectNode();
        req.putObject("systemInstruction").putArray("parts").addObject().put("text", SYSTEM);
        ArrayNode parts = req.putArray("contents").addObject().put("role", "user").putArray("parts");
        parts.addObject().putObject("inline_data").put("mime_type", "image/jpeg").put("data", b64);
        parts.addObject().put("text", USER);
        ObjectNode config = req.putObject("generationConfig").put("maxOutputTokens", 2000);
        if (structured) {
            config.put("responseMimeType", "application/json").set("responseSchema", schema());
        }
        return req;
    }

    Http.Response anthropic(ObjectNode req) {
        return http.postWith("/v1/messages", req.toString(), Map.of("anthropic-version", "2023-06-01"));
    }

    Http.Response gemini(String model, ObjectNode req) {
        return http.postWith("/v1beta/models/" + model + ":generateContent", req.toString(), Map.of());
    }

    @Test
    void responsesFormat() throws Exception {
        Http.Response r = http.post("/v1/responses", responsesRequest("sim-strong", true).toString(), null);
        assertEquals(200, r.status(), String.valueOf(r.body()));
        JsonNode b = r.body();
        assertTrue(b.get("id").asText().startsWith("resp_"));
        assertEquals("response", b.get("object").asText());
        assertEquals("completed", b.get("status").asText());
        assertTrue(b.get("incomplete_details").isNull());
        JsonNode message = b.get("output").get(0);
        assertEquals("message", message.get("type").asText());
        assertEquals("output_text", message.at("/content/0/type").asText());
        JsonNode answer = Http.JSON.readTree(message.at("/content/0/text").asText());
        assertTrue(answer.at("/reverse_geocoding/coordinates/latitude").isNumber());
        JsonNode usage = b.get("usage");
        int text = TokenCounter.REPLY_PRIMING_TOKENS + 2 * TokenCounter.PER_MESSAGE_TOKENS + TokenCounter.textTokens(SYSTEM)
                + TokenCounter.textTokens(USER);
        assertEquals(text + 765, usage.get("input_tokens").asInt());
        assertEquals(0, usage.at("/input_tokens_details/cached_tokens").asInt());
        assertEquals(TokenCounter.textTokens(message.at("/content/0/text").asText()), usage.get("output_tokens").asInt());
        assertEquals(usage.get("input_tokens").asInt() + usage.get("output_tokens").asInt(), usage.get("total_tokens").asInt());
        assertEquals("openai-responses", server.requestLog().get(0).api());
    }

    @Test
    void responsesOfAReasoningModelPutAReasoningItemFirst() {
        JsonNode b = http.post("/v1/responses", responsesRequest("sim-think", true).toString(), null).body();
        assertEquals("reasoning", b.at("/output/0/type").asText());
        assertEquals("message", b.at("/output/1/type").asText());
        int reasoning = b.at("/usage/output_tokens_details/reasoning_tokens").asInt();
        assertTrue(reasoning > 0);
        assertEquals(TokenCounter.textTokens(b.at("/output/1/content/0/text").asText()) + reasoning,
                b.at("/usage/output_tokens").asInt(), "reasoning tokens are part of output_tokens");
    }

    @Test
    void anthropicForcedToolAnswersWithToolUse() {
        Http.Response r = anthropic(anthropicRequest("sim-strong", "tool"));
        assertEquals(200, r.status(), String.valueOf(r.body()));
        JsonNode b = r.body();
        assertTrue(b.get("id").asText().startsWith("msg_01"));
        assertEquals("message", b.get("type").asText());
        assertEquals("tool_use", b.get("stop_reason").asText());
        JsonNode block = b.at("/content/0");
        assertEquals("tool_use", block.get("type").asText());
        assertEquals("report_location", block.get("name").asText());
        assertTrue(block.at("/input/reverse_geocoding/coordinates/longitude").isNumber());
        JsonNode usage = b.get("usage");
        assertTrue(usage.has("cache_creation_input_tokens") && usage.has("cache_read_input_tokens"));
        int image = TokenCounter.anthropicImageTokens(1024, 768);
        assertEquals((int) Math.ceil(1024 * 768 / 750.0), image);
        int tools = AnthropicFormat.TOOL_OVERHEAD_TOKENS + TokenCounter.textTokens(
                anthropicRequest("sim-strong", "tool").get("tools").toString());
        assertEquals(TokenCounter.textTokens(SYSTEM) + TokenCounter.PER_MESSAGE_TOKENS + TokenCounter.textTokens(USER)
                + tools + image, usage.get("input_tokens").asInt());
        assertEquals("request-id", r.raw().headers().firstValue("request-id").map(x -> "request-id").orElse(""));
    }

    @Test
    void anthropicTextAndOutputConfig() throws Exception {
        JsonNode text = anthropic(anthropicRequest("sim-strong", "output_config")).body();
        assertEquals("end_turn", text.get("stop_reason").asText());
        assertEquals("text", text.at("/content/0/type").asText());
        Http.JSON.readTree(text.at("/content/0/text").asText()); // structured: plain JSON

        ObjectNode noMax = anthropicRequest("sim-strong", null);
        noMax.remove("max_tokens");
        Http.Response bad = anthropic(noMax);
        assertEquals(400, bad.status());
        assertEquals("error", bad.body().get("type").asText());
        assertEquals("invalid_request_error", bad.body().at("/error/type").asText());
        assertTrue(bad.body().get("request_id").asText().startsWith("req_"));

        JsonNode think = anthropic(anthropicRequest("sim-think", "tool")).body();
        assertEquals("thinking", think.at("/content/0/type").asText());
        assertEquals("tool_use", think.at("/content/1/type").asText());
        assertTrue(think.at("/usage/output_tokens_details/thinking_tokens").asInt() > 0);
    }

    @Test
    void geminiFormat() throws Exception {
        Http.Response r = gemini("sim-strong", geminiRequest(true));
        assertEquals(200, r.status(), String.valueOf(r.body()));
        JsonNode b = r.body();
        JsonNode candidate = b.at("/candidates/0");
        assertEquals("STOP", candidate.get("finishReason").asText());
        assertEquals("model", candidate.at("/content/role").asText());
        Http.JSON.readTree(candidate.at("/content/parts/0/text").asText());
        JsonNode usage = b.get("usageMetadata");
        assertEquals(258 * 2 * 1, TokenCounter.geminiImageTokens(1024, 768));
        assertEquals(TokenCounter.textTokens(SYSTEM) + TokenCounter.textTokens(USER) + 516,
                usage.get("promptTokenCount").asInt());
        assertEquals(516, usage.at("/promptTokensDetails/1/tokenCount").asInt());
        assertFalse(usage.has("thoughtsTokenCount"));
        assertEquals("sim-strong", b.get("modelVersion").asText());

        JsonNode think = gemini("sim-think", geminiRequest(true)).body().get("usageMetadata");
        int thoughts = think.get("thoughtsTokenCount").asInt();
        assertTrue(thoughts > 0);
        assertEquals(think.get("promptTokenCount").asInt() + think.get("candidatesTokenCount").asInt() + thoughts,
                think.get("totalTokenCount").asInt(), "thoughts are outside candidatesTokenCount, inside the total");

        Http.Response unknown = gemini("gemini-9", geminiRequest(true));
        assertEquals(404, unknown.status());
        assertEquals("NOT_FOUND", unknown.body().at("/error/status").asText());
        assertEquals(404, unknown.body().at("/error/code").asInt());
    }

    @Test
    void freeTextComesInTheModelsOwnStyle() {
        // without structured output sim-weak writes fences, prose, relaxed JSON or DMS for some images
        java.util.Set<String> shapes = new java.util.TreeSet<>();
        for (int i = 0; i < 40; i++) {
            byte[] img = TestImages.jpeg(TestImages.demo(160, 120, -30 + i, 10 + i, 200 + i), 0.7f);
            ObjectNode req = Http.chatRequest("sim-weak", TestImages.dataUrl(img, "image/jpeg"));
            req.remove("response_format");
            String content = http.chat(req).body().at("/choices/0/message/content").asText("");
            if (content.startsWith("```json")) {
                shapes.add("fenced");
            } else if (content.startsWith("Looking")) {
                shapes.add("prose");
            } else if (content.startsWith("{image_information:")) {
                shapes.add("relaxed");
            } else if (content.contains("°")) {
                shapes.add("dms");
            } else if (content.startsWith("{\"image_information\"")) {
                shapes.add("plain");
            }
        }
        assertTrue(shapes.size() >= 4, "styles seen: " + shapes);
        assertEquals("48°51'30.2\"N", FreeTextStyle.toDms(48.8584, "N", "S"));
        assertEquals("2°17'40.2\"W", FreeTextStyle.toDms(-2.2945, "E", "W"));
    }

    @Test
    void layoutFollowsTheSchema() throws Exception {
        ObjectNode req = Http.chatRequest("sim-strong", TestImages.dataUrl(jpeg, "image/jpeg"));
        ObjectNode globe = Http.JSON.createObjectNode().put("type", "object");
        globe.putObject("properties").putObject("country").put("type", "string");
        ((ObjectNode) req.at("/response_format/json_schema")).set("schema", globe);
        JsonNode answer = Http.JSON.readTree(http.chat(req).body().at("/choices/0/message/content").asText());
        assertTrue(answer.get("country").isTextual() && answer.get("latitude").isNumber(), answer.toString());
        assertNull(answer.get("reverse_geocoding"));
    }

    @Test
    void reasoningModelsRefuseMaxTokensAndTemperatureLikeTheOSeries() {
        ObjectNode req = Http.chatRequest("sim-think", TestImages.dataUrl(jpeg, "image/jpeg"));
        req.remove("temperature");
        assertEquals(200, http.chat(req).status());
        req.put("temperature", 0.2);
        Http.Response temp = http.chat(req);
        assertEquals(400, temp.status());
        assertEquals("unsupported_value", temp.body().at("/error/code").asText());
        req.remove("temperature");
        req.put("max_tokens", 100);
        assertEquals("unsupported_parameter", http.chat(req).body().at("/error/code").asText());
        JsonNode ok = http.chat(Http.chatRequest("sim-think", TestImages.dataUrl(jpeg, "image/jpeg")).put("temperature", 1))
                .body();
        int reasoning = ok.at("/usage/completion_tokens_details/reasoning_tokens").asInt();
        assertEquals(TokenCounter.textTokens(ok.at("/choices/0/message/content").asText()) + reasoning,
                ok.at("/usage/completion_tokens").asInt(), "reasoning tokens are part of completion_tokens");
        assertEquals(List.of("openai-chat"), server.requestLog().stream().map(RequestLogEntry::api).distinct().toList());
    }
}
