package io.placebench.scoring.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalisation for comparing place names: Unicode compatibility decomposition without accents, lower case,
 * apostrophes dropped, other punctuation as spaces, single spaces, no leading "the". "Côte d'Ivoire" becomes
 * "cote divoire", "U.S.A." becomes "u s a" (and {@link #compact} "usa").
 */
public final class TextNormalizer {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHES = Pattern.compile("['’`´ʻʼ]");
    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String ascii = asciiFastPath(text);
        if (ascii != null) {
            return ascii;
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKD);
        s = MARKS.matcher(s).replaceAll("");
        s = s.toLowerCase(Locale.ROOT).replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("œ", "oe")
                .replace("ł", "l").replace("đ", "d").replace("ı", "i").replace("&", " and ");
        s = APOSTROPHES.matcher(s).replaceAll("");
        s = NON_ALNUM.matcher(s).replaceAll(" ").trim();
        if (s.startsWith("the ")) {
            s = s.substring(4);
        }
        return s;
    }

    /** The same result as the general path for plain ASCII text, without regular expressions; null otherwise. */
    private static String asciiFastPath(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (space && out.length() > 0) {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            } else if (c == '\'' || c == '`') {
                continue;
            } else if (c == '&') {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append("and");
                space = true;
            } else {
                space = true;
            }
        }
        String s = out.toString();
        return s.startsWith("the ") ? s.substring(4) : s;
    }

    /** {@link #normalize} without spaces: "u s a" and "usa" compare equal. */
    public static String compact(String text) {
        return normalize(text).replace(" ", "");
    }

    /**
     * GLOBE's lenient string match: after normalisation, one string contains the other and the shorter is at
     * least 0.7 of the longer's length. False when either is empty.
     */
    public static boolean globeMatch(String a, String b) {
        String x = normalize(a);
        String y = normalize(b);
        if (x.isEmpty() || y.isEmpty()) {
            return false;
        }
        String longer = x.length() >= y.length() ? x : y;
        String shorter = longer == x ? y : x;
        return longer.contains(shorter) && shorter.length() >= 0.7 * longer.length();
    }
}
