package io.placebench.simulator;

import static io.placebench.simulator.RequestFields.layout;
import static io.placebench.simulator.RequestFields.limit;
import static io.placebench.simulator.RequestFields.requireImage;
import static io.placebench.simulator.RequestFields.temperature;
import static io.placebench.simulator.RequestFields.textPart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.simulator.domain.DetRandom;
import io.placebench.simulator.domain.TokenCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** OpenAI Chat Completions, {@code POST /v1/chat/completions} (also what OpenAI-compatible servers accept). */
final class OpenAiChatFormat extends OpenAiFormat {

    static final OpenAiChatFormat INSTANCE = new OpenAiChatFormat();

    /** Simulated reasoning models behave like OpenAI's o-series here. */
    static final Set<String> REASONING_MODELS = Set.of("sim-think");
    private static final Pattern PATH = Pattern.compile("/v1/chat/completions", Pattern.LITERAL);
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private OpenAiChatFormat() {
    }

    @Override
    public Api api() {
        return Api.OPENAI_CHAT;
    }

    @Override
    public Pattern path() {
        return PATH;
    }

    @Override
    public SimRequest parse(JsonNode root, String model) {
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
            textTokens += TokenCounter.PER_MESSAGE_TOKENS + message(messages.get(i), "messages[" + i + "]", images, text);
        }
        JsonNode schema = null;
        boolean structured = false;
        JsonNode rf = root.get("response_format");
        if (rf != null && !rf.isNull() && structuredType(rf, "response_format.type").equals("json_schema")) {
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
        return new SimRequest(model, textTokens, List.copyOf(images), maxTokens, structured, layout(schema, text), null);
    }

    private static int message(JsonNode msg, String where, List<SimRequest.ImagePart> images, StringBuilder text) {
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

    @Override
    public String newId() {
        return "chatcmpl-" + Support.randomId(29);
    }

    @Override
    public ObjectNode answer(SimRequest req, Completion c, Instant now) {
        ObjectNode body = Support.JSON.createObjectNode();
        body.put("id", c.id());
        body.put("object", "chat.completion");
        body.put("created", now.getEpochSecond());
        body.put("model", req.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", c.finish() == Completion.Finish.FILTER ? null : c.text());
        message.put("refusal", c.refusal());
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", switch (c.finish()) {
            case LENGTH -> "length";
            case FILTER -> "content_filter";
            default -> "stop";
        });
        int completion = c.outputTokens() + c.reasoningTokens();
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", c.promptTokens());
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", c.promptTokens() + completion);
        ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", 0);
        promptDetails.put("audio_tokens", 0);
        ObjectNode completionDetails = usage.putObject("completion_tokens_details");
        completionDetails.put("reasoning_tokens", c.reasoningTokens());
        completionDetails.put("audio_tokens", 0);
        completionDetails.put("accepted_prediction_tokens", 0);
        completionDetails.put("rejected_prediction_tokens", 0);
        body.put("service_tier", "default");
        body.put("system_fingerprint", fingerprint(req.model()));
        return body;
    }

    /** A stable per-model fingerprint, like OpenAI's backend configuration id. */
    private static String fingerprint(String model) {
        return "fp_" + String.format("%016x", DetRandom.seedOf("fingerprint", model)).substring(0, 10);
    }
}
