package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One wire format as the simulator serves it (as inference's WireFormat is one as it calls it): its path, its
 * credential, its request parsing, its answer, error body and headers. {@link Engine} runs the steps every
 * format shares; {@link SimulatorServer} routes a path to its format.
 */
interface WireFormat {

    /** Retry-after of an injected (not a real) rate limit: short, so that tests stay fast. */
    long INJECTED_RETRY_AFTER_MS = 200;

    static WireFormat of(Api api) {
        return switch (api) {
            case OPENAI_CHAT -> OpenAiChatFormat.INSTANCE;
            case OPENAI_RESPONSES -> OpenAiResponsesFormat.INSTANCE;
            case ANTHROPIC -> AnthropicFormat.INSTANCE;
            case GEMINI -> GeminiFormat.INSTANCE;
        };
    }

    Api api();

    /** The request path, exact; a capturing group holds the model when the path names it (Gemini). */
    Pattern path();

    /** The model the path names (URL-decoded), or null when the body names it. */
    default String pathModel(Matcher path) {
        return path.groupCount() > 0 ? URLDecoder.decode(path.group(1), StandardCharsets.UTF_8) : null;
    }

    /** The credential as this format carries it (Bearer, x-api-key, x-goog-api-key...), null if none. */
    String presentedKey(HttpExchange ex);

    /** Passes unless a key is configured and not presented (compared in constant time). */
    default void checkApiKey(String configured, String presented) {
        if (configured == null) {
            return;
        }
        if (presented == null) {
            throw missingKey();
        }
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), configured.getBytes(StandardCharsets.UTF_8))) {
            throw wrongKey(presented);
        }
    }

    ApiException missingKey();

    ApiException wrongKey(String presented);

    /** Validates the body (400 naming the field, as the real API words it) into what the engine needs. */
    SimRequest parse(JsonNode body, String model);

    ApiException unknownModel(String model);

    /** Prompt tokens of one image, by this provider's rule. */
    int imageTokens(ImageDecoder.DecodedImage image);

    /** 429 of a per-minute limit ({@code what}: requests or tokens), worded as this API words it. */
    ApiException rateLimited(String model, String what, long limit, long retryAfterMs);

    /** The error an injected fault of an error kind answers with. */
    default ApiException faultError(String model, Fault.Kind kind) {
        return switch (kind) {
            case RATE_LIMIT -> rateLimited(model, "requests", 60, INJECTED_RETRY_AFTER_MS);
            case QUOTA -> quotaExhausted(model);
            case OVERLOADED -> overloaded();
            case SERVER_ERROR -> serverError();
            case UNAVAILABLE -> new ApiException(503, "server_error", "The service is temporarily unavailable.", null, null);
            case UNAUTHORIZED -> new ApiException(401, "invalid_request_error", "Incorrect API key provided: sk-***.", null,
                    "invalid_api_key");
            default -> throw new IllegalArgumentException(kind + " is not an error fault");
        };
    }

    /** 429 that no wait cures. */
    ApiException quotaExhausted(String model);

    ApiException overloaded();

    default ApiException serverError() {
        return new ApiException(500, "server_error", "The server had an error while processing your request. Sorry "
                + "about that!", null, null);
    }

    /** A new response id (chatcmpl-, resp_, msg_01, Gemini's responseId). */
    String newId();

    /** The successful answer's body. */
    ObjectNode answer(SimRequest request, Completion completion, Instant now);

    ObjectNode errorBody(ApiException e, String requestId);

    /** Retry-after headers of an error (none by default: Gemini says it in the body). */
    default void retryHeaders(ApiException e, Map<String, String> headers) {
    }

    /** Rate-limit state headers of an admitted or refused request (none by default, as Gemini). */
    default void rateLimitHeaders(RateLimiter.Decision d, Map<String, String> headers, Instant now) {
    }

    /** The request id (and any timing) headers of an answer. */
    void requestHeaders(Headers headers, String requestId, long processingMs);

    /** Helpers shared by the formats. */
    final class Support {

        static final ObjectMapper JSON = new ObjectMapper();
        private static final String ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

        private Support() {
        }

        /** Reads {@code model} alone, so that the request log and the 404 come before any other validation. */
        static String readModel(JsonNode root) {
            JsonNode model = root.get("model");
            if (model == null || model.isNull() || (model.isTextual() && model.asText().isBlank())) {
                throw ApiException.invalidRequest("you must provide a model parameter", "model", null);
            }
            if (!model.isTextual()) {
                throw ApiException.invalidRequest("Invalid type for 'model': expected a string.", "model", "invalid_type");
            }
            return model.asText();
        }

        static String randomId(int length) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            StringBuilder sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                sb.append(ALPHANUM.charAt(r.nextInt(ALPHANUM.length())));
            }
            return sb.toString();
        }

        static String hex(int bytes) {
            byte[] b = new byte[bytes];
            ThreadLocalRandom.current().nextBytes(b);
            return HexFormat.of().formatHex(b);
        }

        /** The id of an error body or header: req_ and 24 letters or digits. */
        static String requestId() {
            return "req_" + randomId(24);
        }

        /**
         * A per-minute limit's 429: {@code type} as the format names it, and Gemini's QuotaFailure id and value
         * (carried by every format, rendered only by Gemini's error body).
         */
        static ApiException tooManyRequests(String type, String message, String what, long limit, long retryAfterMs) {
            return new ApiException(429, type, message, null, "rate_limit_exceeded", retryAfterMs,
                    "tokens".equals(what) ? "GenerateContentInputTokensPerModelPerMinute"
                            : "GenerateRequestsPerMinutePerProjectPerModel", Long.toString(limit));
        }
    }
}
