package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.events.PredictionStatus;
import java.math.BigDecimal;

/** One wire format: builds the request body of a call and interprets the response (any status) it gets back. */
public interface WireFormat {

    WireApi api();

    ObjectNode body(CallSpec spec);

    Interpretation interpret(int httpStatus, String body);

    static WireFormat of(WireApi api) {
        return switch (api) {
            case OPENAI_CHAT -> OpenAiChatFormat.INSTANCE;
            case OPENAI_RESPONSES -> OpenAiResponsesFormat.INSTANCE;
            case ANTHROPIC -> AnthropicFormat.INSTANCE;
            case GEMINI -> GeminiFormat.INSTANCE;
        };
    }

    /** Helpers shared by the formats. */
    final class Support {
        static final ObjectMapper JSON = new ObjectMapper();
        static final int MAX_ERROR = 500;

        private Support() {
        }

        static JsonNode readJson(String body) {
            if (body == null || body.isBlank()) {
                return null;
            }
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                return null;
            }
        }

        static String textOrNull(JsonNode node) {
            return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
        }

        static String cut(String text) {
            return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 3) + "...";
        }

        static BigDecimal decimalOrNull(JsonNode node) {
            return node != null && node.isNumber() ? node.decimalValue() : null;
        }

        /** "HTTP 429 type=rate_limit_error code=rate_limit_exceeded: message" */
        static String errorText(int status, String type, String code, String message) {
            StringBuilder text = new StringBuilder("HTTP ").append(status);
            if (type != null) {
                text.append(" type=").append(type);
            }
            if (code != null) {
                text.append(" code=").append(code);
            }
            if (message != null) {
                text.append(": ").append(message);
            }
            return cut(text.toString());
        }

        static Interpretation apiError(int status, String type, String code, String message, ProviderUsage usage,
                java.time.Duration retryAfter, boolean quotaExhausted) {
            return new Interpretation(PredictionStatus.API_ERROR, null, errorText(status, type, code, message), status,
                    type, code, usage, retryAfter, quotaExhausted);
        }

        static String bodyText(String body) {
            return body == null || body.isBlank() ? null : body.strip();
        }
    }
}
