package io.placebench.inference.domain;

import io.placebench.events.GeoAnswer;
import io.placebench.events.PredictionStatus;
import java.time.Duration;

/**
 * What one provider response means: a status, the answer (null unless parsed), an error text, the HTTP status
 * of an error response, the provider's error type and code (for retry decisions and reporting), the usage it
 * reported (null when none), a retry delay the body asked for (Gemini RetryInfo; null when none) and whether
 * the error is a quota that no wait cures (Gemini's per-day quota or a limit of 0).
 */
public record Interpretation(PredictionStatus status, GeoAnswer answer, String error, Integer httpStatus,
        String errorType, String errorCode, ProviderUsage usage, Duration bodyRetryAfter, boolean quotaExhausted) {

    public static Interpretation ok(GeoAnswer answer, ProviderUsage usage) {
        return new Interpretation(PredictionStatus.OK, answer, null, null, null, null, usage, null, false);
    }

    public static Interpretation of(PredictionStatus status, GeoAnswer answer, String error, ProviderUsage usage) {
        return new Interpretation(status, answer, error, null, null, null, usage, null, false);
    }

    /** The parse of an answer text: OK, or PARSE_FAILED / REFUSED with the reason. */
    public static Interpretation parsed(AnswerParser.Result parsed, ProviderUsage usage) {
        if (parsed.ok()) {
            return ok(parsed.answer(), usage);
        }
        return of(parsed.refusal() ? PredictionStatus.REFUSED : PredictionStatus.PARSE_FAILED, null, parsed.error(), usage);
    }

    /** A truncated answer: TRUNCATED, keeping the answer only when its JSON was complete anyway. */
    public static Interpretation truncated(String why, AnswerParser.Result parsed, ProviderUsage usage) {
        return of(PredictionStatus.TRUNCATED, parsed.answer(), why + (parsed.ok() ? "" : ": " + parsed.error()), usage);
    }

    /** The code for retry and pause decisions: the error code, else the error type. */
    public String errorCodeOrType() {
        return errorCode != null ? errorCode : errorType;
    }
}
