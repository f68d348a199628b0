package io.placebench.simulator;

import static io.placebench.simulator.RequestFields.layout;
import static io.placebench.simulator.RequestFields.requireImage;
import static io.placebench.simulator.RequestFields.temperature;
import static io.placebench.simulator.RequestFields.textPart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.placebench.simulator.domain.TokenCounter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Gemini generateContent, {@code POST /v1beta/models/{model}:generateContent} (the model in the path):
 * {@code x-goog-api-key} or {@code ?key=}, Google's {@code {"error":{"code","message","status","details"}}} with
 * QuotaFailure, Help, RetryInfo and BadRequest details, no rate-limit headers.
 */
final class GeminiFormat implements WireFormat {

    static final GeminiFormat INSTANCE = new GeminiFormat();

    private static final Pattern PATH = Pattern.compile("^/v1(?:beta)?/models/([^/:]+):generateContent$");

    private GeminiFormat() {
    }

    @Override
    public Api api() {
        return Api.GEMINI;
    }

    @Override
    public Pattern path() {
        return PATH;
    }

    @Override
    public String presentedKey(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("x-goog-api-key");
        String query = ex.getRequestURI().getRawQuery();
        if (header == null && query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("key=")) {
                    header = URLDecoder.decode(kv.substring(4), StandardCharsets.UTF_8);
                }
            }
        }
        return header;
    }

    @Override
    public ApiException missingKey() {
        return new ApiException(403, "permission_error", "Method doesn't allow unregistered callers (callers without "
                + "established identity). Please use API Key or other form of API consumer identity to call this API.",
                null, null);
    }

    @Override
    public ApiException wrongKey(String presented) {
        return new ApiException(400, "invalid_request_error", "API key not valid. Please pass a valid API key.", null,
                "API_KEY_INVALID");
    }

    @Override
    public SimRequest parse(JsonNode root, String model) {
        JsonNode contents = root.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            throw ApiException.invalidRequest("* GenerateContentRequest.contents: contents is not specified", "contents", null);
        }
        int textTokens = 0;
        StringBuilder text = new StringBuilder();
        List<SimRequest.ImagePart> images = new ArrayList<>();
        JsonNode system = either(root, "systemInstruction", "system_instruction");
        if (system != null && system.path("parts").isArray()) {
            for (JsonNode part : system.get("parts")) {
                textTokens += textPart(part.get("text"), "system_instruction.parts.text", text);
            }
        }
        for (int i = 0; i < contents.size(); i++) {
            String where = "contents[" + i + "]";
            JsonNode parts = contents.get(i).path("parts");
            if (!parts.isArray() || parts.isEmpty()) {
                throw ApiException.invalidRequest("* GenerateContentRequest." + where + ".parts: contents.parts must not be empty.",
                        where + ".parts", null);
            }
            for (int j = 0; j < parts.size(); j++) {
                textTokens += part(parts.get(j), where + ".parts[" + j + "]", images, text);
            }
        }
        JsonNode config = root.has("generationConfig") ? root.get("generationConfig") : root.path("generation_config");
        JsonNode schema = null;
        boolean structured = false;
        String mime = eitherText(config, "responseMimeType", "response_mime_type");
        if (!mime.isEmpty() && !mime.equals("text/plain") && !mime.equals("application/json")) {
            throw ApiException.invalidRequest("* GenerateContentRequest.generation_config.response_mime_type: allowed "
                    + "mimetypes are `text/plain` and `application/json`.", "generation_config.response_mime_type", null);
        }
        if (mime.equals("application/json")) {
            structured = true;
            for (String name : new String[] {"responseSchema", "response_schema", "responseJsonSchema", "response_json_schema"}) {
                if (config.has(name)) {
                    schema = config.get(name);
                }
            }
        }
        JsonNode max = either(config, "maxOutputTokens", "max_output_tokens");
        Integer maxTokens = null;
        if (max != null && !max.isNull()) {
            if (!max.canConvertToInt() || max.asInt() < 1) {
                throw ApiException.invalidRequest("* GenerateContentRequest.generation_config.max_output_tokens: must be "
                        + "a positive integer.", "generation_config.max_output_tokens", null);
            }
            maxTokens = max.asInt();
        }
        temperature(config.get("temperature"), 2);
        requireImage(images, "contents");
        return new SimRequest(model, textTokens, List.copyOf(images), maxTokens, structured, layout(schema, text), null);
    }

    /** One part: its text tokens (images go to {@code images}). */
    private static int part(JsonNode part, String where, List<SimRequest.ImagePart> images, StringBuilder text) {
        JsonNode inline = either(part, "inline_data", "inlineData");
        JsonNode file = either(part, "file_data", "fileData");
        if (part.has("text")) {
            return textPart(part.get("text"), where + ".text", text);
        }
        if (inline != null) {
            String media = eitherText(inline, "mime_type", "mimeType");
            if (!inline.path("data").isTextual() || media.isEmpty()) {
                throw ApiException.invalidRequest("* GenerateContentRequest." + where
                        + ".inline_data: mime_type and data are required.", where + ".inline_data", null);
            }
            images.add(new SimRequest.ImagePart(where, null, inline.get("data").asText(), media, "auto"));
        } else if (file != null) {
            String uri = eitherText(file, "file_uri", "fileUri");
            images.add(new SimRequest.ImagePart(where, uri, null, null, "auto"));
        } else {
            throw ApiException.invalidRequest("* GenerateContentRequest." + where + ": part has no data.", where, null);
        }
        return 0;
    }

    /** Google accepts both spellings of a field: the first if present, else the second (null if neither). */
    private static JsonNode either(JsonNode node, String name, String otherName) {
        return node.has(name) ? node.get(name) : node.get(otherName);
    }

    /** {@link #either} as text, "" when absent or not a value. */
    private static String eitherText(JsonNode node, String name, String otherName) {
        return node.path(node.has(name) ? name : otherName).asText("");
    }

    @Override
    public ApiException unknownModel(String model) {
        return new ApiException(404, "not_found_error", "models/" + model + " is not found for API version v1beta, or is "
                + "not supported for generateContent. Call ListModels to see the list of available models and their "
                + "supported methods.", "model", null);
    }

    @Override
    public int imageTokens(ImageDecoder.DecodedImage img) {
        return TokenCounter.geminiImageTokens(img.image().getWidth(), img.image().getHeight());
    }

    @Override
    public ApiException rateLimited(String model, String what, long limit, long retryAfterMs) {
        return Support.tooManyRequests("rate_limit_error", "You exceeded your current quota, please check your plan and "
                + "billing details. Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_requests, "
                + "limit: " + limit + ", model: " + model + ". Please retry in "
                + String.format(Locale.ROOT, "%.2f", retryAfterMs / 1000.0) + "s.", what, limit, retryAfterMs);
    }

    @Override
    public ApiException quotaExhausted(String model) {
        return new ApiException(429, "rate_limit_error", "You exceeded your current quota, please check your plan and "
                + "billing details. Quota exceeded for metric: generativelanguage.googleapis.com/"
                + "generate_content_free_tier_requests, limit: 0, model: " + model + ". Please retry in 32.5s.",
                null, null, 32_500L, "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "0");
    }

    @Override
    public ApiException overloaded() {
        return new ApiException(503, "server_error", "The model is overloaded. Please try again later.", null, null);
    }

    @Override
    public ApiException serverError() {
        return new ApiException(500, "server_error", "An internal error has occurred. Please retry or report in "
                + "https://developers.generativeai.google/guide/troubleshooting", null, null);
    }

    @Override
    public String newId() {
        return Support.randomId(22);
    }

    @Override
    public ObjectNode answer(SimRequest req, Completion c, Instant now) {
        ObjectNode body = Support.JSON.createObjectNode();
        if (c.finish() == Completion.Finish.FILTER) {
            ObjectNode feedback = body.putObject("promptFeedback").put("blockReason", "SAFETY");
            feedback.putArray("safetyRatings").addObject().put("category", "HARM_CATEGORY_DANGEROUS_CONTENT")
                    .put("probability", "HIGH");
        } else {
            ObjectNode candidate = body.putArray("candidates").addObject();
            if (c.finish() == Completion.Finish.REFUSAL) {
                candidate.put("finishReason", "SAFETY");
                candidate.putArray("safetyRatings").addObject().put("category", "HARM_CATEGORY_DANGEROUS_CONTENT")
                        .put("probability", "MEDIUM").put("blocked", true);
            } else {
                ObjectNode content = candidate.putObject("content");
                content.putArray("parts").addObject().put("text", c.text());
                content.put("role", "model");
                candidate.put("finishReason", c.finish() == Completion.Finish.LENGTH ? "MAX_TOKENS" : "STOP");
            }
            candidate.put("index", 0);
        }
        ObjectNode usage = body.putObject("usageMetadata");
        usage.put("promptTokenCount", c.promptTokens());
        boolean answered = c.finish() != Completion.Finish.FILTER;
        int candidates = c.finish() == Completion.Finish.REFUSAL ? 0 : c.outputTokens();
        if (answered) {
            usage.put("candidatesTokenCount", candidates);
            if (c.reasoningTokens() > 0) {
                usage.put("thoughtsTokenCount", c.reasoningTokens());
            }
        }
        usage.put("totalTokenCount", c.promptTokens() + (answered ? candidates + c.reasoningTokens() : 0));
        ArrayNode details = usage.putArray("promptTokensDetails");
        details.addObject().put("modality", "TEXT").put("tokenCount", c.promptTokens() - c.imageTokens());
        details.addObject().put("modality", "IMAGE").put("tokenCount", c.imageTokens());
        body.put("modelVersion", req.model());
        body.put("responseId", c.id());
        return body;
    }

    @Override
    public ObjectNode errorBody(ApiException e, String requestId) {
        ObjectNode body = Support.JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", e.status);
        error.put("message", e.getMessage());
        error.put("status", status(e.status));
        ArrayNode details = error.putArray("details");
        if (e.status == 429) {
            ObjectNode quota = details.addObject();
            quota.put("@type", "type.googleapis.com/google.rpc.QuotaFailure");
            ObjectNode violation = quota.putArray("violations").addObject();
            violation.put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests");
            violation.put("quotaId", e.quotaId == null ? "GenerateRequestsPerMinutePerProjectPerModel" : e.quotaId);
            if (e.quotaValue != null) {
                violation.put("quotaValue", e.quotaValue);
            }
            details.addObject().put("@type", "type.googleapis.com/google.rpc.Help").putArray("links").addObject()
                    .put("description", "Learn more about Gemini API quotas")
                    .put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
        }
        if (e.retryAfterMs != null) {
            details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                    .put("retryDelay", protoDuration(e.retryAfterMs));
        }
        if (e.status == 400 && e.param != null) {
            ObjectNode bad = details.addObject().put("@type", "type.googleapis.com/google.rpc.BadRequest");
            bad.putArray("fieldViolations").addObject().put("field", e.param).put("description", e.getMessage());
        }
        return body;
    }

    private static String status(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
    }

    /** google.protobuf.Duration in JSON: "32s", "0.250s". */
    private static String protoDuration(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
    }

    @Override
    public void requestHeaders(Headers headers, String requestId, long processingMs) {
        headers.set("x-goog-request-id", requestId);
    }
}
