package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.simulator.domain.DetRandom;
import io.placebench.simulator.domain.FreeTextStyle;
import io.placebench.simulator.domain.GeolocationModel;
import io.placebench.simulator.domain.LatencyModel;
import io.placebench.simulator.domain.ModelReply;
import io.placebench.simulator.domain.NoiseProfile;
import io.placebench.simulator.domain.TokenCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers one API request of any wire format: validate, admit (rate limits), inject a fault if one is due, ask
 * the simulated model, and render the answer, usage and headers the way that API does.
 */
final class Engine {

    /** What to send back, how long to wait before sending it, and what to log. */
    record Result(int status, ObjectNode body, Map<String, String> headers, long delayMs, RequestLogEntry logEntry) {
    }

    /** How the model's turn ended, before each format names it. */
    enum Finish { STOP, LENGTH, REFUSAL, FILTER }

    /** The model's turn: text (null for a refusal or a filtered answer), tokens and the request-log outcome. */
    record Completion(String id, String text, String refusal, Finish finish, int promptTokens, int imageTokens,
            int outputTokens, int reasoningTokens, String outcome) {
    }

    /** Retry-after of an injected (not a real) rate limit: short, so that tests stay fast. */
    static final long INJECTED_RETRY_AFTER_MS = 200;
    private static final String ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final ObjectMapper json;
    private final SimulatorConfig config;
    private final GeolocationModel model;
    private final RateLimiter limiter;
    private final Faults faults;

    Engine(ObjectMapper json, SimulatorConfig config, GeolocationModel model, RateLimiter limiter, Faults faults) {
        this.json = json;
        this.config = config;
        this.model = model;
        this.limiter = limiter;
        this.faults = faults;
    }

    Result handle(Api api, byte[] body, String pathModel, String key) {
        Instant now = Instant.now();
        String modelName = pathModel;
        String sha = null;
        Map<String, String> headers = new LinkedHashMap<>();
        RateLimiter.Decision decision = null;
        boolean injected = false;
        try {
            JsonNode root = parseBody(body);
            if (api != Api.GEMINI) {
                modelName = Requests.readModel(root);
            }
            NoiseProfile profile = profile(api, modelName);
            SimRequest request = Requests.parse(api, root, modelName);
            List<ImageDecoder.DecodedImage> images = new ArrayList<>();
            for (SimRequest.ImagePart part : request.images()) {
                ImageDecoder.DecodedImage image = ImageDecoder.decode(part);
                images.add(image);
                if (sha == null) {
                    sha = image.sha256(); // logged even if a later image fails
                }
            }
            int imageTokens = 0;
            for (ImageDecoder.DecodedImage img : images) {
                imageTokens += imageTokens(api, img);
            }
            if (limiter.enabled()) {
                long cost = request.textTokens() + imageTokens + (request.maxTokens() == null ? 1000 : request.maxTokens());
                decision = limiter.admit(key, cost);
                if (!decision.allowed()) {
                    throw rateLimited(api, modelName, decision.exceeded(),
                            "requests".equals(decision.exceeded()) ? decision.rpmLimit() : decision.tpmLimit(),
                            decision.retryAfterMs());
                }
            }
            Fault fault = faults.next(api, modelName);
            if (fault != null && fault.kind().isError()) {
                injected = true;
                throw faultError(api, modelName, fault.kind());
            }
            Completion c = complete(request, profile, images, imageTokens, fault);
            ObjectNode out = switch (api) {
                case OPENAI_CHAT -> chatBody(request, c, now);
                case OPENAI_RESPONSES -> responsesBody(request, c, now);
                case ANTHROPIC -> anthropicBody(request, c);
                case GEMINI -> geminiBody(request, c);
            };
            api.rateLimitHeaders(decision, headers, now);
            long delay = LatencyModel.delayMillis(config.meanLatencyMs(), config.latencyJitter(), imageTokens,
                    DetRandom.of(config.seed(), "latency", request.model(), images.get(0).sha256()));
            if (fault != null && fault.kind() == Fault.Kind.HANG) {
                delay += config.hangMs();
            }
            return new Result(200, out, headers, delay, new RequestLogEntry(now, c.id(), modelName, sha, 200,
                    c.outcome(), api.wireName()));
        } catch (ApiException e) {
            api.retryHeaders(e, headers);
            api.rateLimitHeaders(decision, headers, now);
            headers.putAll(e.headers);
            String outcome = injected ? "fault" : e.status == 429 ? "rate_limited" : "error";
            return new Result(e.status, api.errorBody(json, e, "req_" + randomId(24)), headers, 0,
                    new RequestLogEntry(now, null, modelName, sha, e.status, outcome, api.wireName()));
        }
    }

    private JsonNode parseBody(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (Exception e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw ApiException.invalidRequest("We could not parse the JSON body of your request. (HINT: This likely "
                    + "means you aren't using your HTTP library correctly. The API expects a JSON payload, but "
                    + "what was sent was not valid JSON.)", null, null);
        }
        return root;
    }

    private static NoiseProfile profile(Api api, String name) {
        return NoiseProfile.forModel(name).orElseThrow(() -> switch (api) {
            case ANTHROPIC -> new ApiException(404, "not_found_error", "model: " + name, "model", null);
            case GEMINI -> new ApiException(404, "not_found_error", "models/" + name + " is not found for API version "
                    + "v1beta, or is not supported for generateContent. Call ListModels to see the list of available "
                    + "models and their supported methods.", "model", null);
            default -> new ApiException(404, "invalid_request_error", "The model `" + name + "` does not exist or you "
                    + "do not have access to it.", null, "model_not_found");
        });
    }

    static int imageTokens(Api api, ImageDecoder.DecodedImage img) {
        int w = img.image().getWidth();
        int h = img.image().getHeight();
        return switch (api) {
            case ANTHROPIC -> TokenCounter.anthropicImageTokens(w, h);
            case GEMINI -> TokenCounter.geminiImageTokens(w, h);
            default -> TokenCounter.imageTokens(w, h, img.detail());
        };
    }

    static ApiException rateLimited(Api api, String model, String what, long limit, long retryAfterMs) {
        String unit = "tokens".equals(what) ? "tokens per min (TPM)" : "requests per min (RPM)";
        String message = switch (api) {
            case ANTHROPIC -> "This request would exceed your organization's rate limit of " + limit + " "
                    + ("tokens".equals(what) ? "input tokens" : "requests") + " per minute (simulated). For details, "
                    + "refer to: https://docs.claude.com/en/api/rate-limits.";
            case GEMINI -> "You exceeded your current quota, please check your plan and billing details. Quota "
                    + "exceeded for metric: generativelanguage.googleapis.com/generate_content_requests, limit: " + limit
                    + ", model: " + model + ". Please retry in " + String.format(java.util.Locale.ROOT, "%.2f", retryAfterMs / 1000.0) + "s.";
            default -> "Rate limit reached for " + model + " in organization org-placebench-sim on " + unit + ": Limit "
                    + limit + ", Used " + limit + ", Requested 1. Please try again in " + Api.goDuration(retryAfterMs)
                    + ". Visit https://platform.openai.com/account/rate-limits to learn more.";
        };
        String type = api == Api.OPENAI_CHAT || api == Api.OPENAI_RESPONSES ? ("tokens".equals(what) ? "tokens" : "requests")
                : "rate_limit_error";
        return new ApiException(429, type, message, null, "rate_limit_exceeded", retryAfterMs,
                "tokens".equals(what) ? "GenerateContentInputTokensPerModelPerMinute" : "GenerateRequestsPerMinutePerProjectPerModel",
                Long.toString(limit));
    }

    static ApiException faultError(Api api, String model, Fault.Kind kind) {
        return switch (kind) {
            case RATE_LIMIT -> rateLimited(api, model, "requests", 60, INJECTED_RETRY_AFTER_MS);
            case QUOTA -> switch (api) {
                case ANTHROPIC -> new ApiException(429, "rate_limit_error", "You have reached your specified workspace "
                        + "API usage limits. You will regain access on the first of next month.", null,
                        "enforced_spend_limit_reached");
                case GEMINI -> new ApiException(429, "rate_limit_error", "You exceeded your current quota, please check "
                        + "your plan and billing details. Quota exceeded for metric: generativelanguage.googleapis.com/"
                        + "generate_content_free_tier_requests, limit: 0, model: " + model + ". Please retry in 32.5s.",
                        null, null, 32_500L, "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "0");
                default -> new ApiException(429, "insufficient_quota", "You exceeded your current quota, please check "
                        + "your plan and billing details.", null, "insufficient_quota");
            };
            case OVERLOADED -> api == Api.ANTHROPIC
                    ? new ApiException(529, "overloaded_error", "Overloaded", null, null)
                    : new ApiException(503, "server_error", api == Api.GEMINI ? "The model is overloaded. Please try "
                            + "again later." : "The engine is currently overloaded, please try again later.", null, null);
            case SERVER_ERROR -> new ApiException(500, "server_error", api == Api.GEMINI ? "An internal error has "
                    + "occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"
                    : "The server had an error while processing your request. Sorry about that!", null, null);
            case UNAVAILABLE -> new ApiException(503, "server_error", "The service is temporarily unavailable.", null, null);
            case UNAUTHORIZED -> new ApiException(401, "invalid_request_error", "Incorrect API key provided: sk-***.", null,
                    "invalid_api_key");
            default -> throw new IllegalArgumentException(kind + " is not an error fault");
        };
    }

    private Completion complete(SimRequest req, NoiseProfile profile, List<ImageDecoder.DecodedImage> images,
            int imageTokens, Fault fault) {
        ImageDecoder.DecodedImage first = images.get(0);
        ModelReply reply = model.reply(profile, first.image(), first.sha256(), req.layout());
        String text = reply.content();
        String refusal = reply.refusal();
        Finish finish = refusal != null ? Finish.REFUSAL : "length".equals(reply.finishReason()) ? Finish.LENGTH : Finish.STOP;
        String outcome = reply.outcome();
        DetRandom rng = DetRandom.of(config.seed(), "style", req.model(), first.sha256());
        Fault.Kind kind = fault == null ? null : fault.kind();
        if (kind == Fault.Kind.REFUSAL) {
            text = null;
            refusal = GeolocationModel.REFUSAL_TEXT;
            finish = Finish.REFUSAL;
            outcome = ModelReply.REFUSAL;
        } else if (kind == Fault.Kind.CONTENT_FILTER) {
            text = null;
            refusal = null;
            finish = Finish.FILTER;
            outcome = "content_filter";
        } else if (kind == Fault.Kind.TRUNCATE && text != null) {
            text = text.substring(0, (int) (text.length() * (0.35 + 0.5 * rng.nextDouble())));
            finish = Finish.LENGTH;
            outcome = ModelReply.TRUNCATED;
        } else if (finish == Finish.STOP && text != null) {
            FreeTextStyle style = null;
            if (kind == Fault.Kind.FENCED) {
                style = FreeTextStyle.FENCED;
            } else if (kind == Fault.Kind.PROSE) {
                style = FreeTextStyle.PROSE;
            } else if (kind == Fault.Kind.BROKEN_JSON) {
                style = FreeTextStyle.RELAXED;
            } else if (!req.structured()) {
                style = FreeTextStyle.pick(req.model(), rng);
            }
            if (style != null) {
                text = style.apply(text);
            }
        }
        if (kind == Fault.Kind.HANG) {
            outcome = "hang";
        }
        int answerTokens = finish == Finish.FILTER ? 0 : TokenCounter.textTokens(text != null ? text : refusal);
        int reasoning = (int) Math.round(answerTokens * profile.reasoningFactor());
        Integer max = req.maxTokens();
        if (max != null && answerTokens + reasoning > max && text != null) {
            reasoning = Math.min(reasoning, max);
            int keep = max - reasoning;
            text = text.substring(0, Math.min(text.length(), keep * 4));
            answerTokens = TokenCounter.textTokens(text);
            finish = Finish.LENGTH;
            outcome = ModelReply.TRUNCATED;
        }
        int prompt = req.textTokens() + imageTokens;
        String id = switch (req.api()) {
            case OPENAI_CHAT -> "chatcmpl-" + randomId(29);
            case OPENAI_RESPONSES -> "resp_" + hex(24);
            case ANTHROPIC -> "msg_01" + randomId(22);
            case GEMINI -> randomId(22);
        };
        return new Completion(id, text, refusal, finish, prompt, imageTokens, answerTokens, reasoning, outcome);
    }

    // ---------------------------------------------------------------- bodies

    private ObjectNode chatBody(SimRequest req, Completion c, Instant now) {
        ObjectNode body = json.createObjectNode();
        body.put("id", c.id());
        body.put("object", "chat.completion");
        body.put("created", now.getEpochSecond());
        body.put("model", req.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", c.finish() == Finish.FILTER ? null : c.text());
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

    private ObjectNode responsesBody(SimRequest req, Completion c, Instant now) {
        ObjectNode body = json.createObjectNode();
        body.put("id", c.id());
        body.put("object", "response");
        body.put("created_at", now.getEpochSecond());
        boolean complete = c.finish() == Finish.STOP || c.finish() == Finish.REFUSAL;
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
            body.putObject("incomplete_details").put("reason", c.finish() == Finish.LENGTH ? "max_output_tokens" : "content_filter");
        }
        body.put("model", req.model());
        ArrayNode output = body.putArray("output");
        if (c.reasoningTokens() > 0) {
            ObjectNode reasoning = output.addObject().put("type", "reasoning").put("id", "rs_" + hex(24));
            reasoning.putArray("summary");
        }
        if (c.finish() != Finish.FILTER) {
            ObjectNode message = output.addObject().put("type", "message").put("id", "msg_" + hex(24))
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
        int output2 = c.outputTokens() + c.reasoningTokens();
        usage.put("output_tokens", output2);
        usage.putObject("output_tokens_details").put("reasoning_tokens", c.reasoningTokens());
        usage.put("total_tokens", c.promptTokens() + output2);
        return body;
    }

    private ObjectNode anthropicBody(SimRequest req, Completion c) {
        ObjectNode body = json.createObjectNode();
        body.put("id", c.id());
        body.put("type", "message");
        body.put("role", "assistant");
        body.put("model", req.model());
        ArrayNode content = body.putArray("content");
        if (c.reasoningTokens() > 0 && c.finish() != Finish.FILTER) {
            content.addObject().put("type", "thinking").put("thinking", "[simulated] Weighing the visual clues...")
                    .put("signature", "sim-" + hex(16));
        }
        String stop;
        if (c.finish() == Finish.REFUSAL || c.finish() == Finish.FILTER) {
            stop = "refusal";
            ObjectNode details = json.createObjectNode().put("type", "refusal").put("category", "general_harms")
                    .put("explanation", c.refusal() != null ? c.refusal() : "The request was declined by a safety classifier.");
            body.set("stop_details", details);
        } else {
            JsonNode toolInput = c.finish() == Finish.STOP && req.toolName() != null ? tryJson(c.text()) : null;
            if (toolInput != null && toolInput.isObject()) {
                content.addObject().put("type", "tool_use").put("id", "toolu_01" + randomId(22)).put("name", req.toolName())
                        .set("input", toolInput);
                stop = "tool_use";
            } else {
                content.addObject().put("type", "text").put("text", c.text());
                stop = c.finish() == Finish.LENGTH ? "max_tokens" : "end_turn";
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

    private ObjectNode geminiBody(SimRequest req, Completion c) {
        ObjectNode body = json.createObjectNode();
        if (c.finish() == Finish.FILTER) {
            ObjectNode feedback = body.putObject("promptFeedback").put("blockReason", "SAFETY");
            feedback.putArray("safetyRatings").addObject().put("category", "HARM_CATEGORY_DANGEROUS_CONTENT")
                    .put("probability", "HIGH");
        } else {
            ObjectNode candidate = body.putArray("candidates").addObject();
            if (c.finish() == Finish.REFUSAL) {
                candidate.put("finishReason", "SAFETY");
                candidate.putArray("safetyRatings").addObject().put("category", "HARM_CATEGORY_DANGEROUS_CONTENT")
                        .put("probability", "MEDIUM").put("blocked", true);
            } else {
                ObjectNode content = candidate.putObject("content");
                content.putArray("parts").addObject().put("text", c.text());
                content.put("role", "model");
                candidate.put("finishReason", c.finish() == Finish.LENGTH ? "MAX_TOKENS" : "STOP");
            }
            candidate.put("index", 0);
        }
        ObjectNode usage = body.putObject("usageMetadata");
        usage.put("promptTokenCount", c.promptTokens());
        boolean answered = c.finish() != Finish.FILTER;
        if (answered) {
            usage.put("candidatesTokenCount", c.finish() == Finish.REFUSAL ? 0 : c.outputTokens());
            if (c.reasoningTokens() > 0) {
                usage.put("thoughtsTokenCount", c.reasoningTokens());
            }
        }
        int total = c.promptTokens() + (answered ? (c.finish() == Finish.REFUSAL ? 0 : c.outputTokens()) + c.reasoningTokens() : 0);
        usage.put("totalTokenCount", total);
        ArrayNode details = usage.putArray("promptTokensDetails");
        details.addObject().put("modality", "TEXT").put("tokenCount", c.promptTokens() - c.imageTokens());
        details.addObject().put("modality", "IMAGE").put("tokenCount", c.imageTokens());
        body.put("modelVersion", req.model());
        body.put("responseId", c.id());
        return body;
    }

    private JsonNode tryJson(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    /** A stable per-model fingerprint, like OpenAI's backend configuration id. */
    private static String fingerprint(String model) {
        return "fp_" + String.format("%016x", DetRandom.seedOf("fingerprint", model)).substring(0, 10);
    }

    static String randomId(int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUM.charAt(r.nextInt(ALPHANUM.length())));
        }
        return sb.toString();
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
