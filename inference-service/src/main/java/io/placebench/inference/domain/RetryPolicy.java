package io.placebench.inference.domain;

import io.placebench.events.PredictionStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * What to do after a failed call, and how long to wait before the next one.
 * <ul>
 * <li>Retried as rate limits (up to {@code maxRateLimitRetries}): 429, Anthropic's 529 and 503 (overloaded).</li>
 * <li>Retried as failures (up to {@code maxRetries}): 408, 409, other 5xx, timeouts, connection failures.</li>
 * <li>Never retried, and the run is paused: quotas no wait cures ({@code insufficient_quota}, billing limits,
 * Anthropic's {@code enforced_spend_limit_reached}, Gemini's per-day quota or a limit of 0), 401, 402, 403, 404,
 * and a 400 that is not about the one image (a 400 naming the image, its size or the context length fails that
 * image only).</li>
 * <li>Anything else (other 4xx) fails the image without a retry.</li>
 * </ul>
 * The wait is the provider's {@code retry-after-ms} / {@code retry-after} / RetryInfo when given (at least that,
 * capped at {@code maxRetryAfter}); otherwise exponential back-off {@code min(initial * 2^(n-1), max)} less up to
 * 25 % jitter (the OpenAI and Anthropic SDKs' rule).
 */
public record RetryPolicy(int maxRetries, int maxRateLimitRetries, Duration initialBackoff, Duration maxBackoff,
        Duration maxRetryAfter) {

    public enum Decision { DONE, RETRY, RETRY_RATE_LIMITED, PAUSE_RUN }

    static final Set<String> QUOTA_CODES = Set.of("insufficient_quota", "billing_hard_limit_reached",
            "billing_not_active", "enforced_spend_limit_reached", "access_terminated", "quota_exceeded",
            "spend_limit_reached");
    private static final String[] IMAGE_HINTS = {"image", "context_length", "context length", "too long", "too large",
            "media_type", "base64", "request_too_large", "file"};

    public RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
        this(maxRetries, Math.max(maxRetries, 8), initialBackoff, maxBackoff, maxRetryAfter);
    }

    public Decision decide(Attempt a) {
        if (a.status() == PredictionStatus.TIMEOUT) {
            return Decision.RETRY;
        }
        if (a.status() != PredictionStatus.API_ERROR) {
            return Decision.DONE;
        }
        if ("connection".equals(a.errorType())) {
            return Decision.RETRY;
        }
        String code = a.errorCodeOrType() == null ? "" : a.errorCodeOrType().toLowerCase(Locale.ROOT);
        if (a.quotaExhausted() || QUOTA_CODES.contains(code)) {
            return Decision.PAUSE_RUN;
        }
        Integer http = a.httpStatus();
        if (http == null) {
            return Decision.DONE;
        }
        if (http == 429 || http == 529 || http == 503) {
            return Decision.RETRY_RATE_LIMITED;
        }
        if (http == 408 || http == 409 || http >= 500) {
            return Decision.RETRY;
        }
        if (http == 401 || http == 402 || http == 403 || http == 404) {
            return Decision.PAUSE_RUN;
        }
        if (http == 400) {
            String text = (code + " " + (a.error() == null ? "" : a.error())).toLowerCase(Locale.ROOT);
            for (String hint : IMAGE_HINTS) {
                if (text.contains(hint)) {
                    return Decision.DONE;
                }
            }
            return Decision.PAUSE_RUN;
        }
        return Decision.DONE;
    }

    /** Whether another attempt is allowed after {@code failures} failures and {@code rateLimited} rate limits. */
    public boolean mayRetry(Decision decision, int failures, int rateLimited) {
        return switch (decision) {
            case RETRY -> failures <= maxRetries;
            case RETRY_RATE_LIMITED -> rateLimited <= maxRateLimitRetries;
            default -> false;
        };
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
