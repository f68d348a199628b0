package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.simulator.Completion.Finish;
import io.placebench.simulator.domain.DetRandom;
import io.placebench.simulator.domain.FreeTextStyle;
import io.placebench.simulator.domain.GeolocationModel;
import io.placebench.simulator.domain.LatencyModel;
import io.placebench.simulator.domain.ModelReply;
import io.placebench.simulator.domain.NoiseProfile;
import io.placebench.simulator.domain.TokenCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers one API request, whatever its wire format: read it (the format parses), admit it (rate limits),
 * inject a fault if one is due, ask the simulated model, and let the format render the answer and headers.
 */
final class Engine {

    /** What to send back, how long to wait before sending it, and what to log. */
    record Result(int status, ObjectNode body, Map<String, String> headers, long delayMs, RequestLogEntry logEntry) {
    }

    private final SimulatorConfig config;
    private final GeolocationModel model;
    private final RateLimiter limiter;
    private final Faults faults;

    Engine(SimulatorConfig config, GeolocationModel model, RateLimiter limiter, Faults faults) {
        this.config = config;
        this.model = model;
        this.limiter = limiter;
        this.faults = faults;
    }

    /** {@code pathModel}: the model named by the path (Gemini), else null: the body names it. */
    Result handle(WireFormat format, byte[] body, String pathModel, String key) {
        Api api = format.api();
        Instant now = Instant.now();
        String modelName = pathModel;
        String sha = null;
        Map<String, String> headers = new LinkedHashMap<>();
        RateLimiter.Decision decision = null;
        boolean injected = false;
        try {
            JsonNode root = parseBody(body);
            if (modelName == null) {
                modelName = WireFormat.Support.readModel(root);
            }
            String name = modelName;
            NoiseProfile profile = NoiseProfile.forModel(name).orElseThrow(() -> format.unknownModel(name));
            SimRequest request = format.parse(root, modelName);
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
                imageTokens += format.imageTokens(img);
            }
            if (limiter.enabled()) {
                long cost = request.textTokens() + imageTokens + (request.maxTokens() == null ? 1000 : request.maxTokens());
                decision = limiter.admit(key, cost);
                if (!decision.allowed()) {
                    throw format.rateLimited(modelName, decision.exceeded(),
                            "requests".equals(decision.exceeded()) ? decision.rpmLimit() : decision.tpmLimit(),
                            decision.retryAfterMs());
                }
            }
            Fault fault = faults.next(api, modelName);
            if (fault != null && fault.kind().isError()) {
                injected = true;
                throw format.faultError(modelName, fault.kind());
            }
            Completion c = complete(format, request, profile, images, imageTokens, fault);
            ObjectNode out = format.answer(request, c, now);
            if (decision != null) {
                format.rateLimitHeaders(decision, headers, now);
            }
            long delay = LatencyModel.delayMillis(config.meanLatencyMs(), config.latencyJitter(), imageTokens,
                    DetRandom.of(config.seed(), "latency", request.model(), images.get(0).sha256()));
            if (fault != null && fault.kind() == Fault.Kind.HANG) {
                delay += config.hangMs();
            }
            return new Result(200, out, headers, delay, new RequestLogEntry(now, c.id(), modelName, sha, 200,
                    c.outcome(), api.wireName()));
        } catch (ApiException e) {
            format.retryHeaders(e, headers);
            if (decision != null) {
                format.rateLimitHeaders(decision, headers, now);
            }
            headers.putAll(e.headers);
            String outcome = injected ? "fault" : e.status == 429 ? "rate_limited" : "error";
            return new Result(e.status, format.errorBody(e, WireFormat.Support.requestId()), headers, 0,
                    new RequestLogEntry(now, null, modelName, sha, e.status, outcome, api.wireName()));
        }
    }

    private static JsonNode parseBody(byte[] body) {
        JsonNode root;
        try {
            root = WireFormat.Support.JSON.readTree(body);
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

    /** The model's turn: its reply to the first image, reshaped by a fault (refusal, filter, style) and the token limit. */
    private Completion complete(WireFormat format, SimRequest req, NoiseProfile profile,
            List<ImageDecoder.DecodedImage> images, int imageTokens, Fault fault) {
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
            text = ModelReply.cutMidObject(text, rng);
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
        return new Completion(format.newId(), text, refusal, finish, req.textTokens() + imageTokens, imageTokens,
                answerTokens, reasoning, outcome);
    }
}
