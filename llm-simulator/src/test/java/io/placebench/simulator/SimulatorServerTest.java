package io.placebench.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.simulator.domain.GeoMath;
import io.placebench.simulator.domain.GeoPoint;
import io.placebench.simulator.domain.GeolocationModel;
import io.placebench.simulator.domain.NoiseProfile;
import io.placebench.simulator.domain.TokenCounter;
import io.placebench.simulator.testimages.TestImages;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorServerTest {

    private SimulatorServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0));
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] demoJpeg(double lat, double lon, long seed) {
        return TestImages.jpeg(TestImages.demo(640, 480, lat, lon, seed), 0.85f);
    }

    @Test
    void bindsLoopbackOnARandomPort() {
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port() + "/v1", server.baseUrl());
    }

    @Test
    void chatCompletionIsInOpenAiFormat() throws Exception {
        byte[] jpeg = demoJpeg(48.8584, 2.2945, 1);
        Http.Response r = http.chat(Http.chatRequest("sim-strong", TestImages.dataUrl(jpeg, "image/jpeg")));
        assertEquals(200, r.status(), String.valueOf(r.body()));
        assertTrue(r.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode b = r.body();
        assertTrue(b.get("id").asText().matches("chatcmpl-[A-Za-z0-9]{29}"), b.get("id").asText());
        assertEquals("chat.completion", b.get("object").asText());
        assertTrue(b.get("created").isIntegralNumber() && b.get("created").asLong() > 1_700_000_000L);
        assertEquals("sim-strong", b.get("model").asText());
        assertTrue(b.get("system_fingerprint").asText().startsWith("fp_"));
        assertEquals(1, b.get("choices").size());
        JsonNode choice = b.get("choices").get(0);
        assertEquals(0, choice.get("index").asInt());
        assertEquals("stop", choice.get("finish_reason").asText());
        assertTrue(choice.has("logprobs") && choice.get("logprobs").isNull());
        JsonNode message = choice.get("message");
        assertEquals("assistant", message.get("role").asText());
        assertTrue(message.has("refusal") && message.get("refusal").isNull());
        assertTrue(message.get("content").isTextual());

        JsonNode usage = b.get("usage");
        int expectedPrompt = TokenCounter.REPLY_PRIMING_TOKENS
                + TokenCounter.PER_MESSAGE_TOKENS + TokenCounter.textTokens("You are an expert in image geolocation.")
                + TokenCounter.PER_MESSAGE_TOKENS + TokenCounter.textTokens("Where was this photo taken? Answer in JSON.")
                + 425; // 640x480, high detail: 2 tiles
        assertEquals(expectedPrompt, usage.get("prompt_tokens").asInt());
        assertEquals(TokenCounter.textTokens(message.get("content").asText()), usage.get("completion_tokens").asInt());
        assertEquals(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt(), usage.get("total_tokens").asInt());
        assertEquals(0, usage.at("/prompt_tokens_details/cached_tokens").asInt());
        assertTrue(usage.at("/prompt_tokens_details/cached_tokens").isInt());
        assertEquals(0, usage.at("/completion_tokens_details/reasoning_tokens").asInt());
        assertTrue(usage.at("/completion_tokens_details/reasoning_tokens").isInt());

        JsonNode answer = Http.JSON.readTree(message.get("content").asText());
        assertTrue(answer.at("/image_information/environment").isTextual());
        assertTrue(answer.at("/reasoning/spatial_context").asText().startsWith("[simulated]"));
        assertTrue(answer.at("/reverse_geocoding/address").has("street"));
        assertTrue(answer.at("/reverse_geocoding/address/country").isTextual());
        int confidence = answer.at("/reverse_geocoding/confidence").asInt();
        assertTrue(confidence >= 1 && confidence <= 5);
        GeoPoint guess = new GeoPoint(answer.at("/reverse_geocoding/coordinates/latitude").asDouble(),
                answer.at("/reverse_geocoding/coordinates/longitude").asDouble());
        // The error is one draw from sim-strong's lognormal mixture (Paris is not a harder region: no x2.5), so it
        // stays under the largest component's 99.9th percentile, median x e^(3.09 sigma) = 700 km x 11.8 = 8290 km,
        // but for a one-in-6700 draw. The confidence comes from the same draw (< 10 km: 5, < 50: 4, < 250: 3,
        // < 1000: 2, else 1), which bounds it from both sides. 0.1 km: the code's quantisation and rounding.
        double errorKm = GeoMath.distanceKm(guess, new GeoPoint(48.8584, 2.2945));
        double noiseKm = NoiseProfile.STRONG.mixture().stream().mapToDouble(NoiseProfile.Component::medianKm).max()
                .orElseThrow() * Math.exp(3.09 * NoiseProfile.STRONG.sigma());
        double[] floorKm = {Double.NaN, 1000, 250, 50, 10, 0}; // by confidence 1..5
        double[] ceilingKm = {Double.NaN, noiseKm, 1000, 250, 50, 10};
        assertTrue(errorKm >= floorKm[confidence] - 0.1 && errorKm < Math.min(noiseKm, ceilingKm[confidence]) + 0.1,
                "error " + errorKm + " km at confidence " + confidence + ", noise bound " + noiseKm + " km");
    }

    @Test
    void sameImageSameAnswerOverHttp() {
        String url = TestImages.dataUrl(demoJpeg(-1.2921, 36.8219, 2), "image/jpeg");
        JsonNode a = http.chat(Http.chatRequest("sim-weak", url)).body();
        JsonNode b = http.chat(Http.chatRequest("sim-weak", url)).body();
        assertEquals(a.at("/choices/0/message"), b.at("/choices/0/message"));
        assertEquals(a.get("usage"), b.get("usage"));
        assertNotEquals(a.get("id"), b.get("id"));
    }

    @Test
    void pngAndLowDetailWork() {
        byte[] png = TestImages.encode(TestImages.demo(1024, 768, 35.68, 139.69, 3), "png");
        ObjectNode req = Http.chatRequest("sim-strong", TestImages.dataUrl(png, "image/png"));
        ((ObjectNode) req.at("/messages/1/content/1/image_url")).put("detail", "low");
        Http.Response r = http.chat(req);
        assertEquals(200, r.status(), String.valueOf(r.body()));
        int text = r.body().at("/usage/prompt_tokens").asInt() - 85;
        ((ObjectNode) req.at("/messages/1/content/1/image_url")).put("detail", "high");
        assertEquals(text + 765, http.chat(req).body().at("/usage/prompt_tokens").asInt());
    }

    @Test
    void weakRefusesAndTruncatesAtRoughlyTheRightRates() throws Exception {
        int n = 800;
        int refusals = 0;
        int truncated = 0;
        for (int i = 0; i < n; i++) {
            double lat = -60 + (i * 37 % 130);
            double lon = -180 + (i * 53 % 360);
            byte[] jpeg = TestImages.jpeg(TestImages.demo(160, 120, lat, lon, i), 0.7f);
            Http.Response r = http.chat(Http.chatRequest("sim-weak", TestImages.dataUrl(jpeg, "image/jpeg")));
            assertEquals(200, r.status());
            JsonNode message = r.body().at("/choices/0/message");
            String finish = r.body().at("/choices/0/finish_reason").asText();
            if (!message.get("refusal").isNull()) {
                refusals++;
                assertTrue(message.get("content").isNull());
                assertEquals(GeolocationModel.REFUSAL_TEXT, message.get("refusal").asText());
                assertEquals("stop", finish);
                assertEquals(TokenCounter.textTokens(GeolocationModel.REFUSAL_TEXT), r.body().at("/usage/completion_tokens").asInt());
            } else if (finish.equals("length")) {
                truncated++;
                String content = message.get("content").asText();
                assertTrue(content.startsWith("{"));
                assertThrows(Exception.class, () -> Http.JSON.readTree(content));
            } else {
                assertEquals("stop", finish);
                Http.JSON.readTree(message.get("content").asText()); // parses
            }
        }
        // expected 24 refusals (3 %) and 16 truncations (2 %)
        assertTrue(refusals >= 10 && refusals <= 42, "refusals " + refusals);
        assertTrue(truncated >= 5 && truncated <= 32, "truncated " + truncated);
        assertEquals(n, server.requestLog().size());
    }

    @Test
    void maxTokensTruncatesWithFinishReasonLength() {
        ObjectNode req = Http.chatRequest("sim-strong", TestImages.dataUrl(demoJpeg(40.7, -74.0, 4), "image/jpeg"));
        req.remove("max_completion_tokens");
        req.put("max_tokens", 20);
        JsonNode b = http.chat(req).body();
        assertEquals("length", b.at("/choices/0/finish_reason").asText());
        assertEquals(20, b.at("/usage/completion_tokens").asInt());
    }

    @Test
    void photoWithoutStripGetsALowConfidenceGuess() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.scene(640, 480, 99), 0.8f);
        JsonNode b = http.chat(Http.chatRequest("sim-strong", TestImages.dataUrl(jpeg, "image/jpeg"))).body();
        JsonNode answer = Http.JSON.readTree(b.at("/choices/0/message/content").asText());
        assertEquals(1, answer.at("/reverse_geocoding/confidence").asInt());
        assertEquals("no_location", server.requestLog().get(0).outcome());
    }

    @Test
    void malformedJsonIs400() {
        Http.Response r = http.post("/v1/chat/completions", "{\"model\": \"sim-strong\", \"messages\": [", null);
        assertError(r, 400, "invalid_request_error");
        assertTrue(r.body().at("/error/message").asText().contains("could not parse the JSON body"));
        assertError(http.post("/v1/chat/completions", "", null), 400, "invalid_request_error");
        assertError(http.post("/v1/chat/completions", "[1,2]", null), 400, "invalid_request_error");
    }

    @Test
    void requestWithoutImageIs400() {
        Http.Response r = http.chat(Http.chatRequest("sim-strong", null));
        assertError(r, 400, "invalid_request_error");
        assertEquals("image_required", r.body().at("/error/code").asText());
        assertEquals("messages", r.body().at("/error/param").asText());
    }

    @Test
    void undecodableImageIs400NamingTheImage() {
        String notAnImage = TestImages.dataUrl("hello, this is not a JPEG".getBytes(), "image/jpeg");
        Http.Response r = http.chat(Http.chatRequest("sim-strong", notAnImage));
        assertError(r, 400, "invalid_request_error");
        assertEquals("invalid_image_format", r.body().at("/error/code").asText());
        assertTrue(r.body().at("/error/message").asText().contains("messages[1].content[1]"), r.body().toString());
        assertEquals("messages[1].content[1].image_url.url", r.body().at("/error/param").asText());

        Http.Response badBase64 = http.chat(Http.chatRequest("sim-strong", "data:image/jpeg;base64,!!!notbase64"));
        assertError(badBase64, 400, "invalid_request_error");
        assertEquals("invalid_image_url", badBase64.body().at("/error/code").asText());

        Http.Response remote = http.chat(Http.chatRequest("sim-strong", "https://example.com/photo.jpg"));
        assertError(remote, 400, "invalid_request_error");
        assertEquals("invalid_image_url", remote.body().at("/error/code").asText());
    }

    @Test
    void invalidParametersAre400() {
        String url = TestImages.dataUrl(demoJpeg(0, 0, 5), "image/jpeg");
        ObjectNode badFormat = Http.chatRequest("sim-strong", url);
        badFormat.putObject("response_format").put("type", "xml");
        assertEquals("response_format.type", assertError(http.chat(badFormat), 400, "invalid_request_error").asText());

        ObjectNode badTemp = Http.chatRequest("sim-strong", url).put("temperature", 3);
        assertEquals("temperature", assertError(http.chat(badTemp), 400, "invalid_request_error").asText());

        ObjectNode noMessages = Http.chatRequest("sim-strong", url);
        noMessages.putArray("messages");
        assertEquals("messages", assertError(http.chat(noMessages), 400, "invalid_request_error").asText());

        ObjectNode noModel = Http.chatRequest("sim-strong", url);
        noModel.remove("model");
        assertEquals("model", assertError(http.chat(noModel), 400, "invalid_request_error").asText());
    }

    @Test
    void unknownModelIs404() {
        String url = TestImages.dataUrl(demoJpeg(0, 0, 6), "image/jpeg");
        Http.Response r = http.chat(Http.chatRequest("gpt-4o", url));
        assertError(r, 404, "invalid_request_error");
        assertEquals("model_not_found", r.body().at("/error/code").asText());
        assertTrue(r.body().at("/error/message").asText().contains("gpt-4o"));
        assertEquals(404, http.get("/v1/models/gpt-4o").status());
    }

    @Test
    void apiKeyIsEnforcedWhenConfigured() {
        try (SimulatorServer secured = SimulatorServer.start(
                SimulatorConfig.defaults().withMeanLatencyMs(0).withApiKey("sk-test-0123456789"))) {
            Http client = new Http(secured);
            String body = Http.chatRequest("sim-strong", TestImages.dataUrl(demoJpeg(10, 10, 7), "image/jpeg")).toString();

            Http.Response missing = client.post("/v1/chat/completions", body, null);
            assertError(missing, 401, "invalid_request_error");

            Http.Response wrong = client.post("/v1/chat/completions", body, "sk-wrong-key-123456");
            assertError(wrong, 401, "invalid_request_error");
            assertEquals("invalid_api_key", wrong.body().at("/error/code").asText());
            assertFalse(wrong.body().toString().contains("sk-test-0123456789"));

            assertEquals(200, client.post("/v1/chat/completions", body, "sk-test-0123456789").status());
            assertEquals(401, client.get("/v1/models").status());
            assertEquals(200, client.get("/health").status()); // health needs no key

            List<Integer> statuses = secured.requestLog().stream().map(RequestLogEntry::status).toList();
            assertEquals(List.of(401, 401, 200), statuses);
        }
    }

    @Test
    void modelsAndHealth() {
        Http.Response models = http.get("/v1/models");
        assertEquals(200, models.status());
        assertEquals("list", models.body().get("object").asText());
        Set<String> ids = new HashSet<>();
        for (JsonNode m : models.body().get("data")) {
            ids.add(m.get("id").asText());
            assertEquals("model", m.get("object").asText());
            assertEquals("placebench-simulator", m.get("owned_by").asText());
            assertTrue(m.get("created").isIntegralNumber());
        }
        assertEquals(Set.of("sim-strong", "sim-weak", "sim-think"), ids);
        assertEquals("sim-weak", http.get("/v1/models/sim-weak").body().get("id").asText());

        Http.Response health = http.get("/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.body().get("status").asText());
    }

    @Test
    void unknownPathsAndMethods() {
        assertError(http.get("/v1/nope"), 404, "invalid_request_error");
        assertError(http.get("/nope"), 404, "invalid_request_error");
        Http.Response r = http.get("/v1/chat/completions");
        assertError(r, 405, "invalid_request_error");
        assertEquals("POST", r.raw().headers().firstValue("Allow").orElse(""));
    }

    @Test
    void requestLogRecordsEveryChatRequest() throws Exception {
        byte[] a = demoJpeg(51.5, -0.12, 8);
        byte[] b = demoJpeg(-33.9, 151.2, 9);
        http.chat(Http.chatRequest("sim-strong", TestImages.dataUrl(a, "image/jpeg")));
        http.chat(Http.chatRequest("sim-weak", TestImages.dataUrl(b, "image/jpeg")));
        http.chat(Http.chatRequest("gpt-4o", TestImages.dataUrl(a, "image/jpeg")));
        http.post("/v1/chat/completions", "not json", null);
        http.get("/health"); // not a chat request: not logged

        List<RequestLogEntry> log = server.requestLog();
        assertEquals(4, log.size());
        assertEquals(ImageDecoder.sha256Hex(a), log.get(0).imageSha256());
        assertEquals("sim-strong", log.get(0).model());
        assertEquals(200, log.get(0).status());
        assertTrue(log.get(0).id().startsWith("chatcmpl-"));
        assertEquals(ImageDecoder.sha256Hex(b), log.get(1).imageSha256());
        assertEquals("sim-weak", log.get(1).model());
        assertEquals(404, log.get(2).status());
        assertEquals("gpt-4o", log.get(2).model());
        assertNull(log.get(2).id());
        assertEquals(400, log.get(3).status());
        assertNull(log.get(3).model());
        assertEquals("error", log.get(3).outcome());

        Http.Response over = http.get("/_sim/requests");
        assertEquals(200, over.status());
        assertEquals(4, over.body().get("count").asInt());
        JsonNode first = over.body().get("data").get(0);
        assertEquals(ImageDecoder.sha256Hex(a), first.get("image_sha256").asText());
        assertEquals("sim-strong", first.get("model").asText());
        assertEquals(200, first.get("status").asInt());
        assertEquals(log.get(0).time().toString(), first.get("time").asText());
        assertEquals(log.get(0).id(), first.get("id").asText());

        assertEquals(4, http.delete("/_sim/requests").body().get("cleared").asInt());
        assertEquals(0, http.get("/_sim/requests").body().get("count").asInt());
        assertTrue(server.requestLog().isEmpty());

        http.chat(Http.chatRequest("sim-strong", TestImages.dataUrl(a, "image/jpeg")));
        assertEquals(1, server.requestLog().size());
        server.clearRequestLog();
        assertTrue(server.requestLog().isEmpty());
    }

    @Test
    void concurrentCallsWithLatencyAllSucceed() throws Exception {
        // latency on: calls overlap on the worker pool; no assertion on wall time, only on the answers
        try (SimulatorServer slow = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(40))) {
            Http client = new Http(slow);
            List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String url = TestImages.dataUrl(demoJpeg(i * 5, i * 10, 100 + i), "image/jpeg");
                calls.add(CompletableFuture.supplyAsync(() -> client.chat(Http.chatRequest("sim-strong", url))));
            }
            for (CompletableFuture<Http.Response> c : calls) {
                assertEquals(200, c.get().status());
            }
            assertEquals(16, slow.requestLog().size());
        }
    }

    @Test
    void portInUseFailsWithBindException() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> SimulatorServer.start(SimulatorConfig.defaults().withPort(server.port())));
        assertTrue(e.getCause() instanceof BindException, String.valueOf(e.getCause()));
    }

    @Test
    void severalImagesAreAllCounted() {
        byte[] a = demoJpeg(30, 30, 10);
        ObjectNode req = Http.chatRequest("sim-strong", TestImages.dataUrl(a, "image/jpeg"));
        ArrayNode content = (ArrayNode) req.at("/messages/1/content");
        content.addObject().put("type", "image_url").putObject("image_url").put("url", TestImages.dataUrl(a, "image/jpeg"));
        int one = http.chat(Http.chatRequest("sim-strong", TestImages.dataUrl(a, "image/jpeg"))).body().at("/usage/prompt_tokens").asInt();
        assertEquals(one + 425, http.chat(req).body().at("/usage/prompt_tokens").asInt());
    }

    /** Checks the OpenAI error body and returns its {@code param}. */
    private static JsonNode assertError(Http.Response r, int status, String type) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        JsonNode error = r.body().get("error");
        assertTrue(error != null && error.isObject(), String.valueOf(r.body()));
        assertEquals(type, error.get("type").asText());
        assertTrue(error.get("message").isTextual() && !error.get("message").asText().isBlank());
        assertTrue(error.has("param") && error.has("code"), error.toString());
        return error.get("param");
    }
}
