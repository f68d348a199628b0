package io.placebench.inference.domain;

import io.placebench.events.GeoAnswer;
import io.placebench.events.PredictionStatus;
import java.time.Duration;

/**
 * One call to a provider: what it meant, the raw response text (secrets redacted; null when nothing came back),
 * its wall time, whether it may be retried and how long the provider asked us to wait first (null: not said).
 */
public record Attempt(PredictionStatus status, GeoAnswer answer, String error, Integer httpStatus, String errorCode,
        ProviderUsage usage, String rawResponse, long latencyMs, boolean retryable, Duration retryAfter) {

    public static Attempt of(Interpretation interpretation, String rawResponse, long latencyMs, boolean retryable,
            Duration retryAfter) {
        return new Attempt(interpretation.status(), interpretation.answer(), interpretation.error(),
                interpretation.httpStatus(), interpretation.errorCode(), interpretation.usage(), rawResponse,
                latencyMs, retryable, retryAfter);
    }
}
