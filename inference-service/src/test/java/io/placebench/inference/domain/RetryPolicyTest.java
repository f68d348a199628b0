package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.PredictionStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(2, 10, Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(60));

    static Attempt error(int http, String type, String code, String message) {
        return new Attempt(PredictionStatus.API_ERROR, null, "HTTP " + http + ": " + message, http, type, code, null, null,
                1, null, false, null);
    }

    @Test
    void whatIsRetriedWhatPausesTheRunAndWhatFailsTheImage() {
        assertEquals(RetryPolicy.Decision.RETRY_RATE_LIMITED, policy.decide(error(429, "requests", "rate_limit_exceeded", "")));
        assertEquals(RetryPolicy.Decision.RETRY_RATE_LIMITED, policy.decide(error(529, "overloaded_error", null, "Overloaded")));
        assertEquals(RetryPolicy.Decision.RETRY_RATE_LIMITED, policy.decide(error(503, null, null, "unavailable")));
        assertEquals(RetryPolicy.Decision.RETRY, policy.decide(error(500, "server_error", null, "")));
        assertEquals(RetryPolicy.Decision.RETRY, policy.decide(error(502, null, null, "Bad Gateway")));
        assertEquals(RetryPolicy.Decision.RETRY, policy.decide(error(408, null, null, "")));
        assertEquals(RetryPolicy.Decision.RETRY, policy.decide(Attempt.timeout("timeout", 1)));
        assertEquals(RetryPolicy.Decision.RETRY, policy.decide(Attempt.connectionFailed("refused", 1)));
        for (String quota : new String[] {"insufficient_quota", "enforced_spend_limit_reached", "billing_hard_limit_reached"}) {
            assertEquals(RetryPolicy.Decision.PAUSE_RUN, policy.decide(error(429, null, quota, "")), quota);
        }
        Attempt daily = new Attempt(PredictionStatus.API_ERROR, null, "HTTP 429", 429, "RESOURCE_EXHAUSTED", null, null,
                null, 1, Duration.ofSeconds(30), true, null);
        assertEquals(RetryPolicy.Decision.PAUSE_RUN, policy.decide(daily), "a daily quota is not cured by its RetryInfo");
        for (int status : new int[] {401, 402, 403, 404}) {
            assertEquals(RetryPolicy.Decision.PAUSE_RUN, policy.decide(error(status, "x", null, "")), "HTTP " + status);
        }
        assertEquals(RetryPolicy.Decision.PAUSE_RUN, policy.decide(error(400, "invalid_request_error", "unsupported_value",
                "'temperature' does not support 0.2")));
        assertEquals(RetryPolicy.Decision.DONE, policy.decide(error(400, "invalid_request_error", "invalid_image_format",
                "could not be decoded")), "a bad image fails that image only");
        assertEquals(RetryPolicy.Decision.DONE, policy.decide(error(400, "invalid_request_error", null,
                "prompt is too long: context_length_exceeded")));
        assertEquals(RetryPolicy.Decision.DONE, policy.decide(error(422, null, null, "")));
        assertEquals(RetryPolicy.Decision.DONE, policy.decide(new Attempt(PredictionStatus.OK, null, null, null, null, null,
                null, null, 1, null, false, null)));
    }

    @Test
    void retryBudgetsAreSeparate() {
        assertTrue(policy.mayRetry(RetryPolicy.Decision.RETRY, 2, 0));
        assertFalse(policy.mayRetry(RetryPolicy.Decision.RETRY, 3, 0));
        assertTrue(policy.mayRetry(RetryPolicy.Decision.RETRY_RATE_LIMITED, 0, 10));
        assertFalse(policy.mayRetry(RetryPolicy.Decision.RETRY_RATE_LIMITED, 0, 11));
        assertFalse(policy.mayRetry(RetryPolicy.Decision.PAUSE_RUN, 0, 0));
        assertFalse(policy.mayRetry(RetryPolicy.Decision.DONE, 0, 0));
    }

    @Test
    void exponentialBackOffWithJitterAndRetryAfter() {
        assertEquals(Duration.ofMillis(500), policy.delay(1, null, 0));
        assertEquals(Duration.ofMillis(1000), policy.delay(2, null, 0));
        assertEquals(Duration.ofMillis(750), policy.delay(2, null, 1.0)); // up to 25 % less
        assertEquals(Duration.ofSeconds(8), policy.delay(10, null, 0));
        assertEquals(Duration.ofSeconds(3), policy.delay(1, Duration.ofSeconds(3), 0.5));
        assertEquals(Duration.ofSeconds(60), policy.delay(1, Duration.ofHours(1), 0), "retry-after is capped");
    }

    @Test
    void readsRetryAfterHeaders() {
        Instant now = Instant.parse("2026-11-05T10:00:00Z");
        assertEquals(Duration.ofMillis(1500), RetryPolicy.parseRetryAfter(null, "1.5", now));
        assertEquals(Duration.ofMillis(250), RetryPolicy.parseRetryAfter("250", "7", now));
        assertEquals(Duration.ofSeconds(30),
                RetryPolicy.parseRetryAfter(null, "Thu, 05 Nov 2026 10:00:30 GMT", now));
        assertNull(RetryPolicy.parseRetryAfter(null, null, now));
        assertNull(RetryPolicy.parseRetryAfter(null, "soon", now));
    }

    @Test
    void adaptiveConcurrencyBacksOffAndRecovers() throws Exception {
        long[] clock = {0};
        AdaptiveConcurrency c = new AdaptiveConcurrency(1, 20, 0.5, 4, Duration.ofSeconds(2), () -> clock[0]);
        assertEquals(20, c.limit());
        c.acquire();
        c.release(AdaptiveConcurrency.Signal.OVERLOAD);
        assertEquals(10, c.limit());
        c.acquire();
        c.release(AdaptiveConcurrency.Signal.OVERLOAD);
        assertEquals(10, c.limit(), "one decrease per interval: the calls in flight all report the same 429s");
        clock[0] += Duration.ofSeconds(3).toNanos();
        c.acquire();
        c.release(AdaptiveConcurrency.Signal.OVERLOAD);
        assertEquals(5, c.limit());
        for (int i = 0; i < 200; i++) {
            c.acquire();
            c.release(AdaptiveConcurrency.Signal.SUCCESS);
        }
        assertEquals(20, c.limit(), 1e-9, "recovers to the ceiling");
        // the limit holds callers back
        AdaptiveConcurrency two = new AdaptiveConcurrency(1, 2, 0.5, 1, Duration.ZERO);
        two.acquire();
        two.acquire();
        assertFalse(two.tryAcquire(Duration.ofMillis(20)));
        two.release(AdaptiveConcurrency.Signal.NEUTRAL);
        assertTrue(two.tryAcquire(Duration.ofMillis(20)));
        assertEquals(2, two.inFlight());
    }
}
