package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(60));

    @Test
    void whatIsRetried() {
        assertTrue(policy.retryableHttp(429, "rate_limit_exceeded"));
        assertFalse(policy.retryableHttp(429, "insufficient_quota"));
        assertTrue(policy.retryableHttp(500, null));
        assertTrue(policy.retryableHttp(503, null));
        assertFalse(policy.retryableHttp(400, null));
        assertFalse(policy.retryableHttp(401, null));
        assertFalse(policy.retryableHttp(404, "model_not_found"));
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
}
