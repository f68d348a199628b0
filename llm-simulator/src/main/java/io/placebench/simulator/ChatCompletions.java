package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.simulator.domain.DetRandom;
import io.placebench.simulator.domain.GeolocationModel;
import io.placebench.simulator.domain.LatencyModel;
import io.placebench.simulator.domain.ModelReply;
import io.placebench.simulator.domain.NoiseProfile;
import io.placebench.simulator.domain.TokenCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** POST /v1/chat/completions: validates, asks the simulated model, and answers in OpenAI's format. */
final class ChatCompletions {

    /** What to send back, how long to wait before sending it, and what to log. */
    record Result(int status, ObjectNode body, long delayMs, RequestLogEntry logEntry) {
    }

    private static final String ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final ObjectMapper json;
    private final SimulatorConfig config;
    private final GeolocationModel model;

    ChatCompletions(ObjectMapper json, SimulatorConfig config, GeolocationModel model) {
        this.json = json;
        this.config = config;
        this.model = model;
    }

    Result handle(byte[] body) {
        Instant now = Instant.now();
        String modelName = null;
        String sha = null;
        try {
            JsonNode root = parseBody(body);
            modelName = ChatRequest.readModel(root);
            String name = modelName;
            NoiseProfile profile = NoiseProfile.forModel(modelName).orElseThrow(() -> new ApiException(404,
                    "invalid_request_error", "The model `" + name + "` does not exist or you do not have access to it.",
                    null, "model_not_found"));
            ChatRequest request = ChatRequest.parse(root, modelName);
            List<ImageDecoder.DecodedImage> images = new ArrayList<>();
            for (ChatRequest.ImagePart part : request.images()) {
                ImageDecoder.DecodedImage image = ImageDecoder.decode(part.where(), part.url(), part.detail());
                images.add(image);
                if (sha == null) {
                    sha = image.sha256(); // logged even if a later image fails
                }
            }
            return answer(now, request, profile, images);
        } catch (ApiException e) {
            return new Result(e.status, errorBody(e), 0, new RequestLogEntry(now, null, modelName, sha, e.status, "error"));
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
                    + "means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but "
                    + "what was sent was not valid JSON.)", null, null);
        }
        return root;
    }

    private Result answer(Instant now, ChatRequest request, NoiseProfile profile, List<ImageDecoder.DecodedImage> images) {
        ImageDecoder.DecodedImage first = images.get(0);
        int imageTokens = 0;
        for (ImageDecoder.DecodedImage img : images) {
            imageTokens += TokenCounter.imageTokens(img.image().getWidth(), img.image().getHeight(), img.detail());
        }
        ModelReply reply = model.reply(profile, first.image(), first.sha256());
        reply = limitTokens(reply, request.maxTokens());

        String id = "chatcmpl-" + randomId(29);
        int promptTokens = request.textTokens() + imageTokens;
        int completionTokens = TokenCounter.textTokens(reply.content() != null ? reply.content() : reply.refusal());

        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", now.getEpochSecond());
        body.put("model", request.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", reply.content());
        message.put("refusal", reply.refusal());
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.finishReason());
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
        promptDetails.put("cached_tokens", 0);
        promptDetails.put("audio_tokens", 0);
        ObjectNode completionDetails = usage.putObject("completion_tokens_details");
        completionDetails.put("reasoning_tokens", 0);
        completionDetails.put("audio_tokens", 0);
        completionDetails.put("accepted_prediction_tokens", 0);
        completionDetails.put("rejected_prediction_tokens", 0);
        body.put("service_tier", "default");
        body.put("system_fingerprint", fingerprint(request.model()));

        // Same request, same latency: the draw is keyed like the answer, not on arrival order.
        long delay = LatencyModel.delayMillis(config.meanLatencyMs(), config.latencyJitter(), imageTokens,
                DetRandom.of(config.seed(), "latency", request.model(), first.sha256()));
        return new Result(200, body, delay, new RequestLogEntry(now, id, request.model(), first.sha256(), 200, reply.outcome()));
    }

    /** Honours max_completion_tokens / max_tokens the way the API does: cut the text, finish_reason "length". */
    private static ModelReply limitTokens(ModelReply reply, Integer maxTokens) {
        if (maxTokens == null || reply.content() == null || TokenCounter.textTokens(reply.content()) <= maxTokens) {
            return reply;
        }
        String cut = reply.content().substring(0, Math.min(reply.content().length(), maxTokens * 4));
        return new ModelReply(cut, null, "length", ModelReply.TRUNCATED);
    }

    ObjectNode errorBody(ApiException e) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type);
        error.put("param", e.param);
        error.put("code", e.code);
        return body;
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
}
