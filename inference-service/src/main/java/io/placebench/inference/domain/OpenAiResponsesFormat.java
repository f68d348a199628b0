package io.placebench.inference.domain;

import static io.placebench.inference.domain.WireFormat.Support.apiError;
import static io.placebench.inference.domain.WireFormat.Support.cut;
import static io.placebench.inference.domain.WireFormat.Support.readJson;
import static io.placebench.inference.domain.WireFormat.Support.textOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.events.PredictionStatus;
import java.util.Set;

/**
 * OpenAI Responses ({@code POST /responses}).
 * <p>Request: {@code instructions} (the system prompt), {@code input} with one user message of an
 * {@code input_text} and an {@code input_image} (data URL, {@code detail}), {@code text.format} json_schema
 * strict, {@code max_output_tokens}, {@code reasoning.effort} and {@code temperature} when set.
 * <p>Response: the item with {@code type=message} (reasoning models put a reasoning item first); an
 * {@code output_text} is parsed, a {@code refusal} item is REFUSED; {@code status=incomplete} with
 * {@code incomplete_details.reason} {@code max_output_tokens} is TRUNCATED, {@code content_filter}
 * CONTENT_FILTERED; {@code status=failed} with {@code error.code}: image policy codes are CONTENT_FILTERED,
 * others API_ERROR. Usage: input_tokens (cached_tokens, cache_write_tokens inside), output_tokens
 * (reasoning_tokens inside).
 */
public final class OpenAiResponsesFormat implements WireFormat {

    public static final OpenAiResponsesFormat INSTANCE = new OpenAiResponsesFormat();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> POLICY = Set.of("image_content_policy_violation", "content_policy_violation");

    @Override
    public WireApi api() {
        return WireApi.OPENAI_RESPONSES;
    }

    @Override
    public ObjectNode body(CallSpec spec) {
        ObjectNode body = F.objectNode();
        body.put("model", spec.model());
        body.put("instructions", spec.prompt().system());
        ArrayNode content = body.putArray("input").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "input_text").put("text", spec.prompt().user());
        content.addObject().put("type", "input_image").put("image_url", spec.image().dataUrl())
                .put("detail", spec.detail());
        if (spec.structured() == StructuredMode.JSON_SCHEMA) {
            body.putObject("text").putObject("format").put("type", "json_schema").put("name", AnswerLayout.SCHEMA_NAME)
                    .put("strict", true).set("schema", spec.prompt().layout().schema());
        } else if (spec.structured() == StructuredMode.JSON_OBJECT) {
            body.putObject("text").putObject("format").put("type", "json_object");
        }
        body.put("max_output_tokens", spec.maxTokens());
        if (spec.reasoningEffort() != null) {
            body.putObject("reasoning").put("effort", spec.reasoningEffort());
        }
        if (spec.temperature() != null) {
            body.put("temperature", spec.temperature());
        }
        return body;
    }

    @Override
    public Interpretation interpret(int httpStatus, String body) {
        JsonNode root = readJson(body);
        if (httpStatus < 200 || httpStatus > 299) {
            return OpenAiChatFormat.error(httpStatus, body, root);
        }
        if (root == null || !root.isObject()) {
            return Interpretation.of(PredictionStatus.PARSE_FAILED, null, "the response body is not a JSON object", null);
        }
        ProviderUsage usage = usage(root.get("usage"));
        String status = root.path("status").asText("");
        JsonNode error = root.get("error");
        if ("failed".equals(status) || (error != null && error.isObject())) {
            String code = error == null ? null : textOrNull(error.get("code"));
            String message = error == null ? "status=failed" : textOrNull(error.get("message"));
            if (code != null && POLICY.contains(code)) {
                return new Interpretation(PredictionStatus.CONTENT_FILTERED, null, "error.code=" + code
                        + (message == null ? "" : ": " + cut(message)), null, "response_failed", code, usage, null, false);
            }
            return apiError(httpStatus, "response_failed", code, message, usage, null, false);
        }
        String reason = root.path("incomplete_details").path("reason").asText(null);
        if ("content_filter".equals(reason)) {
            return Interpretation.of(PredictionStatus.CONTENT_FILTERED, null, "incomplete_details.reason=content_filter",
                    usage);
        }
        StringBuilder text = new StringBuilder();
        String refusal = null;
        for (JsonNode item : root.path("output")) {
            if (!"message".equals(item.path("type").asText())) {
                continue;
            }
            for (JsonNode part : item.path("content")) {
                String type = part.path("type").asText();
                if ("output_text".equals(type)) {
                    text.append(part.path("text").asText(""));
                } else if ("refusal".equals(type)) {
                    refusal = part.path("refusal").asText("");
                }
            }
        }
        if (refusal != null && text.length() == 0) {
            return Interpretation.of(PredictionStatus.REFUSED, null, "refusal: " + cut(refusal), usage);
        }
        AnswerParser.Result parsed = AnswerParser.parse(text.toString());
        if ("incomplete".equals(status)) {
            return Interpretation.truncated("incomplete_details.reason=" + reason, parsed, usage);
        }
        return Interpretation.parsed(parsed, usage);
    }

    static ProviderUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new ProviderUsage(
                usage.path("input_tokens").asLong(0),
                usage.path("output_tokens").asLong(0),
                usage.path("input_tokens_details").path("cached_tokens").asLong(0),
                usage.path("input_tokens_details").path("cache_write_tokens").asLong(0),
                usage.path("output_tokens_details").path("reasoning_tokens").asLong(0),
                null);
    }
}
