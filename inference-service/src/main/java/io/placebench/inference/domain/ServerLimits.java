package io.placebench.inference.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rate-limit state a provider reported in its headers: OpenAI's {@code x-ratelimit-*} (reset as a Go duration,
 * e.g. {@code 1s}, {@code 6m0s}, {@code 120ms}) and Anthropic's {@code anthropic-ratelimit-*} (reset as an
 * RFC 3339 instant). Gemini sends none. Any field may be null.
 */
public record ServerLimits(Long limitRequests, Long remainingRequests, Duration resetRequests, Long limitTokens,
        Long remainingTokens, Duration resetTokens) {

    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|h|m|s)");

    /** Reads the headers through {@code header} (name to value, null when absent); null when there are none. */
    public static ServerLimits read(Function<String, String> header, Instant now) {
        ServerLimits openai = new ServerLimits(number(header.apply("x-ratelimit-limit-requests")),
                number(header.apply("x-ratelimit-remaining-requests")), goDuration(header.apply("x-ratelimit-reset-requests")),
                number(header.apply("x-ratelimit-limit-tokens")), number(header.apply("x-ratelimit-remaining-tokens")),
                goDuration(header.apply("x-ratelimit-reset-tokens")));
        if (!openai.empty()) {
            return openai;
        }
        ServerLimits anthropic = new ServerLimits(number(header.apply("anthropic-ratelimit-requests-limit")),
                number(header.apply("anthropic-ratelimit-requests-remaining")),
                until(header.apply("anthropic-ratelimit-requests-reset"), now),
                number(header.apply("anthropic-ratelimit-tokens-limit")),
                number(header.apply("anthropic-ratelimit-tokens-remaining")),
                until(header.apply("anthropic-ratelimit-tokens-reset"), now));
        return anthropic.empty() ? null : anthropic;
    }

    public boolean empty() {
        return limitRequests == null && remainingRequests == null && resetRequests == null && limitTokens == null
                && remainingTokens == null && resetTokens == null;
    }

    /** How long to hold off before the next call: until the reset of an exhausted allowance, else null. */
    public Duration exhaustedFor() {
        Duration wait = null;
        if (remainingRequests != null && remainingRequests <= 0 && resetRequests != null) {
            wait = resetRequests;
        }
        if (remainingTokens != null && remainingTokens <= 0 && resetTokens != null
                && (wait == null || resetTokens.compareTo(wait) > 0)) {
            wait = resetTokens;
        }
        return wait;
    }

    /** Go's time.Duration text: "1s", "6m0s", "120ms", "1h2m3.5s"; null when unreadable. */
    public static Duration goDuration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        Matcher m = GO_PART.matcher(t);
        double nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            end = m.end();
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        return end == t.length() && end > 0 ? Duration.ofNanos((long) nanos) : null;
    }

    /** google.protobuf.Duration JSON ("32s", "0.250s", "1.5s"); null when unreadable. */
    public static Duration protoDuration(String text) {
        if (text == null || !text.trim().endsWith("s")) {
            return null;
        }
        try {
            double s = Double.parseDouble(text.trim().substring(0, text.trim().length() - 1));
            return s >= 0 ? Duration.ofNanos((long) (s * 1e9)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration until(String rfc3339, Instant now) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.between(now, Instant.parse(rfc3339.trim()));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
