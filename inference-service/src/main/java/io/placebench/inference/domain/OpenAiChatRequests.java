package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Builds the body of an OpenAI Chat Completions request: the system prompt, one user message with a text part
 * and an {@code image_url} part carrying the image as a data URL, strict {@code json_schema} output named
 * {@code geo_guess}, the token limit and (when given) the temperature.
 * <p>
 * Run parameters read here: {@code max_tokens} (default {@value #DEFAULT_MAX_TOKENS}), {@code temperature},
 * {@code detail} (image detail, default {@code high}). {@code maxTokens} is accepted as an alias.
 */
public final class OpenAiChatRequests {

    public static final int DEFAULT_MAX_TOKENS = 800;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OpenAiChatRequests() {
    }

    /**
     * @param maxTokensField {@code max_tokens} (default) or {@code max_completion_tokens} (o-series models)
     */
    public static ObjectNode body(String model, Prompt prompt, PreparedImage image, Map<String, Object> parameters,
            String maxTokensField) {
        Map<String, Object> params = parameters == null ? Map.of() : parameters;
        ObjectNode body = F.objectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", prompt.system());
        ObjectNode user = messages.addObject().put("role", "user");
        ArrayNode parts = user.putArray("content");
        parts.addObject().put("type", "text").put("text", prompt.user());
        ObjectNode imagePart = parts.addObject().put("type", "image_url");
        imagePart.putObject("image_url")
                .put("url", image.dataUrl())
                .put("detail", String.valueOf(params.getOrDefault("detail", "high")));
        ObjectNode format = body.putObject("response_format").put("type", "json_schema");
        format.putObject("json_schema")
                .put("name", GeoGuessSchema.NAME)
                .put("strict", true)
                .set("schema", GeoGuessSchema.schema());
        body.put(maxTokensField == null ? "max_tokens" : maxTokensField, maxTokens(params));
        Object temperature = params.get("temperature");
        if (temperature != null) {
            body.put("temperature", decimal(temperature, "temperature"));
        }
        return body;
    }

    static int maxTokens(Map<String, Object> params) {
        Object value = params.containsKey("max_tokens") ? params.get("max_tokens") : params.get("maxTokens");
        if (value == null) {
            return DEFAULT_MAX_TOKENS;
        }
        BigDecimal number = decimal(value, "max_tokens");
        if (number.signum() <= 0 || number.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("max_tokens must be a positive integer, was " + value);
        }
        return number.intValueExact();
    }

    private static BigDecimal decimal(Object value, String name) {
        try {
            if (value instanceof JsonNode node) {
                return new BigDecimal(node.asText());
            }
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }
}
