package io.placebench.simulator;

import static io.placebench.simulator.RequestFields.layout;
import static io.placebench.simulator.RequestFields.limit;
import static io.placebench.simulator.RequestFields.requireImage;
import static io.placebench.simulator.RequestFields.temperature;
import static io.placebench.simulator.RequestFields.textPart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.placebench.simulator.domain.TokenCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Anthropic Messages, {@code POST /v1/messages}: {@code x-api-key}, {@code {"type":"error","error":{...}}} bodies,
 * forced tools, thinking blocks, anthropic-ratelimit-* headers.
 */
final class AnthropicFormat implements WireFormat {

    static final AnthropicFormat INSTANCE = new AnthropicFormat();

    /** Anthropic adds a system prompt of about this many tokens when tools are in play (tool_choice any/tool). */
    static final int TOOL_OVERHEAD_TOKENS = 313;

    private static final Pattern PATH = Pattern.compile("/v1/messages", Pattern.LITERAL);
    private static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private AnthropicFormat() {
    }

    @Override
    public Api api() {
        return Api.ANTHROPIC;
    }

    @Override
    public Pattern path() {
        return PATH;
    }

    @Override
    public String presentedKey(HttpExchange ex) {
        return ex.getRequestHeaders().getFirst("x-api-key");
    }

    @Override
    public ApiException missingKey() {
        return new ApiException(401, "authentication_error", "x-api-key header is required", null, null);
    }

    @Override
    public ApiException wrongKey(String presented) {
        return new ApiException(401, "authentication_error", "invalid x-api-key", null, null);
    }

    @Override
    public SimRequest parse(JsonNode root, String model) {
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
            textTokens += TokenCounter.PER_MESSAGE_TOKENS + message(messages.get(i), "messages." + i, images, text);
        }
        JsonNode schema = null;
        boolean structured = false;
        String toolName = null;
        JsonNode tools = root.get("tools");
        JsonNode choice = root.get("tool_choice");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            textTokens += TOOL_OVERHEAD_TOKENS + TokenCounter.textTokens(tools.toString());
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
        return new SimRequest(model, textTokens, List.copyOf(images), maxTokens, structured, layout(schema, text), toolName);
    }

    /** One message: its text tokens (images go to {@code images}). */
    private static int message(JsonNode msg, String where, List<SimRequest.ImagePart> images, StringBuilder text) {
        String role = msg == null ? "" : msg.path("role").asText("");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw ApiException.invalidRequest(where + ".role: Input should be 'user' or 'assistant'", where + ".role", null);
        }
        JsonNode content = msg.get("content");
        if (content != null && content.isTextual()) {
            return textPart(content, where + ".content", text);
        }
        if (content == null || !content.isArray()) {
            throw ApiException.invalidRequest(where + ".content: Input should be a valid list", where + ".content", null);
        }
        int tokens = 0;
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String blockWhere = where + ".content." + j;
            String type = block != null && block.isObject() ? block.path("type").asText("") : "";
            switch (type) {
                case "text" -> tokens += textPart(block.get("text"), blockWhere + ".text", text);
                case "image" -> images.add(image(block.path("source"), blockWhere));
                default -> throw ApiException.invalidRequest(blockWhere + ".type: Input tag '" + type
                        + "' found using 'type' does not match any of the expected tags: 'text', 'image'",
                        blockWhere + ".type", null);
            }
        }
        return tokens;
    }

    private static SimRequest.ImagePart image(JsonNode source, String where) {
        String sourceType = source.path("type").asText("");
        if (sourceType.equals("url")) {
            return new SimRequest.ImagePart(where, source.path("url").asText(""), null, null, "auto");
        }
        if (!sourceType.equals("base64")) {
            throw ApiException.invalidRequest(where + ".source.type: Input should be 'base64' or 'url'",
                    where + ".source.type", null);
        }
        String media = source.path("media_type").asText("");
        if (!MEDIA_TYPES.contains(media)) {
            throw ApiException.invalidRequest(where + ".source.media_type: Input should be "
                    + "'image/jpeg', 'image/png', 'image/gif' or 'image/webp'", where + ".source.media_type", null);
        }
        if (!source.path("data").isTextual()) {
            throw ApiException.invalidRequest(where + ".source.data: Field required", where + ".source.data", null);
        }
        return new SimRequest.ImagePart(where, null, source.get("data").asText(), media, "auto");
    }

    @Override
    public ApiException unknownModel(String model) {
        return new ApiException(404, "not_found_error", "model: " + model, "model", null);
    }

    @Override
    public int imageTokens(ImageDecoder.DecodedImage img) {
        return TokenCounter.anthropicImageTokens(img.image().getWidth(), img.image().getHeight());
    }

    @Override
    public ApiException rateLimited(String model, String what, long limit, long retryAfterMs) {
        return Support.tooManyRequests("rate_limit_error", "This request would exceed your organization's rate limit of "
                + limit + " " + ("tokens".equals(what) ? "input tokens" : "requests") + " per minute (simulated). For "
                + "details, refer to: https://docs.claude.com/en/api/rate-limits.", what, limit, retryAfterMs);
    }

    @Override
    public ApiException quotaExhausted(String model) {
        return new ApiException(429, "rate_limit_error", "You have reached your specified workspace API usage limits. "
                + "You will regain access on the first of next month.", null, "enforced_spend_limit_reached");
    }

    @Override
    public ApiException overloaded() {
        return new ApiException(529, "overloaded_error", "Overloaded", null, null);
    }

    @Override
    public String newId() {
        return "msg_01" + Support.randomId(22);
    }

    @Override
    public ObjectNode answer(SimRequest req, Completion c, Instant now) {
        ObjectNode body = Support.JSON.createObjectNode();
        body.put("id", c.id());
        body.put("type", "message");
        body.put("role", "assistant");
        body.put("model", req.model());
        ArrayNode content = body.putArray("content");
        if (c.reasoningTokens() > 0 && c.finish() != Completion.Finish.FILTER) {
            content.addObject().put("type", "thinking").put("thinking", "[simulated] Weighing the visual clues...")
                    .put("signature", "sim-" + Support.hex(16));
        }
        String stop;
        if (c.finish() == Completion.Finish.REFUSAL || c.finish() == Completion.Finish.FILTER) {
            stop = "refusal";
            ObjectNode details = Support.JSON.createObjectNode().put("type", "refusal").put("category", "general_harms")
                    .put("explanation", c.refusal() != null ? c.refusal() : "The request was declined by a safety classifier.");
            body.set("stop_details", details);
        } else {
            JsonNode toolInput = c.finish() == Completion.Finish.STOP && req.toolName() != null ? tryJson(c.text()) : null;
            if (toolInput != null && toolInput.isObject()) {
                content.addObject().put("type", "tool_use").put("id", "toolu_01" + Support.randomId(22))
                        .put("name", req.toolName()).set("input", toolInput);
                stop = "tool_use";
            } else {
                content.addObject().put("type", "text").put("text", c.text());
                stop = c.finish() == Completion.Finish.LENGTH ? "max_tokens" : "end_turn";
            }
        }
        body.put("stop_reason", stop);
        body.putNull("stop_sequence");
        ObjectNode usage = body.putObject("usage");
        usage.put("input_tokens", c.promptTokens());
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        ObjectNode cacheCreation = usage.putObject("cache_creation");
        cacheCreation.put("ephemeral_5m_input_tokens", 0);
        cacheCreation.put("ephemeral_1h_input_tokens", 0);
        usage.put("output_tokens", c.outputTokens() + c.reasoningTokens());
        if (c.reasoningTokens() > 0) {
            usage.putObject("output_tokens_details").put("thinking_tokens", c.reasoningTokens());
        }
        usage.put("service_tier", "standard");
        return body;
    }

    private static JsonNode tryJson(String text) {
        try {
            return text == null ? null : Support.JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public ObjectNode errorBody(ApiException e, String requestId) {
        ObjectNode body = Support.JSON.createObjectNode();
        body.put("type", "error");
        ObjectNode error = body.putObject("error");
        error.put("type", errorType(e.status));
        error.put("message", e.getMessage());
        if (e.code != null && e.status == 429) {
            error.putObject("details").put("error_code", e.code);
        }
        body.put("request_id", requestId);
        return body;
    }

    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    @Override
    public void retryHeaders(ApiException e, Map<String, String> headers) {
        if (e.retryAfterMs != null) {
            headers.put("retry-after", Long.toString(e.retryAfterSeconds()));
        }
    }

    @Override
    public void rateLimitHeaders(RateLimiter.Decision d, Map<String, String> headers, Instant now) {
        if (d.rpmLimit() > 0) {
            headers.put("anthropic-ratelimit-requests-limit", Integer.toString(d.rpmLimit()));
            headers.put("anthropic-ratelimit-requests-remaining", Long.toString(Math.max(0, d.rpmRemaining())));
            headers.put("anthropic-ratelimit-requests-reset", now.plusMillis(d.rpmResetMs()).toString());
        }
        if (d.tpmLimit() > 0) {
            for (String kind : new String[] {"tokens", "input-tokens", "output-tokens"}) {
                headers.put("anthropic-ratelimit-" + kind + "-limit", Long.toString(d.tpmLimit()));
                headers.put("anthropic-ratelimit-" + kind + "-remaining", Long.toString(Math.max(0, d.tpmRemaining())));
                headers.put("anthropic-ratelimit-" + kind + "-reset", now.plusMillis(d.tpmResetMs()).toString());
            }
        }
    }

    @Override
    public void requestHeaders(Headers headers, String requestId, long processingMs) {
        headers.set("request-id", requestId);
    }
}
