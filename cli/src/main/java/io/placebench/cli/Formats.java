package io.placebench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** How the commands print money, counts and durations. */
final class Formats {

    private Formats() {
    }

    /** {@code $0.0123}; four decimals (simulated runs cost fractions of a cent), "-" when unknown. */
    static String usd(BigDecimal amount) {
        return amount == null ? "-" : String.format(Locale.ROOT, "$%.4f", amount);
    }

    static String usd(JsonNode amount) {
        return usd(decimal(amount));
    }

    /** A JSON number (or numeric text) as a BigDecimal, null when absent or not a number. */
    static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        try {
            return node.isTextual() ? new BigDecimal(node.asText().trim()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** 1,234,567 */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String count(JsonNode n) {
        return n == null || !n.isNumber() ? "-" : count(n.asLong());
    }

    /** 45s, 3m 05s, 2h 07m; "-" when unknown. */
    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    /** {@code 120/240 (50%)}; the percentage is left out while nothing is expected. */
    static String progress(long done, long expected) {
        if (expected <= 0) {
            return done + "/?";
        }
        return String.format(Locale.ROOT, "%d/%d (%d%%)", done, expected, Math.min(100, done * 100 / expected));
    }
}
