package io.placebench.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error to answer, rendered in the wire format of the request ({@link WireFormat#errorBody}): OpenAI's
 * {@code {"error":{"message","type","param","code"}}}, Anthropic's {@code {"type":"error","error":{...}}} or
 * Google's {@code {"error":{"code","message","status","details"}}}.
 *
 * @param type         OpenAI-style error type ({@code invalid_request_error}, {@code rate_limit_error}...)
 * @param code         OpenAI-style code (also Anthropic's {@code error.details.error_code})
 * @param retryAfterMs for 429/503/529: when to come back (headers, Gemini RetryInfo); null: not said
 * @param quotaId      Gemini QuotaFailure violation id (e.g. GenerateRequestsPerDayPerProjectPerModel), or null
 * @param quotaValue   Gemini QuotaFailure quota value, or null
 */
final class ApiException extends RuntimeException {

    final int status;
    final String type;
    final String param;
    final String code;
    final Long retryAfterMs;
    final String quotaId;
    final String quotaValue;
    final Map<String, String> headers = new LinkedHashMap<>();

    ApiException(int status, String type, String message, String param, String code) {
        this(status, type, message, param, code, null, null, null);
    }

    ApiException(int status, String type, String message, String param, String code, Long retryAfterMs,
            String quotaId, String quotaValue) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterMs = retryAfterMs;
        this.quotaId = quotaId;
        this.quotaValue = quotaValue;
    }

    /** Retry-After in whole seconds, rounded up, at least 1. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfterMs + 999) / 1000);
    }

    static ApiException invalidRequest(String message, String param, String code) {
        return new ApiException(400, "invalid_request_error", message, param, code);
    }
}
