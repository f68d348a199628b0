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
 * Anthropic Messages ({@code POST /messages}; headers {@code x-api-key} and {@code anthropic-version}).
 * <p>Request: {@code max_tokens} (required), {@code system}, one user message with the image block first
 * ({@code source{type:base64, media_type, data}}) and the text after it; structured output as a forced tool
 * ({@code tools} with the schema as {@code input_schema} and {@code tool_choice{type:tool}}, the default) or as
 * {@code output_config.format} json_schema; {@code thinking{type:enabled, budget_tokens}} and
 * {@code temperature} when set.
 * <p>Response: the {@code tool_use} block's {@code input}, else the text blocks, are parsed;
 * {@code stop_reason}: {@code refusal} is REFUSED ({@code stop_details.explanation} kept), {@code max_tokens}
 * TRUNCATED, {@code model_context_window_exceeded} TRUNCATED. Errors: {@code {"type":"error","error":{type,
 * message, details.error_code}}}. Usage: input_tokens excludes cache_read_input_tokens and
 * cache_creation_input_tokens, so input = all three; output_tokens includes thinking.
 */
public final class AnthropicFormat implements WireFormat {

    public static final AnthropicFormat INSTANCE = new AnthropicFormat();
    public static final String TOOL_NAME = "report_location";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public WireApi api() {
        return WireApi.ANTHROPIC;
    }

    @Override
    public ObjectNode body(CallSpec spec) {
        ObjectNode body = F.objectNode();
        body.put("model", spec.model());
        body.put("max_tokens", spec.maxTokens());
        body.put("system", spec.prompt().system());
        ArrayNode content = body.putArray("messages").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "image").putObject("source").put("type", "base64")
                .put("media_type", spec.image().mediaType()).put("data", spec.image().base64());
        content.addObject().put("type", "text").put("text", spec.prompt().user());
        ObjectNode schema = spec.prompt().layout().schema();
        if (spec.structured() == StructuredMode.TOOL) {
            body.putArray("tools").addObject().put("name", TOOL_NAME)
                    .put("description", "Report where the photograph was taken, in the requested layout.")
                    .set("input_schema", schema);
            body.putObject("tool_choice").put("type", "tool").put("name", TOOL_NAME);
        } else if (spec.structured() == StructuredMode.OUTPUT_CONFIG) {
            body.putObject("output_config").putObject("format").put("type", "json_schema").set("schema", schema);
        }
        if (spec.thinkingBudget() != null && spec.thinkingBudget() > 0) {
            body.putObject("thinking").put("type", "enabled").put("budget_tokens", spec.thinkingBudget());
        }
        if (spec.temperature() != null) {
            body.put("temperature", spec.temperature());
        }
        return body;
    }

    @Override
    public Interpretation interpret(int httpStatus, String body) {
        JsonNode root = readJson(body);
        if (httpStatus < 200 || httpStatus > 299 || (root != null && "error".equals(root.path("type").asText()))) {
            JsonNode error = root == null ? null : root.get("error");
            String type = error == null ? null : textOrNull(error.get("type"));
            String code = error == null ? null : textOrNull(error.path("details").get("error_code"));
            String message = error == null ? WireFormat.Support.bodyText(body) : textOrNull(error.get("message"));
            return apiError(httpStatus < 300 ? 500 : httpStatus, type, code, message, null, null, false);
        }
        if (root == null || !root.isObject()) {
            return Interpretation.of(PredictionStatus.PARSE_FAILED, null, "the response body is not a JSON object", null);
        }
        ProviderUsage usage = usage(root.get("usage"));
        String stop = root.path("stop_reason").asText("");
        if ("refusal".equals(stop)) {
            String why = root.path("stop_details").path("explanation").asText(null);
            String category = root.path("stop_details").path("category").asText(null);
            return Interpretation.of(PredictionStatus.REFUSED, null, "stop_reason=refusal"
                    + (category == null ? "" : " category=" + category) + (why == null ? "" : ": " + cut(why)), usage);
        }
        String answer = null;
        StringBuilder text = new StringBuilder();
        for (JsonNode block : root.path("content")) {
            String type = block.path("type").asText();
            if ("tool_use".equals(type) && block.has("input")) {
                answer = block.get("input").toString();
            } else if ("text".equals(type)) {
                text.append(block.path("text").asText(""));
            }
        }
        AnswerParser.Result parsed = AnswerParser.parse(answer != null ? answer : text.toString());
        if ("max_tokens".equals(stop) || "model_context_window_exceeded".equals(stop)) {
            return Interpretation.truncated("stop_reason=" + stop, parsed, usage);
        }
        if ("pause_turn".equals(stop)) {
            return Interpretation.of(PredictionStatus.PARSE_FAILED, null, "stop_reason=pause_turn: the turn was paused",
                    usage);
        }
        return Interpretation.parsed(parsed, usage);
    }

    static ProviderUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long read = usage.path("cache_read_input_tokens").asLong(0);
        long write = usage.path("cache_creation_input_tokens").asLong(0);
        long thinking = usage.path("output_tokens_details").path("thinking_tokens").asLong(0);
        return new ProviderUsage(usage.path("input_tokens").asLong(0) + read + write, usage.path("output_tokens").asLong(0),
                read, write, thinking, null);
    }
}
