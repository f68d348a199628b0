package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.PredictionStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response and error fixture (files under {@code fixtures/}, in the providers' documented shapes) maps to
 * the right status, usage (normalised: input with cache reads and writes, output with reasoning), cost by the
 * LiteLLM prices, error type, retry-after and retry decision ({@code fixtures/expectations.json}).
 */
class ResponseFixturesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final PriceTable PRICES = TestData.prices();
    static final RetryPolicy POLICY = new RetryPolicy(2, 10, java.time.Duration.ofMillis(500),
            java.time.Duration.ofSeconds(8), java.time.Duration.ofSeconds(60));

    static Stream<Arguments> fixtures() throws Exception {
        List<Arguments> list = new ArrayList<>();
        for (JsonNode e : JSON.readTree(TestData.text("fixtures/expectations.json"))) {
            list.add(Arguments.of(e.get("file").asText(), e));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void mapsToStatusUsageCostAndDecision(String file, JsonNode e) {
        WireApi api = WireApi.fromConfig(e.get("api").asText()).orElseThrow();
        Interpretation i = WireFormat.of(api).interpret(e.get("http").asInt(), TestData.text("fixtures/" + file));
        assertEquals(PredictionStatus.valueOf(e.get("status").asText()), i.status(), file + ": " + i.error());
        Attempt attempt = Attempt.of(i, null, 1, null, null);
        assertEquals(RetryPolicy.Decision.valueOf(e.get("decision").asText()), POLICY.decide(attempt), file);
        if (e.get("usage").isNull()) {
            assertNull(i.usage(), file + " reports no usage");
        } else {
            JsonNode u = e.get("usage");
            assertNotNull(i.usage(), file);
            assertEquals(List.of(u.get(0).asLong(), u.get(1).asLong(), u.get(2).asLong(), u.get(3).asLong(), u.get(4).asLong()),
                    List.of(i.usage().input(), i.usage().output(), i.usage().cachedInput(), i.usage().cacheWrite(),
                            i.usage().reasoning()), file + ": input, output, cached, cache writes, reasoning");
        }
        if (!e.get("price").isNull()) {
            BigDecimal cost = i.usage().reportedCostUsd() != null ? i.usage().reportedCostUsd()
                    : PRICES.price(e.get("price").asText()).orElseThrow().cost(i.usage());
            assertEquals(0, new BigDecimal(e.get("cost").asText()).compareTo(cost), file + ": cost " + cost);
        }
        if (!e.get("errorType").isNull()) {
            assertEquals(e.get("errorType").asText(), i.errorCodeOrType(), file);
        }
        if (i.status() == PredictionStatus.API_ERROR) {
            assertEquals(e.get("http").asInt(), i.httpStatus(), file);
            assertTrue(i.error().startsWith("HTTP " + e.get("http").asInt()), i.error());
        }
        if (!e.get("retryAfterMs").isNull()) {
            assertEquals(e.get("retryAfterMs").asLong(), i.bodyRetryAfter().toMillis(), file);
        }
        if (!e.get("latitude").isNull()) {
            assertEquals(e.get("latitude").asDouble(), i.answer().latitude(), 1e-9, file);
        }
        if (i.status() == PredictionStatus.TRUNCATED) {
            assertNull(i.answer(), file + ": a cut JSON object yields no answer");
        }
    }

    @Test
    void atLeastOneFixturePerFormatAndOutcome() throws Exception {
        JsonNode all = JSON.readTree(TestData.text("fixtures/expectations.json"));
        java.util.Set<String> seen = new java.util.HashSet<>();
        all.forEach(e -> seen.add(e.get("api").asText() + ":" + e.get("status").asText()));
        for (String api : List.of("openai-chat", "openai-responses", "anthropic", "gemini")) {
            for (String status : List.of("OK", "TRUNCATED", "API_ERROR")) {
                assertTrue(seen.contains(api + ":" + status), api + " lacks a " + status + " fixture");
            }
        }
        assertTrue(all.size() >= 40, "fixtures: " + all.size());
    }

    @Test
    void headersAndDurations() {
        java.util.Map<String, String> openai = java.util.Map.of("x-ratelimit-limit-requests", "60",
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-limit-tokens", "150000", "x-ratelimit-remaining-tokens", "149984",
                "x-ratelimit-reset-tokens", "6m0s");
        ServerLimits l = ServerLimits.read(openai::get, java.time.Instant.EPOCH);
        assertEquals(60L, l.limitRequests());
        assertEquals(java.time.Duration.ofMinutes(6), l.resetTokens());
        assertEquals(java.time.Duration.ofSeconds(1), l.exhaustedFor(), "no requests left: hold until the reset");
        java.time.Instant now = java.time.Instant.parse("2026-11-22T10:00:00Z");
        java.util.Map<String, String> anthropic = java.util.Map.of("anthropic-ratelimit-requests-limit", "50",
                "anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset", "2026-11-22T10:00:02Z");
        assertEquals(java.time.Duration.ofSeconds(2), ServerLimits.read(anthropic::get, now).exhaustedFor());
        assertNull(ServerLimits.read(h -> null, now), "Gemini sends none");
        assertEquals(java.time.Duration.ofMillis(120), ServerLimits.goDuration("120ms"));
        assertEquals(java.time.Duration.ofMillis(3723500), ServerLimits.goDuration("1h2m3.5s"));
        assertNull(ServerLimits.goDuration("soon"));
        assertEquals(java.time.Duration.ofMillis(250), ServerLimits.protoDuration("0.250s"));
    }
}
