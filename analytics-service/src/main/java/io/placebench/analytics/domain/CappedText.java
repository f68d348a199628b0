package io.placebench.analytics.domain;

import java.nio.charset.StandardCharsets;

/**
 * A text kept to at most a number of UTF-8 bytes: a longer one keeps its beginning (never half a character) and
 * ends with a marker saying how much was cut, so that a reader of the stored text cannot mistake it for the whole.
 * Used for the models' raw responses and reasoning, which are usually a few KiB but unbounded.
 */
public final class CappedText {

    /** What the analytics answer table keeps of a raw response or reasoning: 64 KiB. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final String MARKER = "\n[truncated by analytics-service: the first %d of %d bytes (UTF-8) kept]";

    /** The kept text ({@code null} for null) and whether it was cut. */
    public record Capped(String text, boolean truncated) {
    }

    private CappedText() {
    }

    /** {@code text} capped at {@link #MAX_BYTES}. */
    public static Capped cap(String text) {
        return cap(text, MAX_BYTES);
    }

    /**
     * {@code text} as is when its UTF-8 encoding has at most {@code maxBytes} bytes; else its longest beginning that
     * fits together with the marker, which ends it. The result's encoding never exceeds {@code maxBytes}.
     */
    public static Capped cap(String text, int maxBytes) {
        if (text == null) {
            return new Capped(null, false);
        }
        // at most 3 bytes per UTF-16 unit: short texts need no counting
        if ((long) text.length() * 3 <= maxBytes) {
            return new Capped(text, false);
        }
        int total = text.getBytes(StandardCharsets.UTF_8).length;
        if (total <= maxBytes) {
            return new Capped(text, false);
        }
        // the marker is longest when it names the most bytes kept, which is less than maxBytes
        int budget = maxBytes - MARKER.formatted(maxBytes, total).getBytes(StandardCharsets.UTF_8).length;
        if (budget < 0) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " leaves no room for the marker");
        }
        int end = 0;
        int kept = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int bytes = utf8Length(codePoint);
            if (kept + bytes > budget) {
                break;
            }
            kept += bytes;
            end += Character.charCount(codePoint);
        }
        return new Capped(text.substring(0, end) + MARKER.formatted(kept, total), true);
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        // a lone surrogate is encoded as '?' (1 byte) by String.getBytes; 3 over-counts it, which is safe
        return codePoint < 0x10000 ? 3 : 4;
    }
}
