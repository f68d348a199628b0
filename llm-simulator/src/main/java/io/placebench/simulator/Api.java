package io.placebench.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** The wire formats the simulator speaks, with their error bodies and rate-limit headers. */
public enum Api {
    /** OpenAI Chat Completions, {@code POST /v1/chat/completions} (also OpenAI-compatible servers). */
    OPENAI_CHAT("openai-chat"),
    /** OpenAI Responses, {@code POST /v1/responses}. */
    OPENAI_RESPONSES("openai-responses"),
    /** Anthropic Messages, {@code POST /v1/messages}. */
    ANTHROPIC("anthropic"),
    /** Gemini generateContent, {@code POST /v1beta/models/{model}:generateContent}. */
    GEMINI("gemini");

    private final String wireName;

    Api(String wireName) {
        this.wireName = wireName;
    }

    /** openai-chat, openai-responses, anthropic or gemini (the request log's {@code api}). */
    public String wireName() {
        return wireName;
    }

    ObjectNode errorBody(ObjectMapper json, ApiException e, String requestId) {
        ObjectNode body = json.createObjectNode();
        switch (this) {
            case ANTHROPIC -> {
                body.put("type", "error");
                ObjectNode error = body.putObject("error");
                error.put("type", anthropicType(e));
                error.put("message", e.getMessage());
                if (e.code != null && e.status == 429) {
                    error.putObject("details").put("error_code", e.code);
                }
                body.put("request_id", requestId);
            }
            case GEMINI -> {
                ObjectNode error = body.putObject("error");
                error.put("code", e.status);
                error.put("message", e.getMessage());
                error.put("status", googleStatus(e.status));
                ArrayNode details = error.putArray("details");
                if (e.status == 429) {
                    ObjectNode quota = details.addObject();
                    quota.put("@type", "type.googleapis.com/google.rpc.QuotaFailure");
                    ObjectNode violation = quota.putArray("violations").addObject();
                    violation.put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests");
                    violation.put("quotaId", e.quotaId == null ? "GenerateRequestsPerMinutePerProjectPerModel" : e.quotaId);
                    if (e.quotaValue != null) {
                        violation.put("quotaValue", e.quotaValue);
                    }
                    details.addObject().put("@type", "type.googleapis.com/google.rpc.Help").putArray("links").addObject()
                            .put("description", "Learn more about Gemini API quotas")
                            .put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
                }
                if (e.retryAfterMs != null) {
                    details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                            .put("retryDelay", protoDuration(e.retryAfterMs));
                }
                if (e.status == 400 && e.param != null) {
                    ObjectNode bad = details.addObject().put("@type", "type.googleapis.com/google.rpc.BadRequest");
                    bad.putArray("fieldViolations").addObject().put("field", e.param).put("description", e.getMessage());
                }
            }
            default -> {
                ObjectNode error = body.putObject("error");
                error.put("message", e.getMessage());
                error.put("type", e.type);
                error.put("param", e.param);
                error.put("code", e.code);
            }
        }
        return body;
    }

    /** Retry-after headers of an error: OpenAI sends retry-after and retry-after-ms, Anthropic retry-after. */
    void retryHeaders(ApiException e, Map<String, String> headers) {
        if (e.retryAfterMs == null || this == GEMINI) {
            return; // Gemini says it in the body (RetryInfo) only
        }
        headers.put("retry-after", Long.toString(Math.max(1, (e.retryAfterMs + 999) / 1000)));
        if (this == OPENAI_CHAT || this == OPENAI_RESPONSES) {
            headers.put("retry-after-ms", Long.toString(e.retryAfterMs));
        }
    }

    /** The x-ratelimit-* (OpenAI) or anthropic-ratelimit-* (Anthropic) headers; Gemini sends none. */
    void rateLimitHeaders(RateLimiter.Decision d, Map<String, String> headers, Instant now) {
        if (d == null) {
            return;
        }
        switch (this) {
            case OPENAI_CHAT, OPENAI_RESPONSES -> {
                if (d.rpmLimit() > 0) {
                    headers.put("x-ratelimit-limit-requests", Integer.toString(d.rpmLimit()));
                    headers.put("x-ratelimit-remaining-requests", Long.toString(Math.max(0, d.rpmRemaining())));
                    headers.put("x-ratelimit-reset-requests", goDuration(d.rpmResetMs()));
                }
                if (d.tpmLimit() > 0) {
                    headers.put("x-ratelimit-limit-tokens", Long.toString(d.tpmLimit()));
                    headers.put("x-ratelimit-remaining-tokens", Long.toString(Math.max(0, d.tpmRemaining())));
                    headers.put("x-ratelimit-reset-tokens", goDuration(d.tpmResetMs()));
                }
            }
            case ANTHROPIC -> {
                if (d.rpmLimit() > 0) {
                    headers.put("anthropic-ratelimit-requests-limit", Integer.toString(d.rpmLimit()));
                    headers.put("anthropic-ratelimit-requests-remaining", Long.toString(Math.max(0, d.rpmRemaining())));
                    headers.put("anthropic-ratelimit-requests-reset", now.plusMillis(d.rpmResetMs()).toString());
                }
                if (d.tpmLimit() > 0) {
                    for (String kind : new String[] {"tokens", "input-tokens", "output-tokens"}) {
                        headers.put("anthropic-ratelimit-" + kind + "-limit", Long.toString(d.tpmLimit()));
                        headers.put("anthropic-ratelimit-" + kind + "-remaining", Long.toString(Math.max(0, d.tpmRemaining())));
                        headers.put("anthropic-ratelimit-" + kind + "-reset", now.plusMillis(d.tpmResetMs()).toString());
                    }
                }
            }
            default -> {
            }
        }
    }

    private static String anthropicType(ApiException e) {
        return switch (e.status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    static String googleStatus(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
    }

    /** Go's time.Duration text, as OpenAI's reset headers use it: 120ms, 1.5s, 6m0s. */
    static String goDuration(long ms) {
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            double s = ms / 1000.0;
            return (s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.3f", s).replaceAll("0+$", "")) + "s";
        }
        return (ms / 60_000) + "m" + ((ms % 60_000) / 1000) + "s";
    }

    /** google.protobuf.Duration in JSON: "32s", "0.250s". */
    static String protoDuration(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
    }
}
