package io.placebench.simulator;

import static io.placebench.simulator.RequestFields.layout;
import static io.placebench.simulator.RequestFields.limit;
import static io.placebench.simulator.RequestFields.requireImage;
import static io.placebench.simulator.RequestFields.temperature;
import static io.placebench.simulator.RequestFields.textPart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.simulator.domain.TokenCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** OpenAI Responses, {@code POST /v1/responses}. */
final class OpenAiResponsesFormat extends OpenAiFormat {

    static final OpenAiResponsesFormat INSTANCE = new OpenAiResponsesFormat();

    private static final Pattern PATH = Pattern.compile("/v1/responses", Pattern.LITERAL);

    private OpenAiResponsesFormat() {
    }

    @Override
    public Api api() {
        return Api.OPENAI_RESPONSES;
    }

    @Override
    public Pattern path() {
        return PATH;
    }

    @Override
    public SimRequest parse(JsonNode root, String model) {
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
                textTokens += TokenCounter.PER_MESSAGE_TOKENS + item(input.get(i), "input[" + i + "]", images, text);
            }
        } else {
            throw ApiException.invalidRequest("Invalid type for 'input': expected a string or an array.", "input",
                    "invalid_type");
        }
        JsonNode schema = null;
        boolean structured = false;
        JsonNode format = root.path("text").get("format");
        if (format != null && format.isObject() && structuredType(format, "text.format.type").equals("json_schema")) {
            if (!format.path("name").isTextual()) {
                throw ApiException.invalidRequest("Missing required parameter: 'text.format.name'.", "text.format.name",
                        "missing_required_parameter");
            }
            schema = format.get("schema");
            structured = true;
        }
        temperature(root.get("temperature"), 2);
        Integer maxTokens = limit(root, "max_output_tokens");
        requireImage(images, "input");
        return new SimRequest(model, textTokens, List.copyOf(images), maxTokens, structured, layout(schema, text), null);
    }

    /** One input message: its text tokens (images go to {@code images}). */
    private static int item(JsonNode item, String where, List<SimRequest.ImagePart> images, StringBuilder text) {
        if (item == null || !item.isObject() || !item.path("role").isTextual()) {
            throw ApiException.invalidRequest("Invalid '" + where + "': expected a message with a role.", where,
                    "invalid_type");
        }
        JsonNode content = item.get("content");
        if (content != null && content.isTextual()) {
            return textPart(content, where + ".content", text);
        }
        if (content == null || !content.isArray()) {
            throw ApiException.invalidRequest("Invalid type for '" + where + ".content': expected a string or an "
                    + "array of input items.", where + ".content", "invalid_type");
        }
        int tokens = 0;
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partWhere = where + ".content[" + j + "]";
            String type = part != null && part.isObject() ? part.path("type").asText("") : "";
            switch (type) {
                case "input_text", "output_text" -> tokens += textPart(part.get("text"), partWhere + ".text", text);
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
        return tokens;
    }

    @Override
    public String newId() {
        return "resp_" + Support.hex(24);
    }

    @Override
    public ObjectNode answer(SimRequest req, Completion c, Instant now) {
        ObjectNode body = Support.JSON.createObjectNode();
        body.put("id", c.id());
        body.put("object", "response");
        body.put("created_at", now.getEpochSecond());
        boolean complete = c.finish() == Completion.Finish.STOP || c.finish() == Completion.Finish.REFUSAL;
        body.put("status", complete ? "completed" : "incomplete");
        if (complete) {
            body.put("completed_at", now.getEpochSecond());
        } else {
            body.putNull("completed_at");
        }
        body.putNull("error");
        if (complete) {
            body.putNull("incomplete_details");
        } else {
            body.putObject("incomplete_details").put("reason",
                    c.finish() == Completion.Finish.LENGTH ? "max_output_tokens" : "content_filter");
        }
        body.put("model", req.model());
        ArrayNode output = body.putArray("output");
        if (c.reasoningTokens() > 0) {
            ObjectNode reasoning = output.addObject().put("type", "reasoning").put("id", "rs_" + Support.hex(24));
            reasoning.putArray("summary");
        }
        if (c.finish() != Completion.Finish.FILTER) {
            ObjectNode message = output.addObject().put("type", "message").put("id", "msg_" + Support.hex(24))
                    .put("status", complete ? "completed" : "incomplete").put("role", "assistant");
            ArrayNode content = message.putArray("content");
            if (c.refusal() != null) {
                content.addObject().put("type", "refusal").put("refusal", c.refusal());
            } else {
                ObjectNode part = content.addObject().put("type", "output_text").put("text", c.text());
                part.putArray("annotations");
            }
        }
        ObjectNode usage = body.putObject("usage");
        usage.put("input_tokens", c.promptTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        int outputTokens = c.outputTokens() + c.reasoningTokens();
        usage.put("output_tokens", outputTokens);
        usage.putObject("output_tokens_details").put("reasoning_tokens", c.reasoningTokens());
        usage.put("total_tokens", c.promptTokens() + outputTokens);
        return body;
    }
}
