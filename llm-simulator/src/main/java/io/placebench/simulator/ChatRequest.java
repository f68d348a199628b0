package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.placebench.simulator.domain.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parts of an OpenAI Chat Completions request the simulator uses, validated the way the real API
 * would reject them (400 invalid_request_error naming the offending param).
 *
 * @param textTokens prompt tokens of the text and the chat format overhead (images not included)
 * @param images     image parts in order, still encoded
 * @param maxTokens  max_completion_tokens, else max_tokens, else null
 */
record ChatRequest(String model, int textTokens, List<ImagePart> images, Integer maxTokens) {

    /** An image_url part: where it is (for messages), its URL and its detail level. */
    record ImagePart(String where, String url, String detail) {
    }

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");

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

    static ChatRequest parse(JsonNode root, String model) {
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw ApiException.invalidRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (messages.isEmpty()) {
            throw ApiException.invalidRequest("Invalid 'messages': empty array. Expected an array with minimum length 1.",
                    "messages", "empty_array");
        }
        int textTokens = TokenCounter.REPLY_PRIMING_TOKENS;
        List<ImagePart> images = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            textTokens += TokenCounter.PER_MESSAGE_TOKENS + readMessage(messages.get(i), "messages[" + i + "]", images);
        }
        validateResponseFormat(root.get("response_format"));
        validateTemperature(root.get("temperature"));
        Integer maxTokens = readLimit(root, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = readLimit(root, "max_tokens");
        }
        if (images.isEmpty()) {
            throw ApiException.invalidRequest("The simulator needs an image: no message contains an image_url "
                    + "content part.", "messages", "image_required");
        }
        return new ChatRequest(model, textTokens, List.copyOf(images), maxTokens);
    }

    /** Validates one message, collects its images, and returns its text tokens. */
    private static int readMessage(JsonNode msg, String where, List<ImagePart> images) {
        if (msg == null || !msg.isObject()) {
            throw ApiException.invalidRequest("Invalid type for '" + where + "': expected an object.", where, "invalid_type");
        }
        JsonNode role = msg.get("role");
        if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
            throw ApiException.invalidRequest("Invalid value for '" + where + ".role': expected one of 'system', "
                    + "'developer', 'user', 'assistant', 'tool'.", where + ".role", "invalid_value");
        }
        JsonNode content = msg.get("content");
        if (content == null || content.isNull()) {
            if ("assistant".equals(role.asText())) {
                return 0;
            }
            throw ApiException.invalidRequest("Missing required parameter: '" + where + ".content'.", where + ".content",
                    "missing_required_parameter");
        }
        if (content.isTextual()) {
            return TokenCounter.textTokens(content.asText());
        }
        if (!content.isArray()) {
            throw ApiException.invalidRequest("Invalid type for '" + where + ".content': expected a string or an array "
                    + "of content parts.", where + ".content", "invalid_type");
        }
        int tokens = 0;
        for (int j = 0; j < content.size(); j++) {
            tokens += readPart(content.get(j), where + ".content[" + j + "]", images);
        }
        return tokens;
    }

    private static int readPart(JsonNode part, String where, List<ImagePart> images) {
        String type = part != null && part.isObject() ? part.path("type").asText("") : "";
        switch (type) {
            case "text" -> {
                JsonNode text = part.get("text");
                if (text == null || !text.isTextual()) {
                    throw ApiException.invalidRequest("Missing required parameter: '" + where + ".text'.", where + ".text",
                            "missing_required_parameter");
                }
                return TokenCounter.textTokens(text.asText());
            }
            case "image_url" -> {
                JsonNode url = part.path("image_url").get("url");
                if (url == null || !url.isTextual()) {
                    throw ApiException.invalidRequest("Missing required parameter: '" + where + ".image_url.url'.",
                            where + ".image_url.url", "missing_required_parameter");
                }
                String detail = part.path("image_url").path("detail").asText("auto");
                if (!Set.of("auto", "low", "high").contains(detail)) {
                    throw ApiException.invalidRequest("Invalid value: '" + detail + "'. Supported values are: 'auto', "
                            + "'low', and 'high'.", where + ".image_url.detail", "invalid_value");
                }
                images.add(new ImagePart(where, url.asText(), detail));
                return 0;
            }
            default -> throw ApiException.invalidRequest("Invalid value: '" + type + "'. Supported values are: 'text' "
                    + "and 'image_url'.", where + ".type", "invalid_value");
        }
    }

    private static void validateResponseFormat(JsonNode rf) {
        if (rf == null || rf.isNull()) {
            return;
        }
        String type = rf.path("type").asText("");
        if (!RESPONSE_FORMATS.contains(type)) {
            throw ApiException.invalidRequest("Invalid value: '" + type + "'. Supported values are: 'text', "
                    + "'json_object', and 'json_schema'.", "response_format.type", "invalid_value");
        }
        if (type.equals("json_schema") && !rf.path("json_schema").path("name").isTextual()) {
            throw ApiException.invalidRequest("Missing required parameter: 'response_format.json_schema.name'.",
                    "response_format.json_schema.name", "missing_required_parameter");
        }
    }

    private static void validateTemperature(JsonNode t) {
        if (t == null || t.isNull()) {
            return;
        }
        if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2) {
            throw ApiException.invalidRequest("Invalid 'temperature': expected a number between 0 and 2.", "temperature",
                    "invalid_value");
        }
    }

    private static Integer readLimit(JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
            throw ApiException.invalidRequest("Invalid '" + name + "': expected an integer of at least 1.", name,
                    "invalid_value");
        }
        return n.asInt();
    }
}
