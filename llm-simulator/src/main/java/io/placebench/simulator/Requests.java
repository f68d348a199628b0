package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.placebench.simulator.domain.Layout;
import io.placebench.simulator.domain.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and validates requests of the four wire formats into a {@link SimRequest}, rejecting what the real
 * APIs reject (400 naming the offending field).
 */
final class Requests {

    /** Anthropic adds a system prompt of about this many tokens when tools are in play (tool_choice any/tool). */
    static final int ANTHROPIC_TOOL_OVERHEAD_TOKENS = 313;

    /** Simulated reasoning models behave like OpenAI's o-series on the OpenAI formats. */
    static final Set<String> REASONING_MODELS = Set.of("sim-think");
    private static final Set<String> CHAT_ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
    private static final Set<String> ANTHROPIC_MEDIA = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private Requests() {
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

    static SimRequest parse(Api api, JsonNode root, String model) {
        return switch (api) {
            case OPENAI_CHAT -> chat(root, model);
            case OPENAI_RESPONSES -> responses(root, model);
            case ANTHROPIC -> anthropic(root, model);
            case GEMINI -> gemini(root, model);
        };
    }

    // ---------------------------------------------------------------- OpenAI Chat Completions

    static SimRequest chat(JsonNode root, String model) {
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw ApiException.invalidRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (messages.isEmpty()) {
            throw ApiException.invalidRequest("Invalid 'messages': empty array. Expected an array with minimum length 1.",
                    "messages", "empty_array");
        }
        int textTokens = TokenCounter.REPLY_PRIMING_TOKENS;
        List<SimRequest.ImagePart> images = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            textTokens += TokenCounter.PER_MESSAGE_TOKENS + chatMessage(messages.get(i), "messages[" + i + "]", images, text);
        }
        JsonNode schema = null;
        boolean structured = false;
        JsonNode rf = root.get("response_format");
        if (rf != null && !rf.isNull()) {
            String type = rf.path("type").asText("");
            if (!RESPONSE_FORMATS.contains(type)) {
                throw ApiException.invalidRequest("Invalid value: '" + type + "'. Supported values are: 'text', "
                        + "'json_object', and 'json_schema'.", "response_format.type", "invalid_value");
            }
            if (type.equals("json_schema")) {
                if (rf.has("schema") && !rf.has("json_schema")) {
                    schema = rf.get("schema"); // llama.cpp's shape: {"type":"json_schema","schema":{...}}
                } else if (!rf.path("json_schema").path("name").isTextual()) {
                    throw ApiException.invalidRequest("Missing required parameter: 'response_format.json_schema.name'.",
                            "response_format.json_schema.name", "missing_required_parameter");
                } else {
                    schema = rf.path("json_schema").get("schema");
                }
                structured = true;
            }
        }
        JsonNode so = root.get("structured_outputs"); // vLLM >= 0.12
        if (so != null && so.isObject() && so.has("json")) {
            schema = so.get("json");
            structured = true;
        }
        temperature(root.get("temperature"), 2);
        Integer maxTokens = limit(root, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = limit(root, "max_tokens");
        }
        if (REASONING_MODELS.contains(model)) { // like the o-series: max_tokens and temperature are refused
            if (root.has("max_tokens")) {
                throw ApiException.invalidRequest("Unsupported parameter: 'max_tokens' is not supported with this model. "
                        + "Use 'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter");
            }
            JsonNode t = root.get("temperature");
            if (t != null && !t.isNull() && t.asDouble() != 1.0) {
                throw ApiException.invalidRequest("Unsupported value: 'temperature' does not support " + t.asText()
                        + " with this model. Only the default (1) value is supported.", "temperature", "unsupported_value");
            }
        }
        requireImage(images, "messages");
        return new SimRequest(Api.OPENAI_CHAT, model, textTokens, List.copyOf(images), maxTokens, structured,
                layout(schema, text), null);
    }

    private static int chatMessage(JsonNode msg, String where, List<SimRequest.ImagePart> images, StringBuilder text) {
        if (msg == null || !msg.isObject()) {
            throw ApiException.invalidRequest("Invalid type for '" + where + "': expected an object.", where, "invalid_type");
        }
        JsonNode role = msg.get("role");
        if (role == null || !role.isTextual() || !CHAT_ROLES.contains(role.asText())) {
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
            text.append(content.asText()).append('\n');
            return TokenCounter.textTokens(content.asText());
        }
        if (!content.isArray()) {
            throw ApiException.invalidRequest("Invalid type for '" + where + ".content': expected a string or an array "
                    + "of content parts.", where + ".content", "invalid_type");
        }
        int tokens = 0;
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partWhere = where + ".content[" + j + "]";
            String type = part != null && part.isObject() ? part.path("type").asText("") : "";
            switch (type) {
                case "text" -> tokens += textPart(part.get("text"), partWhere + ".text", text);
                case "image_url" -> {
                    JsonNode url = part.path("image_url").get("url");
                    if (url == null || !url.isTextual()) {
                        throw ApiException.invalidRequest("Missing required parameter: '" + partWhere + ".image_url.url'.",
                                partWhere + ".image_url.url", "missing_required_parameter");
                    }
                    String detail = detail(part.path("image_url").path("detail").asText("auto"), partWhere + ".image_url.detail",
                            Set.of("auto", "low", "high"));
                    images.add(new SimRequest.ImagePart(partWhere, url.asText(), null, null, detail));
                }
                default -> throw ApiException.invalidRequest("Invalid value: '" + type + "'. Supported values are: 'text' "
                        + "and 'image_url'.", partWhere + ".type", "invalid_value");
            }
        }
        return tokens;
    }

    // ---------------------------------------------------------------- OpenAI Responses

    static SimRequest responses(JsonNode root, String model) {
        JsonNode input = root.get("input");
        if (input == null || input.isNull()) {
            throw ApiException.invalidRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }
        int textTokens = TokenCounter.REPLY_PRIMING_TOKENS;
        StringBuilder text = new StringBuilder();
        List<SimRequest.ImagePart> images = new ArrayList<>();
        JsonNode instructions = root.get("instructions");
        if (instructions != null && instructions.isTextual()) {
            textTokens += TokenCounter.PER_MESSAGE_TOKENS + textPart(instructions, "instructions", text);
        }
        if (input.isTextual()) {
            textTokens += TokenCounter.PER_MESSAGE_TOKENS + textPart(input, "input", text);
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                String where = "input[" + i + "]";
                JsonNode item = input.get(i);
                if (item == null || !item.isObject() || !item.path("role").isTextual()) {
                    throw ApiException.invalidRequest("Invalid '" + where + "': expected a message with a role.", where,
                            "invalid_type");
                }
                textTokens += TokenCounter.PER_MESSAGE_TOKENS;
                JsonNode content = item.get("content");
                if (content != null && content.isTextual()) {
                    textTokens += textPart(content, where + ".content", text);
                    continue;
                }
                if (content == null || !content.isArray()) {
                    throw ApiException.invalidRequest("Invalid type for '" + where + ".content': expected a string or an "
                            + "array of input items.", where + ".content", "invalid_type");
                }
                for (int j = 0; j < content.size(); j++) {
                    JsonNode part = content.get(j);
                    String partWhere = where + ".content[" + j + "]";
                    String type = part != null && part.isObject() ? part.path("type").asText("") : "";
                    switch (type) {
                        case "input_text", "output_text" -> textTokens += textPart(part.get("text"), partWhere + ".text", text);
                        case "input_image" -> {
                            JsonNode url = part.get("image_url");
                            if (url == null || !url.isTextual()) {
                                throw ApiException.invalidRequest("The simulator needs '" + partWhere + ".image_url' (a "
                                        + "data URL); file_id is not supported.", partWhere + ".image_url",
                                        "missing_required_parameter");
                            }
                            String detail = detail(part.path("detail").asText("auto"), partWhere + ".detail",
                                    Set.of("auto", "low", "high", "original"));
                            images.add(new SimRequest.ImagePart(partWhere, url.asText(), null, null, detail));
                        }
                        default -> throw ApiException.invalidRequest("Invalid value: '" + type + "'. Supported values "
                                + "are: 'input_text' and 'input_image'.", partWhere + ".type", "invalid_value");
                    }
                }
            }
        } else {
            throw ApiException.invalidRequest("Invalid type for 'input': expected a string or an array.", "input",
                    "invalid_type");
        }
        JsonNode schema = null;
        boolean structured = false;
        JsonNode format = root.path("text").get("format");
        if (format != null && format.isObject()) {
            String type = format.path("type").asText("");
            if (!RESPONSE_FORMATS.contains(type)) {
                throw ApiException.invalidRequest("Invalid value: '" + type + "'. Supported values are: 'text', "
                        + "'json_object', and 'json_schema'.", "text.format.type", "invalid_value");
            }
            if (type.equals("json_schema")) {
                if (!format.path("name").isTextual()) {
                    throw ApiException.invalidRequest("Missing required parameter: 'text.format.name'.", "text.format.name",
                            "missing_required_parameter");
                }
                schema = format.get("schema");
                structured = true;
            }
        }
        temperature(root.get("temperature"), 2);
        Integer maxTokens = limit(root, "max_output_tokens");
        requireImage(images, "input");
        return new SimRequest(Api.OPENAI_RESPONSES, model, textTokens, List.copyOf(images), maxTokens, structured,
                layout(schema, text), null);
    }

    // ---------------------------------------------------------------- Anthropic Messages

    static SimRequest anthropic(JsonNode root, String model) {
        Integer maxTokens = limit(root, "max_tokens");
        if (maxTokens == null) {
            throw ApiException.invalidRequest("max_tokens: Field required", "max_tokens", null);
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalidRequest("messages: Field required (at least one message)", "messages", null);
        }
        int textTokens = 0;
        StringBuilder text = new StringBuilder();
        List<SimRequest.ImagePart> images = new ArrayList<>();
        JsonNode system = root.get("system");
        if (system != null && system.isTextual()) {
            textTokens += textPart(system, "system", text);
        } else if (system != null && system.isArray()) {
            for (int i = 0; i < system.size(); i++) {
                textTokens += textPart(system.get(i).get("text"), "system." + i + ".text", text);
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            String where = "messages." + i;
            JsonNode msg = messages.get(i);
            String role = msg == null ? "" : msg.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw ApiException.invalidRequest(where + ".role: Input should be 'user' or 'assistant'", where + ".role", null);
            }
            textTokens += TokenCounter.PER_MESSAGE_TOKENS;
            JsonNode content = msg.get("content");
            if (content != null && content.isTextual()) {
                textTokens += textPart(content, where + ".content", text);
                continue;
            }
            if (content == null || !content.isArray()) {
                throw ApiException.invalidRequest(where + ".content: Input should be a valid list", where + ".content", null);
            }
            for (int j = 0; j < content.size(); j++) {
                JsonNode block = content.get(j);
                String blockWhere = where + ".content." + j;
                String type = block != null && block.isObject() ? block.path("type").asText("") : "";
                switch (type) {
                    case "text" -> textTokens += textPart(block.get("text"), blockWhere + ".text", text);
                    case "image" -> {
                        JsonNode source = block.path("source");
                        String sourceType = source.path("type").asText("");
                        if (sourceType.equals("url")) {
                            images.add(new SimRequest.ImagePart(blockWhere, source.path("url").asText(""), null, null, "auto"));
                        } else if (sourceType.equals("base64")) {
                            String media = source.path("media_type").asText("");
                            if (!ANTHROPIC_MEDIA.contains(media)) {
                                throw ApiException.invalidRequest(blockWhere + ".source.media_type: Input should be "
                                        + "'image/jpeg', 'image/png', 'image/gif' or 'image/webp'", blockWhere + ".source.media_type", null);
                            }
                            if (!source.path("data").isTextual()) {
                                throw ApiException.invalidRequest(blockWhere + ".source.data: Field required",
                                        blockWhere + ".source.data", null);
                            }
                            images.add(new SimRequest.ImagePart(blockWhere, null, source.get("data").asText(), media, "auto"));
                        } else {
                            throw ApiException.invalidRequest(blockWhere + ".source.type: Input should be 'base64' or 'url'",
                                    blockWhere + ".source.type", null);
                        }
                    }
                    default -> throw ApiException.invalidRequest(blockWhere + ".type: Input tag '" + type
                            + "' found using 'type' does not match any of the expected tags: 'text', 'image'",
                            blockWhere + ".type", null);
                }
            }
        }
        JsonNode schema = null;
        boolean structured = false;
        String toolName = null;
        JsonNode tools = root.get("tools");
        JsonNode choice = root.get("tool_choice");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            textTokens += ANTHROPIC_TOOL_OVERHEAD_TOKENS + TokenCounter.textTokens(tools.toString());
            if (choice != null && "tool".equals(choice.path("type").asText())) {
                String name = choice.path("name").asText("");
                for (JsonNode tool : tools) {
                    if (name.equals(tool.path("name").asText())) {
                        toolName = name;
                        schema = tool.get("input_schema");
                    }
                }
                if (toolName == null) {
                    throw ApiException.invalidRequest("tool_choice.name: no tool named '" + name + "' in tools",
                            "tool_choice.name", null);
                }
                structured = true;
            }
        }
        JsonNode outputFormat = root.path("output_config").get("format");
        if (outputFormat == null || !outputFormat.isObject()) {
            outputFormat = root.get("output_format"); // the earlier beta name
        }
        if (outputFormat != null && outputFormat.isObject() && toolName == null) {
            if (!"json_schema".equals(outputFormat.path("type").asText())) {
                throw ApiException.invalidRequest("output_config.format.type: Input should be 'json_schema'",
                        "output_config.format.type", null);
            }
            schema = outputFormat.get("schema");
            textTokens += TokenCounter.textTokens(String.valueOf(schema));
            structured = true;
        }
        temperature(root.get("temperature"), 1);
        requireImage(images, "messages");
        return new SimRequest(Api.ANTHROPIC, model, textTokens, List.copyOf(images), maxTokens, structured,
                layout(schema, text), toolName);
    }

    // ---------------------------------------------------------------- Gemini generateContent

    static SimRequest gemini(JsonNode root, String model) {
        JsonNode contents = root.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            throw ApiException.invalidRequest("* GenerateContentRequest.contents: contents is not specified", "contents", null);
        }
        int textTokens = 0;
        StringBuilder text = new StringBuilder();
        List<SimRequest.ImagePart> images = new ArrayList<>();
        JsonNode system = root.has("systemInstruction") ? root.get("systemInstruction") : root.get("system_instruction");
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
                JsonNode part = parts.get(j);
                String partWhere = where + ".parts[" + j + "]";
                JsonNode inline = part.has("inline_data") ? part.get("inline_data") : part.get("inlineData");
                JsonNode file = part.has("file_data") ? part.get("file_data") : part.get("fileData");
                if (part.has("text")) {
                    textTokens += textPart(part.get("text"), partWhere + ".text", text);
                } else if (inline != null) {
                    String media = inline.has("mime_type") ? inline.path("mime_type").asText("") : inline.path("mimeType").asText("");
                    if (!inline.path("data").isTextual() || media.isEmpty()) {
                        throw ApiException.invalidRequest("* GenerateContentRequest." + partWhere
                                + ".inline_data: mime_type and data are required.", partWhere + ".inline_data", null);
                    }
                    images.add(new SimRequest.ImagePart(partWhere, null, inline.get("data").asText(), media, "auto"));
                } else if (file != null) {
                    String uri = file.has("file_uri") ? file.path("file_uri").asText("") : file.path("fileUri").asText("");
                    images.add(new SimRequest.ImagePart(partWhere, uri, null, null, "auto"));
                } else {
                    throw ApiException.invalidRequest("* GenerateContentRequest." + partWhere + ": part has no data.",
                            partWhere, null);
                }
            }
        }
        JsonNode config = root.has("generationConfig") ? root.get("generationConfig") : root.path("generation_config");
        JsonNode schema = null;
        boolean structured = false;
        String mime = config.has("responseMimeType") ? config.path("responseMimeType").asText("")
                : config.path("response_mime_type").asText("");
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
        JsonNode max = config.has("maxOutputTokens") ? config.get("maxOutputTokens") : config.get("max_output_tokens");
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
        return new SimRequest(Api.GEMINI, model, textTokens, List.copyOf(images), maxTokens, structured,
                layout(schema, text), null);
    }

    // ---------------------------------------------------------------- shared

    private static int textPart(JsonNode text, String where, StringBuilder all) {
        if (text == null || !text.isTextual()) {
            throw ApiException.invalidRequest("Missing required parameter: '" + where + "'.", where, "missing_required_parameter");
        }
        all.append(text.asText()).append('\n');
        return TokenCounter.textTokens(text.asText());
    }

    private static String detail(String detail, String where, Set<String> allowed) {
        if (!allowed.contains(detail)) {
            throw ApiException.invalidRequest("Invalid value: '" + detail + "'. Supported values are: " + allowed + ".",
                    where, "invalid_value");
        }
        return detail;
    }

    private static void requireImage(List<SimRequest.ImagePart> images, String param) {
        if (images.isEmpty()) {
            throw ApiException.invalidRequest("The simulator needs an image: no message contains an image part.", param,
                    "image_required");
        }
    }

    private static void temperature(JsonNode t, double max) {
        if (t == null || t.isNull()) {
            return;
        }
        if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > max) {
            throw ApiException.invalidRequest("Invalid 'temperature': expected a number between 0 and " + (int) max + ".",
                    "temperature", "invalid_value");
        }
    }

    private static Integer limit(JsonNode root, String name) {
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

    private static Layout layout(JsonNode schema, StringBuilder text) {
        Layout fromSchema = Layout.fromSchema(schema);
        return fromSchema != null ? fromSchema : Layout.fromText(text.toString());
    }
}
