package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.placebench.simulator.domain.TokenCounter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What OpenAI's two formats (Chat Completions, Responses) share: Bearer keys, the {@code {"error":{...}}} body,
 * the tile rule for images, x-ratelimit-* and retry-after(-ms) headers, x-request-id.
 */
abstract sealed class OpenAiFormat implements WireFormat permits OpenAiChatFormat, OpenAiResponsesFormat {

    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");

    @Override
    public String presentedKey(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    }

    @Override
    public ApiException missingKey() {
        return new ApiException(401, "invalid_request_error", "You didn't provide an API key. You need to provide your "
                + "API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null, null);
    }

    @Override
    public ApiException wrongKey(String presented) {
        return new ApiException(401, "invalid_request_error", "Incorrect API key provided: " + redact(presented) + ".",
                null, "invalid_api_key");
    }

    private static String redact(String key) {
        return key.length() <= 8 ? "***" : key.substring(0, 3) + "***" + key.substring(key.length() - 4);
    }

    @Override
    public ApiException unknownModel(String model) {
        return new ApiException(404, "invalid_request_error", "The model `" + model + "` does not exist or you do not "
                + "have access to it.", null, "model_not_found");
    }

    @Override
    public int imageTokens(ImageDecoder.DecodedImage img) {
        return TokenCounter.imageTokens(img.image().getWidth(), img.image().getHeight(), img.detail());
    }

    @Override
    public ApiException rateLimited(String model, String what, long limit, long retryAfterMs) {
        String unit = "tokens".equals(what) ? "tokens per min (TPM)" : "requests per min (RPM)";
        return Support.tooManyRequests("tokens".equals(what) ? "tokens" : "requests", "Rate limit reached for " + model
                + " in organization org-placebench-sim on " + unit + ": Limit " + limit + ", Used " + limit + ", Requested "
                + "1. Please try again in " + goDuration(retryAfterMs) + ". Visit https://platform.openai.com/account/"
                + "rate-limits to learn more.", what, limit, retryAfterMs);
    }

    @Override
    public ApiException quotaExhausted(String model) {
        return new ApiException(429, "insufficient_quota", "You exceeded your current quota, please check your plan and "
                + "billing details.", null, "insufficient_quota");
    }

    @Override
    public ApiException overloaded() {
        return new ApiException(503, "server_error", "The engine is currently overloaded, please try again later.", null,
                null);
    }

    @Override
    public ObjectNode errorBody(ApiException e, String requestId) {
        ObjectNode body = Support.JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type);
        error.put("param", e.param);
        error.put("code", e.code);
        return body;
    }

    @Override
    public void retryHeaders(ApiException e, Map<String, String> headers) {
        if (e.retryAfterMs != null) {
            headers.put("retry-after", Long.toString(e.retryAfterSeconds()));
            headers.put("retry-after-ms", Long.toString(e.retryAfterMs));
        }
    }

    @Override
    public void rateLimitHeaders(RateLimiter.Decision d, Map<String, String> headers, Instant now) {
        if (d.rpmLimit() > 0) {
            headers.put("x-ratelimit-limit-requests", Integer.toString(d.rpmLimit()));
            headers.put("x-ratelimit-remaining-requests", Long.toString(Math.max(0, d.rpmRemaining())));
            headers.put("x-ratelimit-reset-requests", goDuration(d.rpmResetMs()));
        }
        if (d.tpmLimit() > 0) {
            headers.put("x-ratelimit-limit-tokens", Long.toString(d.tpmLimit()));
            headers.put("x-ratelimit-remaining-tokens", Long.toString(Math.max(0, d.tpmRemaining())));
            headers.put("x-ratelimit-reset-tokens", goDuration(d.tpmResetMs()));
        }
    }

    @Override
    public void requestHeaders(Headers headers, String requestId, long processingMs) {
        headers.set("x-request-id", requestId);
        headers.set("openai-processing-ms", Long.toString(processingMs));
    }

    /** The type of response_format / text.format, checked: text, json_object or json_schema. */
    static String structuredType(JsonNode format, String param) {
        String type = format.path("type").asText("");
        if (!RESPONSE_FORMATS.contains(type)) {
            throw ApiException.invalidRequest("Invalid value: '" + type + "'. Supported values are: 'text', "
                    + "'json_object', and 'json_schema'.", param, "invalid_value");
        }
        return type;
    }

    static String detail(String detail, String where, Set<String> allowed) {
        if (!allowed.contains(detail)) {
            throw ApiException.invalidRequest("Invalid value: '" + detail + "'. Supported values are: " + allowed + ".",
                    where, "invalid_value");
        }
        return detail;
    }

    /** Go's time.Duration text, as OpenAI's reset headers use it: 120ms, 1.5s, 6m0s. */
    static String goDuration(long ms) {
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            double s = ms / 1000.0;
            return (s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.3f", s).replaceAll("0+$", "")) + "s";
        }
        return (ms / 60_000) + "m" + ((ms % 60_000) / 1000) + "s";
    }
}
