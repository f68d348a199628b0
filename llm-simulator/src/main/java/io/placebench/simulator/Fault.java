package io.placebench.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A fault the simulator injects into one request: either drawn at random ({@link SimulatorConfig#faultRates()})
 * or scripted ({@code POST /_sim/faults}, {@link SimulatorServer#injectFaults}), optionally only for one model
 * or one wire format.
 *
 * @param kind  what goes wrong
 * @param model only requests for this model (null: any)
 * @param api   only requests of this wire format (null: any)
 */
public record Fault(Kind kind, String model, Api api) {

    /** What can go wrong. Errors answer at once with the wire format's error body and status. */
    public enum Kind {
        /** 429, rate limit reached (retryable; retry-after headers, Gemini RetryInfo). */
        RATE_LIMIT,
        /** 429 that no wait cures: OpenAI insufficient_quota, Anthropic spend limit, Gemini daily quota (limit 0). */
        QUOTA,
        /** Anthropic 529 overloaded_error; 503 on the other formats. */
        OVERLOADED,
        /** 500. */
        SERVER_ERROR,
        /** 503. */
        UNAVAILABLE,
        /** 401 as if the key were wrong. */
        UNAUTHORIZED,
        /** Holds the connection for {@link SimulatorConfig#hangMs()} before answering. */
        HANG,
        /** The model refuses (OpenAI refusal, Anthropic stop_reason refusal, Gemini SAFETY). */
        REFUSAL,
        /** The answer is cut mid-object (finish length / max_tokens / MAX_TOKENS). */
        TRUNCATE,
        /** A content filter blocks the answer (finish content_filter, Responses incomplete, Gemini promptFeedback). */
        CONTENT_FILTER,
        /** The JSON comes in a markdown code fence. */
        FENCED,
        /** The JSON comes with prose before and after it. */
        PROSE,
        /** Broken but repairable JSON: single quotes, bare keys, trailing commas, numbers as strings. */
        BROKEN_JSON;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every kind's wire name, in alphabetical order (for usage texts). */
        public static List<String> wireNames() {
            return Arrays.stream(values()).map(Kind::wireName).sorted().toList();
        }

        public static Optional<Kind> fromWire(String name) {
            return Arrays.stream(values()).filter(k -> k.wireName().equalsIgnoreCase(name == null ? "" : name.trim()))
                    .findFirst();
        }

        boolean isError() {
            return switch (this) {
                case RATE_LIMIT, QUOTA, OVERLOADED, SERVER_ERROR, UNAVAILABLE, UNAUTHORIZED -> true;
                default -> false;
            };
        }
    }

    public static Fault of(Kind kind) {
        return new Fault(kind, null, null);
    }

    public static Fault forModel(Kind kind, String model) {
        return new Fault(kind, model, null);
    }

    boolean matches(Api requestApi, String requestModel) {
        return (model == null || model.equals(requestModel)) && (api == null || api == requestApi);
    }
}
