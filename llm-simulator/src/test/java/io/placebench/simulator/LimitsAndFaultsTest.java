package io.placebench.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.placebench.simulator.testimages.TestImages;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-key rate limits with their headers, scripted and random faults, in each wire format. */
class LimitsAndFaultsTest {

    static final byte[] JPEG = TestImages.jpeg(TestImages.demo(320, 240, 35.68, 139.69, 21), 0.8f);

    static String chatBody() {
        return Http.chatRequest("sim-strong", TestImages.dataUrl(JPEG, "image/jpeg")).toString();
    }

    static String anthropicBody() {
        ObjectNode req = Http.JSON.createObjectNode().put("model", "sim-strong").put("max_tokens", 1000);
        var content = req.putArray("messages").addObject().put("role", "user").putArray("content");
        content.addObject().put("type", "image").putObject("source").put("type", "base64").put("media_type", "image/jpeg")
                .put("data", Base64.getEncoder().encodeToString(JPEG));
        content.addObject().put("type", "text").put("text", "Where? Answer with JSON.");
        return req.toString();
    }

    static String geminiBody() {
        ObjectNode req = Http.JSON.createObjectNode();
        var parts = req.putArray("contents").addObject().put("role", "user").putArray("parts");
        parts.addObject().putObject("inline_data").put("mime_type", "image/jpeg")
                .put("data", Base64.getEncoder().encodeToString(JPEG));
        parts.addObject().put("text", "Where? Answer with JSON.");
        return req.toString();
    }

    @Test
    void requestsPerMinuteAreLimitedPerKeyWithOpenAiHeaders() {
        // 60 RPM with a 2 s burst: two requests pass at once, the third waits about a second
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0)
                .withRateLimits(60, 0).withBurstSeconds(2))) {
            Http http = new Http(sim);
            Http.Response first = http.post("/v1/chat/completions", chatBody(), "key-a");
            assertEquals(200, first.status());
            assertEquals("60", first.raw().headers().firstValue("x-ratelimit-limit-requests").orElse(""));
            assertEquals("1", first.raw().headers().firstValue("x-ratelimit-remaining-requests").orElse(""));
            assertTrue(first.raw().headers().firstValue("x-ratelimit-reset-requests").orElse("").matches("\\d+(ms|s|\\.\\d+s)"));
            assertEquals(200, http.post("/v1/chat/completions", chatBody(), "key-a").status());
            Http.Response limited = http.post("/v1/chat/completions", chatBody(), "key-a");
            assertEquals(429, limited.status());
            assertEquals("rate_limit_exceeded", limited.body().at("/error/code").asText());
            assertEquals("requests", limited.body().at("/error/type").asText());
            long retryMs = Long.parseLong(limited.raw().headers().firstValue("retry-after-ms").orElse("-1"));
            assertTrue(retryMs > 0 && retryMs <= 1000, "retry-after-ms " + retryMs);
            assertEquals("1", limited.raw().headers().firstValue("retry-after").orElse(""));
            // another key has its own bucket
            assertEquals(200, http.post("/v1/chat/completions", chatBody(), "key-b").status());
            List<RequestLogEntry> log = sim.requestLog();
            assertEquals(List.of("answer", "answer", "rate_limited", "answer"), log.stream().map(RequestLogEntry::outcome).toList());
        }
    }

    @Test
    void anthropicAndGeminiSayItTheirWay() {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0)
                .withRateLimits(60, 100_000).withBurstSeconds(1))) {
            Http http = new Http(sim);
            Map<String, String> headers = Map.of("x-api-key", "k", "anthropic-version", "2023-06-01");
            Http.Response ok = http.postWith("/v1/messages", anthropicBody(), headers);
            assertEquals(200, ok.status(), String.valueOf(ok.body()));
            assertEquals("60", ok.raw().headers().firstValue("anthropic-ratelimit-requests-limit").orElse(""));
            assertTrue(ok.raw().headers().firstValue("anthropic-ratelimit-tokens-reset").orElse("").endsWith("Z"));
            Http.Response limited = http.postWith("/v1/messages", anthropicBody(), headers);
            assertEquals(429, limited.status());
            assertEquals("rate_limit_error", limited.body().at("/error/type").asText());
            assertEquals("1", limited.raw().headers().firstValue("retry-after").orElse(""));
            assertTrue(limited.raw().headers().firstValue("retry-after-ms").isEmpty());

            Map<String, String> google = Map.of("x-goog-api-key", "g");
            assertEquals(200, http.postWith("/v1beta/models/sim-strong:generateContent", geminiBody(), google).status());
            Http.Response exhausted = http.postWith("/v1beta/models/sim-strong:generateContent", geminiBody(), google);
            assertEquals(429, exhausted.status());
            JsonNode error = exhausted.body().get("error");
            assertEquals("RESOURCE_EXHAUSTED", error.get("status").asText());
            assertTrue(error.get("message").asText().contains("Please retry in"));
            JsonNode retryInfo = null;
            for (JsonNode d : error.get("details")) {
                if (d.get("@type").asText().endsWith("RetryInfo")) {
                    retryInfo = d;
                }
            }
            assertTrue(retryInfo != null && retryInfo.get("retryDelay").asText().endsWith("s"), error.toString());
            assertFalse(exhausted.raw().headers().firstValue("x-ratelimit-limit-requests").isPresent());
        }
    }

    @Test
    void scriptedFaultsAreUsedOnceInOrderAndOnlyWhereTheyMatch() {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0))) {
            Http http = new Http(sim);
            Http.Response queued = http.post("/_sim/faults", "{\"faults\":[{\"kind\":\"rate_limit\",\"count\":2},"
                    + "{\"kind\":\"overloaded\",\"api\":\"anthropic\"},{\"kind\":\"quota\",\"model\":\"sim-weak\"}]}", null);
            assertEquals(4, queued.body().get("queued").asInt());
            Http.Response a = http.post("/v1/chat/completions", chatBody(), null);
            assertEquals(429, a.status());
            assertEquals("200", a.raw().headers().firstValue("retry-after-ms").orElse(""));
            assertEquals(429, http.post("/v1/chat/completions", chatBody(), null).status());
            assertEquals(200, http.post("/v1/chat/completions", chatBody(), null).status(), "the anthropic one waits");
            Http.Response overloaded = http.postWith("/v1/messages", anthropicBody(), Map.of());
            assertEquals(529, overloaded.status());
            assertEquals("overloaded_error", overloaded.body().at("/error/type").asText());
            assertEquals(1, http.get("/_sim/faults").body().get("faults").size());

            ObjectNode weak = Http.chatRequest("sim-weak", TestImages.dataUrl(JPEG, "image/jpeg"));
            Http.Response quota = http.chat(weak);
            assertEquals(429, quota.status());
            assertEquals("insufficient_quota", quota.body().at("/error/code").asText());
            assertTrue(quota.raw().headers().firstValue("retry-after").isEmpty(), "no wait cures a quota");

            sim.injectFaults(Fault.of(Fault.Kind.QUOTA));
            Http.Response spend = http.postWith("/v1/messages", anthropicBody(), Map.of());
            assertEquals("enforced_spend_limit_reached", spend.body().at("/error/details/error_code").asText());
            sim.injectFaults(Fault.of(Fault.Kind.QUOTA));
            Http.Response daily = http.postWith("/v1beta/models/sim-strong:generateContent", geminiBody(), Map.of());
            assertTrue(daily.body().toString().contains("PerDay") && daily.body().toString().contains("\"quotaValue\":\"0\""));

            List<String> outcomes = sim.requestLog().stream().map(RequestLogEntry::outcome).toList();
            assertEquals(List.of("fault", "fault", "answer", "fault", "fault", "fault", "fault"), outcomes);
            assertEquals(0, http.delete("/_sim/faults").body().get("cleared").asInt());
            assertEquals(400, http.post("/_sim/faults", "{\"faults\":[{\"kind\":\"gremlins\"}]}", null).status());
        }
    }

    @Test
    void contentFaultsRefuseTruncateFilterAndReshape() throws Exception {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0))) {
            Http http = new Http(sim);
            sim.injectFaults(Fault.of(Fault.Kind.CONTENT_FILTER), Fault.of(Fault.Kind.REFUSAL), Fault.of(Fault.Kind.FENCED),
                    Fault.of(Fault.Kind.BROKEN_JSON), Fault.of(Fault.Kind.TRUNCATE));
            JsonNode filtered = http.post("/v1/chat/completions", chatBody(), null).body();
            assertEquals("content_filter", filtered.at("/choices/0/finish_reason").asText());
            assertTrue(filtered.at("/choices/0/message/content").isNull());
            JsonNode refused = http.post("/v1/chat/completions", chatBody(), null).body();
            assertFalse(refused.at("/choices/0/message/refusal").isNull());
            assertTrue(http.post("/v1/chat/completions", chatBody(), null).body()
                    .at("/choices/0/message/content").asText().startsWith("```json"));
            String relaxed = http.post("/v1/chat/completions", chatBody(), null).body()
                    .at("/choices/0/message/content").asText();
            assertTrue(relaxed.startsWith("{image_information: {environment: '"), relaxed);
            JsonNode cut = http.post("/v1/chat/completions", chatBody(), null).body();
            assertEquals("length", cut.at("/choices/0/finish_reason").asText());

            sim.injectFaults(Fault.of(Fault.Kind.CONTENT_FILTER), Fault.of(Fault.Kind.REFUSAL));
            JsonNode blocked = http.postWith("/v1beta/models/sim-strong:generateContent", geminiBody(), Map.of()).body();
            assertEquals("SAFETY", blocked.at("/promptFeedback/blockReason").asText());
            assertNull(blocked.get("candidates"));
            JsonNode refusal = http.postWith("/v1/messages", anthropicBody(), Map.of()).body();
            assertEquals("refusal", refusal.get("stop_reason").asText());
            assertEquals("refusal", refusal.at("/stop_details/type").asText());
            assertEquals(0, refusal.get("content").size());
        }
    }

    @Test
    void hangsHoldTheConnection() throws Exception {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0).withHangMs(60_000))) {
            sim.injectFaults(Fault.of(Fault.Kind.HANG));
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(sim.baseUrl() + "/chat/completions"))
                    .timeout(java.time.Duration.ofMillis(300))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chatBody())).build();
            try {
                client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                throw new AssertionError("a hung call must time out");
            } catch (java.net.http.HttpTimeoutException expected) {
                // the client gave up; the simulator is still holding the call
            }
            assertEquals("hang", sim.requestLog().get(0).outcome());
        }
    }

    @Test
    void randomFaultsFollowTheirRates() {
        try (SimulatorServer sim = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0)
                .withFaultRate(Fault.Kind.SERVER_ERROR, 1.0))) {
            Http.Response r = new Http(sim).post("/v1/chat/completions", chatBody(), null);
            assertEquals(500, r.status());
            assertEquals("server_error", r.body().at("/error/type").asText());
        }
        SimulatorConfig parsed = SimulatorMain.parse(new String[] {"--rpm", "600", "--tpm", "90000", "--fault",
                "rate_limit=0.05", "--fault", "overloaded=0.01", "--hang-ms", "1000", "--burst-seconds", "2"});
        assertEquals(600, parsed.rpm());
        assertEquals(90_000, parsed.tpm());
        assertEquals(0.05, parsed.faultRates().get(Fault.Kind.RATE_LIMIT));
        assertEquals(2.0, parsed.burstSeconds());
    }
}
