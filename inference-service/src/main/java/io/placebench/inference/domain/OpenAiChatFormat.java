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

/**
 * OpenAI Chat Completions ({@code POST /chat/completions}), also spoken by OpenAI-compatible servers.
 * <p>Request: system message, one user message with a {@code text} part and an {@code image_url} part (base64
 * data URL and {@code detail}), structured output by flavor ({@code response_format} json_schema strict;
 * vLLM {@code structured_outputs.json}; llama.cpp {@code response_format{type:json_schema, schema}}), the token
 * limit in {@code max_tokens} or {@code max_completion_tokens}, {@code temperature} and
 * {@code reasoning_effort} when set.
 * <p>Response: {@code message.refusal} set: REFUSED; {@code finish_reason=content_filter}: CONTENT_FILTERED;
 * {@code length}: TRUNCATED (the answer kept only if its JSON is complete); content parsed by
 * {@link AnswerParser}; any other HTTP status: API_ERROR with {@code error.type} and {@code error.code}.
 * Usage: prompt_tokens (cached_tokens and OpenRouter's cache_write_tokens inside), completion_tokens
 * (reasoning_tokens inside), OpenRouter's {@code usage.cost}.
 */
public final class OpenAiChatFormat implements WireFormat {

    public static final OpenAiChatFormat INSTANCE = new OpenAiChatFormat();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public WireApi api() {
        return WireApi.OPENAI_CHAT;
    }

    @Override
    public ObjectNode body(CallSpec spec) {
        ObjectNode body = F.objectNode();
        body.put("model", spec.model());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", spec.prompt().system());
        ObjectNode user = messages.addObject().put("role", "user");
        ArrayNode parts = user.putArray("content");
        parts.addObject().put("type", "text").put("text", spec.prompt().user());
        ObjectNode imageUrl = parts.addObject().put("type", "image_url").putObject("image_url")
                .put("url", spec.image().dataUrl());
        if (!"original".equals(spec.detail())) {
            imageUrl.put("detail", spec.detail());
        }
        ObjectNode schema = spec.prompt().layout().schema();
        switch (spec.structured()) {
            case JSON_SCHEMA -> {
                if (spec.flavor() == Flavor.VLLM) {
                    body.putObject("structured_outputs").set("json", schema);
                } else if (spec.flavor() == Flavor.LLAMACPP) {
                    body.putObject("response_format").put("type", "json_schema").set("schema", schema);
                } else {
                    body.putObject("response_format").put("type", "json_schema").putObject("json_schema")
                            .put("name", AnswerLayout.SCHEMA_NAME).put("strict", true).set("schema", schema);
                }
            }
            case JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
            default -> {
                // NONE: the prompt asks for JSON, the repair cascade reads what comes back
            }
        }
        body.put(spec.maxTokensField(), spec.maxTokens());
        if (spec.temperature() != null) {
            body.put("temperature", spec.temperature());
        }
        if (spec.reasoningEffort() != null) {
            body.put("reasoning_effort", spec.reasoningEffort());
        }
        return body;
    }

    @Override
    public Interpretation interpret(int httpStatus, String body) {
        JsonNode root = readJson(body);
        if (httpStatus < 200 || httpStatus > 299) {
            return error(httpStatus, body, root);
        }
        if (root == null || !root.isObject()) {
            return Interpretation.of(PredictionStatus.PARSE_FAILED, null, "the response body is not a JSON object", null);
        }
        ProviderUsage usage = usage(root.get("usage"));
        if (root.path("error").isObject()) { // OpenRouter reports some upstream failures with HTTP 200
            return error(root.path("error").path("code").asInt(502), body, root);
        }
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) {
            return Interpretation.of(PredictionStatus.PARSE_FAILED, null, "the response has no choices", usage);
        }
        JsonNode message = choice.path("message");
        String finishReason = choice.path("finish_reason").asText(null);
        JsonNode refusal = message.get("refusal");
        if (refusal != null && !refusal.isNull() && !refusal.asText().isBlank()) {
            return Interpretation.of(PredictionStatus.REFUSED, null, "refusal: " + cut(refusal.asText()), usage);
        }
        if ("content_filter".equals(finishReason)) {
            return Interpretation.of(PredictionStatus.CONTENT_FILTERED, null, "finish_reason=content_filter", usage);
        }
        AnswerParser.Result parsed = AnswerParser.parse(content(message.get("content")));
        if ("length".equals(finishReason)) {
            return Interpretation.truncated("finish_reason=length", parsed, usage);
        }
        return Interpretation.parsed(parsed, usage);
    }

    static Interpretation error(int httpStatus, String body, JsonNode root) {
        JsonNode error = root == null ? null : root.get("error");
        String type = null;
        String code = null;
        String message;
        if (error != null && error.isObject()) {
            type = textOrNull(error.get("type"));
            code = textOrNull(error.get("code"));
            message = textOrNull(error.get("message"));
            if (code != null && code.matches("\\d{3}")) {
                code = null; // OpenRouter puts the HTTP status in error.code
            }
        } else if (error != null && error.isTextual()) {
            message = error.asText();
        } else {
            message = WireFormat.Support.bodyText(body);
        }
        return apiError(httpStatus, type, code, message, root == null ? null : usage(root.get("usage")), null, false);
    }

    /** Usage of a response, or null when it has none. */
    static ProviderUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new ProviderUsage(
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                usage.path("prompt_tokens_details").path("cache_write_tokens").asLong(0),
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0),
                WireFormat.Support.decimalOrNull(usage.get("cost")));
    }

    /** Content is a string; some OpenAI-compatible servers send an array of {type:text, text} parts. */
    static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.has("text")) {
                    text.append(part.get("text").asText());
                }
            }
            return text.toString();
        }
        return content.asText();
    }
}
