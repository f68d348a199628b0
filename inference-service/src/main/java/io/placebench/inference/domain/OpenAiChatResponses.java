package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.PredictionStatus;

/**
 * Interprets an OpenAI Chat Completions response ({@code POST /chat/completions}).
 * <ul>
 * <li>HTTP 2xx with {@code message.refusal} set: REFUSED</li>
 * <li>{@code finish_reason=content_filter}: CONTENT_FILTERED</li>
 * <li>{@code finish_reason=length}: TRUNCATED; the answer is kept only if the JSON in it is complete</li>
 * <li>content that does not parse into coordinates: PARSE_FAILED</li>
 * <li>any other HTTP status: API_ERROR with the status and the provider's {@code error.type}/{@code code}</li>
 * </ul>
 */
public final class OpenAiChatResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR = 500;

    private OpenAiChatResponses() {
    }

    public static Interpretation interpret(int httpStatus, String body) {
        JsonNode root = readJson(body);
        if (httpStatus < 200 || httpStatus > 299) {
            return apiError(httpStatus, body, root);
        }
        if (root == null || !root.isObject()) {
            return new Interpretation(PredictionStatus.PARSE_FAILED, null, "the response body is not a JSON object",
                    null, null, null);
        }
        ProviderUsage usage = usage(root.get("usage"));
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) {
            return new Interpretation(PredictionStatus.PARSE_FAILED, null, "the response has no choices", null, null,
                    usage);
        }
        JsonNode message = choice.path("message");
        String finishReason = choice.path("finish_reason").asText(null);
        JsonNode refusal = message.get("refusal");
        if (refusal != null && !refusal.isNull() && !refusal.asText().isBlank()) {
            return new Interpretation(PredictionStatus.REFUSED, null, "refusal: " + cut(refusal.asText()), null, null,
                    usage);
        }
        if ("content_filter".equals(finishReason)) {
            return new Interpretation(PredictionStatus.CONTENT_FILTERED, null, "finish_reason=content_filter", null,
                    null, usage);
        }
        AnswerParser.Result parsed = AnswerParser.parse(content(message.get("content")));
        if ("length".equals(finishReason)) {
            String error = "finish_reason=length" + (parsed.ok() ? "" : ": " + parsed.error());
            return new Interpretation(PredictionStatus.TRUNCATED, parsed.answer(), error, null, null, usage);
        }
        if (!parsed.ok()) {
            return new Interpretation(PredictionStatus.PARSE_FAILED, null, parsed.error(), null, null, usage);
        }
        return new Interpretation(PredictionStatus.OK, parsed.answer(), null, null, null, usage);
    }

    private static Interpretation apiError(int httpStatus, String body, JsonNode root) {
        JsonNode error = root == null ? null : root.get("error");
        String type = null;
        String code = null;
        String message;
        if (error != null && error.isObject()) {
            type = textOrNull(error.get("type"));
            code = textOrNull(error.get("code"));
            message = textOrNull(error.get("message"));
        } else if (error != null && error.isTextual()) {
            message = error.asText();
        } else {
            message = body == null || body.isBlank() ? null : body.strip();
        }
        StringBuilder text = new StringBuilder("HTTP ").append(httpStatus);
        if (type != null) {
            text.append(" type=").append(type);
        }
        if (code != null) {
            text.append(" code=").append(code);
        }
        if (message != null) {
            text.append(": ").append(message);
        }
        return new Interpretation(PredictionStatus.API_ERROR, null, cut(text.toString()), httpStatus,
                code != null ? code : type, root == null ? null : usage(root.get("usage")));
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
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
    }

    /** Content is a string; some OpenAI-compatible servers send an array of {type:text, text} parts. */
    private static String content(JsonNode content) {
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

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String cut(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 3) + "...";
    }
}
