package io.placebench.inference.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When and how long to wait before calling a provider again. Retries 408, 429 (except {@code insufficient_quota},
 * which no wait cures), 500, 502, 503, 504 and timeouts, at most {@code maxRetries} times. The wait is the
 * provider's {@code retry-after-ms} / {@code retry-after} (seconds or an HTTP date) when given, capped at
 * {@code maxRetryAfter}; otherwise exponential back-off {@code min(initial * 2^(n-1), max)} less up to 25 %
 * jitter (the OpenAI and Anthropic SDKs' rule).
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public boolean retryableHttp(int status, String errorCode) {
        if (status == 429) {
            return !"insufficient_quota".equals(errorCode);
        }
        return status == 408 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /**
     * @param retry      1 for the first retry, 2 for the second, ...
     * @param retryAfter what the provider asked for, or null
     * @param random01   a number in [0, 1) for the jitter
     */
    public Duration delay(int retry, Duration retryAfter, double random01) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        long initial = initialBackoff.toMillis();
        long exponential = initial * (1L << Math.min(Math.max(retry - 1, 0), 20));
        long capped = Math.min(exponential, maxBackoff.toMillis());
        return Duration.ofMillis(Math.round(capped * (1 - 0.25 * random01)));
    }

    /** Reads {@code retry-after-ms}, then {@code retry-after} (seconds or RFC 1123 date); null when neither. */
    public static Duration parseRetryAfter(String retryAfterMs, String retryAfter, Instant now) {
        if (retryAfterMs != null) {
            try {
                double ms = Double.parseDouble(retryAfterMs.trim());
                if (ms >= 0 && Double.isFinite(ms)) {
                    return Duration.ofMillis((long) ms);
                }
            } catch (NumberFormatException e) {
                // fall through to retry-after
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.trim();
        try {
            double seconds = Double.parseDouble(value);
            return seconds >= 0 && Double.isFinite(seconds) ? Duration.ofMillis((long) (seconds * 1000)) : null;
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
