package io.placebench.inference.domain;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites a Python literal (what {@code repr()} of a dict prints and {@code ast.literal_eval} reads, as
 * IMAGEO-Bench's repair cascade does) as JSON text for the lenient reader: strings in any Python spelling
 * ({@code '...'}, {@code "..."}, triple quotes, {@code u/r/b} prefixes, adjacent strings concatenated) become JSON
 * strings with Python's escapes decoded ({@code \xe9}, {@code \N{...}}, octal, {@code \U0001F600}); tuples become
 * arrays (parentheses without a comma only group); {@code None/True/False} become {@code null/true/false}; digit
 * underscores and hex/octal/binary integers become decimal; {@code #}, {@code //} and {@code /*} comments and
 * backslash line continuations are dropped. Everything else (bare keys, trailing commas) is left to the lenient
 * JSON reader.
 */
final class PythonLiteral {

    private static final Set<String> PREFIXES = Set.of("u", "r", "b", "f", "br", "rb", "fr", "rf");

    private PythonLiteral() {
    }

    /** The JSON text, or null when a string never ends or one of its escapes is malformed. */
    static String toJson(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        // open brackets: for '(' its index in out and whether a top-level comma was seen; -1 for '[' and '{'
        Deque<int[]> groups = new ArrayDeque<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int skipped = skipCommentOrContinuation(text, i);
            if (skipped > i) {
                i = skipped;
                continue;
            }
            if (quoteAt(text, i) >= 0) {
                StringBuilder value = new StringBuilder();
                int j = i;
                while (true) {
                    j = readString(text, j, value);
                    if (j < 0) {
                        return null;
                    }
                    int next = skipBlank(text, j);
                    if (next >= n || quoteAt(text, next) < 0) {
                        break;
                    }
                    j = next; // adjacent strings are one string
                }
                appendJsonString(out, value);
                i = j;
                continue;
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                int j = numberEnd(text, i);
                out.append(number(text.substring(i, j)));
                i = j;
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                String word = text.substring(i, j);
                out.append(switch (word) {
                    case "None" -> "null";
                    case "True" -> "true";
                    case "False" -> "false";
                    default -> word;
                });
                i = j;
                continue;
            }
            switch (c) {
                case '(' -> {
                    groups.push(new int[] {out.length(), 0});
                    out.append('(');
                }
                case '[', '{' -> {
                    groups.push(new int[] {-1, 0});
                    out.append(c);
                }
                case ',' -> {
                    if (!groups.isEmpty()) {
                        groups.peek()[1] = 1;
                    }
                    out.append(c);
                }
                case ')' -> {
                    int[] group = groups.isEmpty() ? null : groups.pop();
                    if (group == null || group[0] < 0) {
                        out.append(c);
                    } else if (group[1] == 1 || out.substring(group[0] + 1).isBlank()) {
                        out.setCharAt(group[0], '['); // a tuple
                        out.append(']');
                    } else {
                        out.setCharAt(group[0], ' '); // parentheses that only group
                        out.append(' ');
                    }
                }
                case ']', '}' -> {
                    if (!groups.isEmpty()) {
                        groups.pop();
                    }
                    out.append(c);
                }
                default -> out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /** Where a string literal's opening quote is when one (with its prefix) starts at {@code i}; else -1. */
    static int quoteAt(String text, int i) {
        char c = text.charAt(i);
        if (c == '\'' || c == '"') {
            return i;
        }
        if (i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1)) || text.charAt(i - 1) == '_')) {
            return -1; // inside a word
        }
        for (int len = 1; len <= 2 && i + len < text.length(); len++) {
            char q = text.charAt(i + len);
            if ((q == '\'' || q == '"') && PREFIXES.contains(text.substring(i, i + len).toLowerCase(Locale.ROOT))) {
                return i + len;
            }
        }
        return -1;
    }

    /** Reads the string starting at {@code start} (prefix included) into {@code value}; the index after it, or -1. */
    private static int readString(String text, int start, StringBuilder value) {
        int q = quoteAt(text, start);
        boolean raw = text.substring(start, q).toLowerCase(Locale.ROOT).contains("r");
        char quote = text.charAt(q);
        String triple = String.valueOf(quote).repeat(3);
        boolean isTriple = text.startsWith(triple, q);
        int n = text.length();
        int i = q + (isTriple ? 3 : 1);
        while (i < n) {
            char c = text.charAt(i);
            if (isTriple ? text.startsWith(triple, i) : c == quote) {
                return i + (isTriple ? 3 : 1);
            }
            if (c != '\\' || i + 1 >= n) {
                value.append(c);
                i++;
                continue;
            }
            char e = text.charAt(i + 1);
            if (raw) {
                value.append(c).append(e); // a raw string keeps its backslashes; \' still does not end it
                i += 2;
                continue;
            }
            i += 2;
            switch (e) {
                case '\n' -> {
                    // line continuation inside the string
                }
                case '\r' -> i += i < n && text.charAt(i) == '\n' ? 1 : 0;
                case '\\', '\'', '"', '/' -> value.append(e);
                case 'a' -> value.append('\u0007');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'v' -> value.append('\u000B');
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > n || !text.substring(i, i + digits).matches("[0-9A-Fa-f]+")) {
                        return -1;
                    }
                    int code = Integer.parseInt(text.substring(i, i + digits), 16);
                    if (!Character.isValidCodePoint(code)) {
                        return -1;
                    }
                    value.appendCodePoint(code);
                    i += digits;
                }
                case 'N' -> {
                    int close = text.indexOf('}', i);
                    if (i >= n || text.charAt(i) != '{' || close < 0) {
                        return -1;
                    }
                    try {
                        value.appendCodePoint(Character.codePointOf(text.substring(i + 1, close)));
                    } catch (IllegalArgumentException unknownName) {
                        return -1;
                    }
                    i = close + 1;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i - 1;
                        while (end < n && end < i + 2 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                            end++;
                        }
                        value.append((char) Integer.parseInt(text.substring(i - 1, end), 8));
                        i = end;
                    } else {
                        value.append('\\').append(e); // Python keeps an unknown escape as written
                    }
                }
            }
        }
        return -1;
    }

    /** Past whitespace, comments and line continuations (what may separate adjacent strings). */
    private static int skipBlank(String text, int i) {
        while (i < text.length()) {
            int skipped = skipCommentOrContinuation(text, i);
            if (skipped > i) {
                i = skipped;
            } else if (Character.isWhitespace(text.charAt(i))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Past a comment or a backslash line continuation starting at {@code i}; {@code i} itself when none does. */
    private static int skipCommentOrContinuation(String text, int i) {
        int n = text.length();
        char c = text.charAt(i);
        if (c == '#' || text.startsWith("//", i)) {
            int end = text.indexOf('\n', i);
            return end < 0 ? n : end;
        }
        if (text.startsWith("/*", i)) {
            int end = text.indexOf("*/", i + 2);
            return end < 0 ? n : end + 2;
        }
        if (c == '\\' && text.startsWith("\n", i + 1)) {
            return i + 2;
        }
        if (c == '\\' && text.startsWith("\r\n", i + 1)) {
            return i + 3;
        }
        return i;
    }

    private static int numberEnd(String text, int i) {
        int j = i;
        boolean hex = text.regionMatches(true, i, "0x", 0, 2);
        while (j < text.length()) {
            char c = text.charAt(j);
            boolean sign = (c == '+' || c == '-') && !hex && (text.charAt(j - 1) == 'e' || text.charAt(j - 1) == 'E');
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '.' && !sign) {
                break;
            }
            j++;
        }
        return j;
    }

    /** Python's number spellings the JSON reader lacks: digit underscores, 0x/0o/0b integers. */
    private static String number(String token) {
        String t = token.replace("_", "");
        String lower = t.toLowerCase(Locale.ROOT);
        int radix = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 10;
        if (radix == 10) {
            return t;
        }
        try {
            return new BigInteger(t.substring(2), radix).toString();
        } catch (NumberFormatException e) {
            return token; // left for the JSON reader to reject
        }
    }

    private static void appendJsonString(StringBuilder out, CharSequence value) {
        out.append('"');
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
