package io.placebench.inference.domain;

import java.util.regex.Pattern;

/** Removes anything that looks like a credential from text that will be stored or published. */
public final class Redactor {

    private static final Pattern OPENAI_LIKE = Pattern.compile("sk-[A-Za-z0-9_\\-]{8,}");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=\\-]{8,}");
    private static final Pattern GOOGLE = Pattern.compile("AIza[0-9A-Za-z_\\-]{30,}");
    public static final String MASK = "[REDACTED]";

    private Redactor() {
    }

    /** Masks key-like tokens, Bearer credentials and every given secret that occurs literally. */
    public static String redact(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                result = result.replace(secret, MASK);
            }
        }
        result = OPENAI_LIKE.matcher(result).replaceAll(MASK);
        result = BEARER.matcher(result).replaceAll("$1" + MASK);
        return GOOGLE.matcher(result).replaceAll(MASK);
    }
}
