package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one coordinate the many ways models write it: a JSON number, a numeric string ({@code " -0.18 "},
 * {@code "48,8584"}), degrees with a hemisphere ({@code "48.8584° N"}, {@code "S 33.9"}), degrees-minutes
 * ({@code "48 51.5 N"}) or degrees-minutes-seconds ({@code "48°51'30.2\"N"}, {@code "2d17m40sE"}). Words meaning
 * "no value" ({@code N/A}, {@code unknown}, {@code null}, {@code none}, {@code -}) read as missing. Anything else,
 * a hemisphere of the wrong axis, minutes or seconds of 60 or more, NaN or infinity is an error. Values are
 * never clamped: range checks are the caller's.
 */
public final class Coordinates {

    /** Which coordinate is read: decides the hemisphere letters that are allowed. */
    public enum Axis {
        LATITUDE("N", "S"), LONGITUDE("E", "W");

        final String positive;
        final String negative;

        Axis(String positive, String negative) {
            this.positive = positive;
            this.negative = negative;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The value cannot be read as a coordinate; the message says why. */
    public static final class BadCoordinate extends Exception {
        BadCoordinate(String message) {
            super(message, null, false, false);
        }
    }

    static final Set<String> MISSING = Set.of("", "n/a", "na", "n.a.", "unknown", "null", "none", "nil", "-", "--",
            "?", "not available", "not applicable", "undetermined", "unclear", "tbd");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?|\\.\\d+");
    private static final Pattern SIMPLE = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern EURO = Pattern.compile("[-+]?\\d+,\\d+");
    private static final Pattern ALLOWED = Pattern.compile("[-+0-9.\\s°º˚'′’\"″”dDmMsS]*");

    private Coordinates() {
    }

    /** Null when the node is absent or says "no value". */
    public static Double read(JsonNode node, Axis axis) throws BadCoordinate {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return finite(node.doubleValue(), axis);
        }
        if (node.isTextual()) {
            return read(node.asText(), axis);
        }
        throw new BadCoordinate(axis.label() + " is not a number: " + abbreviate(node.toString()));
    }

    public static Double read(String raw, Axis axis) throws BadCoordinate {
        String text = raw == null ? "" : raw.trim();
        if (MISSING.contains(text.toLowerCase(Locale.ROOT))) {
            return null;
        }
        if (SIMPLE.matcher(text).matches()) {
            return finite(Double.parseDouble(text), axis);
        }
        if (EURO.matcher(text).matches()) {
            return finite(Double.parseDouble(text.replace(',', '.')), axis);
        }
        // hemisphere: a letter or word at the start or the end
        String upper = text.toUpperCase(Locale.ROOT);
        String hemisphere = null;
        for (String[] word : new String[][] {{"NORTH", "N"}, {"SOUTH", "S"}, {"EAST", "E"}, {"WEST", "W"}}) {
            if (upper.endsWith(word[0]) || upper.startsWith(word[0])) {
                hemisphere = word[1];
                upper = upper.endsWith(word[0]) ? upper.substring(0, upper.length() - word[0].length())
                        : upper.substring(word[0].length());
                break;
            }
        }
        if (hemisphere == null && !upper.isEmpty()) {
            char last = upper.charAt(upper.length() - 1);
            char first = upper.charAt(0);
            if ("NSEW".indexOf(last) >= 0) {
                hemisphere = String.valueOf(last);
                upper = upper.substring(0, upper.length() - 1);
            } else if ("NSEW".indexOf(first) >= 0) {
                hemisphere = String.valueOf(first);
                upper = upper.substring(1);
            }
        }
        String rest = upper.trim().replace(',', '.');
        if (rest.endsWith(".")) {
            rest = rest.substring(0, rest.length() - 1).trim();
        }
        if (!ALLOWED.matcher(rest).matches() || rest.isEmpty()) {
            throw new BadCoordinate(axis.label() + " is not a number: " + abbreviate(raw));
        }
        if (rest.matches(".*\\d\\.\\d*\\.\\d.*|.*[-+].*[-+].*|.+[-+].*")) {
            throw new BadCoordinate(axis.label() + " is not a number: " + abbreviate(raw));
        }
        boolean negative = rest.startsWith("-");
        List<Double> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(rest);
        while (m.find()) {
            numbers.add(Double.parseDouble(m.group()));
        }
        if (numbers.isEmpty() || numbers.size() > 3) {
            throw new BadCoordinate(axis.label() + " is not a number: " + abbreviate(raw));
        }
        double value = numbers.get(0);
        if (numbers.size() >= 2) {
            double minutes = numbers.get(1);
            if (minutes >= 60 || value != Math.floor(value)) {
                throw new BadCoordinate(axis.label() + " has minutes of 60 or more, or fractional degrees before "
                        + "minutes: " + abbreviate(raw));
            }
            value += minutes / 60;
        }
        if (numbers.size() == 3) {
            double seconds = numbers.get(2);
            if (seconds > 60 || numbers.get(1) != Math.floor(numbers.get(1))) {
                throw new BadCoordinate(axis.label() + " has seconds over 60, or fractional minutes before seconds: "
                        + abbreviate(raw));
            }
            value += seconds / 3600;
        }
        if (hemisphere != null) {
            if (!hemisphere.equals(axis.positive) && !hemisphere.equals(axis.negative)) {
                throw new BadCoordinate(axis.label() + " has hemisphere " + hemisphere + ", expected " + axis.positive
                        + " or " + axis.negative + ": " + abbreviate(raw));
            }
            if (negative && hemisphere.equals(axis.negative)) {
                throw new BadCoordinate(axis.label() + " has both a minus sign and hemisphere " + hemisphere + ": "
                        + abbreviate(raw));
            }
            negative = negative || hemisphere.equals(axis.negative);
        }
        return finite(negative ? -value : value, axis);
    }

    private static double finite(double value, Axis axis) throws BadCoordinate {
        if (!Double.isFinite(value)) {
            throw new BadCoordinate(axis.label() + " is not a finite number");
        }
        return value;
    }

    static String abbreviate(String text) {
        String t = String.valueOf(text);
        return t.length() <= 60 ? t : t.substring(0, 57) + "...";
    }
}
