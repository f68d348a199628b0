package io.placebench.inference.domain;

import io.placebench.events.GeoAnswer;
import io.placebench.events.PredictionStatus;
import java.time.Duration;

/**
 * One call to a provider: what it meant, the raw response text (secrets redacted; null when nothing came back),
 * its wall time, how long the provider asked us to wait (null: not said), the rate-limit state its headers
 * reported (null: none) and, for failures without a response, the local cause ({@code timeout},
 * {@code connection}).
 */
public record Attempt(PredictionStatus status, GeoAnswer answer, String error, Integer httpStatus, String errorType,
        String errorCode, ProviderUsage usage, String rawResponse, long latencyMs, Duration retryAfter,
        boolean quotaExhausted, ServerLimits limits) {

    public static Attempt of(Interpretation i, String rawResponse, long latencyMs, Duration retryAfter,
            ServerLimits limits) {
        return new Attempt(i.status(), i.answer(), i.error(), i.httpStatus(), i.errorType(), i.errorCode(), i.usage(),
                rawResponse, latencyMs, retryAfter != null ? retryAfter : i.bodyRetryAfter(), i.quotaExhausted(), limits);
    }

    public static Attempt timeout(String error, long latencyMs) {
        return new Attempt(PredictionStatus.TIMEOUT, null, error, null, "timeout", null, null, null, latencyMs, null,
                false, null);
    }

    public static Attempt connectionFailed(String error, long latencyMs) {
        return new Attempt(PredictionStatus.API_ERROR, null, error, null, "connection", null, null, null, latencyMs,
                null, false, null);
    }

    public String errorCodeOrType() {
        return errorCode != null ? errorCode : errorType;
    }
}
