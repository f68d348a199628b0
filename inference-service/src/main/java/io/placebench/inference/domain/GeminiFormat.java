package io.placebench.inference.domain;

import static io.placebench.inference.domain.WireFormat.Support.apiError;
import static io.placebench.inference.domain.WireFormat.Support.readJson;
import static io.placebench.inference.domain.WireFormat.Support.textOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.events.PredictionStatus;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini generateContent ({@code POST /models/{model}:generateContent}, header {@code x-goog-api-key}; the model
 * is in the path, never the key in the query).
 * <p>Request: {@code systemInstruction}, one user content with {@code inline_data} (mime_type, base64) then the
 * text, {@code generationConfig} with {@code responseMimeType:application/json} and {@code responseSchema} (the
 * OpenAPI subset: upper-case types, {@code nullable}, {@code propertyOrdering}, no additionalProperties),
 * {@code maxOutputTokens}, {@code temperature}, {@code thinkingConfig.thinkingBudget} when set.
 * <p>Response: {@code promptFeedback.blockReason} is CONTENT_FILTERED; a candidate's {@code finishReason}:
 * {@code MAX_TOKENS} TRUNCATED, safety reasons (SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII,
 * IMAGE_*) CONTENT_FILTERED, others parsed; parts marked {@code thought} are skipped. Errors:
 * {@code {"error":{code, message, status, details}}} with {@code RetryInfo.retryDelay} (the wait) and
 * {@code QuotaFailure} (a per-day quota or a limit of 0 is a quota no wait cures). Usage: promptTokenCount
 * (cachedContentTokenCount inside, toolUsePromptTokenCount added), candidatesTokenCount + thoughtsTokenCount
 * (thoughts are billed as output).
 */
public final class GeminiFormat implements WireFormat {

    public static final GeminiFormat INSTANCE = new GeminiFormat();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
            "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");
    private static final Pattern RETRY_IN = Pattern.compile("(?i)retry in ([0-9.]+)\\s*s");

    @Override
    public WireApi api() {
        return WireApi.GEMINI;
    }

    @Override
    public ObjectNode body(CallSpec spec) {
        ObjectNode body = F.objectNode();
        body.putObject("systemInstruction").putArray("parts").addObject().put("text", spec.prompt().system());
        ArrayNode parts = body.putArray("contents").addObject().put("role", "user").putArray("parts");
        parts.addObject().putObject("inline_data").put("mime_type", spec.image().mediaType())
                .put("data", spec.image().base64());
        parts.addObject().put("text", spec.prompt().user());
        ObjectNode config = body.putObject("generationConfig");
        if (spec.structured() == StructuredMode.RESPONSE_SCHEMA) {
            config.put("responseMimeType", "application/json");
            config.set("responseSchema", toGeminiSchema(spec.prompt().layout().schema()));
        } else if (spec.structured() == StructuredMode.JSON_OBJECT) {
            config.put("responseMimeType", "application/json");
        }
        config.put("maxOutputTokens", spec.maxTokens());
        if (spec.temperature() != null) {
            config.put("temperature", spec.temperature());
        }
        if (spec.thinkingBudget() != null) {
            config.putObject("thinkingConfig").put("thinkingBudget", spec.thinkingBudget());
        }
        return body;
    }

    /** JSON Schema to Gemini's OpenAPI subset. */
    static ObjectNode toGeminiSchema(JsonNode schema) {
        ObjectNode out = F.objectNode();
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if ("null".equals(t.asText())) {
                    out.put("nullable", true);
                } else {
                    out.put("type", t.asText().toUpperCase(Locale.ROOT));
                }
            }
        } else if (type != null) {
            out.put("type", type.asText().toUpperCase(Locale.ROOT));
        }
        for (String copy : new String[] {"description", "minimum", "maximum", "enum", "format"}) {
            if (schema.has(copy)) {
                out.set(copy, schema.get(copy));
            }
        }
        if (schema.path("properties").isObject()) {
            ObjectNode props = out.putObject("properties");
            ArrayNode order = F.arrayNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                props.set(e.getKey(), toGeminiSchema(e.getValue()));
                order.add(e.getKey());
            }
            if (schema.has("required")) {
                out.set("required", schema.get("required"));
            }
            out.set("propertyOrdering", order);
        }
        if (schema.has("items")) {
            out.set("items", toGeminiSchema(schema.get("items")));
        }
        return out;
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
        ProviderUsage usage = usage(root.get("usageMetadata"));
        String block = root.path("promptFeedback").path("blockReason").asText(null);
        if (block != null) {
            return Interpretation.of(PredictionStatus.CONTENT_FILTERED, null, "promptFeedback.blockReason=" + block, usage);
        }
        JsonNode candidate = root.path("candidates").path(0);
        if (!candidate.isObject()) {
            return Interpretation.of(PredictionStatus.PARSE_FAILED, null, "the response has no candidates", usage);
        }
        String finish = candidate.path("finishReason").asText("");
        if (FILTERED.contains(finish)) {
            return Interpretation.of(PredictionStatus.CONTENT_FILTERED, null, "finishReason=" + finish, usage);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (!part.path("thought").asBoolean(false) && part.has("text")) {
                text.append(part.get("text").asText());
            }
        }
        AnswerParser.Result parsed = AnswerParser.parse(text.toString());
        if ("MAX_TOKENS".equals(finish)) {
            return Interpretation.truncated("finishReason=MAX_TOKENS", parsed, usage);
        }
        if (!finish.isEmpty() && !"STOP".equals(finish) && !parsed.ok()) {
            return Interpretation.of(PredictionStatus.PARSE_FAILED, null, "finishReason=" + finish + ": " + parsed.error(),
                    usage);
        }
        return Interpretation.parsed(parsed, usage);
    }

    static Interpretation error(int httpStatus, String body, JsonNode root) {
        JsonNode error = root == null ? null : root.get("error");
        if (error == null || !error.isObject()) {
            return apiError(httpStatus, null, null, WireFormat.Support.bodyText(body), null, null, false);
        }
        String status = textOrNull(error.get("status"));
        String message = textOrNull(error.get("message"));
        Duration retry = null;
        boolean exhausted = false;
        String quotaId = null;
        for (JsonNode d : error.path("details")) {
            String type = d.path("@type").asText("");
            if (type.endsWith("google.rpc.RetryInfo")) {
                retry = ServerLimits.protoDuration(d.path("retryDelay").asText(null));
            } else if (type.endsWith("google.rpc.QuotaFailure")) {
                for (JsonNode v : d.path("violations")) {
                    quotaId = v.path("quotaId").asText(quotaId);
                    if (v.path("quotaId").asText("").contains("PerDay") || "0".equals(v.path("quotaValue").asText())) {
                        exhausted = true;
                    }
                }
            } else if (type.endsWith("google.rpc.ErrorInfo") && d.path("reason").isTextual() && quotaId == null) {
                quotaId = d.path("reason").asText();
            }
        }
        if (message != null && message.contains("limit: 0")) {
            exhausted = true;
        }
        if (retry == null && message != null) {
            Matcher m = RETRY_IN.matcher(message);
            if (m.find()) {
                retry = Duration.ofMillis((long) (Double.parseDouble(m.group(1)) * 1000));
            }
        }
        return apiError(httpStatus, status, quotaId, message, null, retry, exhausted);
    }

    static ProviderUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long thoughts = usage.path("thoughtsTokenCount").asLong(0);
        return new ProviderUsage(
                usage.path("promptTokenCount").asLong(0) + usage.path("toolUsePromptTokenCount").asLong(0),
                usage.path("candidatesTokenCount").asLong(0) + thoughts,
                usage.path("cachedContentTokenCount").asLong(0), 0, thoughts, null);
    }
}
