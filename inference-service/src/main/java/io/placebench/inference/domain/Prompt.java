package io.placebench.inference.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A prompt: a stable id, a version, the system and user texts, the answer layout it asks for, the output
 * tokens an answer is expected to take (for estimates) and the sha256 of its texts (recorded in every
 * prediction as {@code promptHash}, so that a wording change is visible in the results even when the id is
 * kept). {@code source} says where it was loaded from ({@code built-in} or a file path).
 */
public record Prompt(String id, int version, String system, String user, AnswerLayout layout,
        int expectedOutputTokens, String hash, String source) {

    public static Prompt of(String id, String system, String user) {
        return of(id, 1, system, user, AnswerLayout.IMAGEO, 250, "built-in");
    }

    public static Prompt of(String id, int version, String system, String user, AnswerLayout layout,
            int expectedOutputTokens, String source) {
        return new Prompt(id, version, system, user, layout, expectedOutputTokens, sha256Hex(system + "\n\n" + user),
                source);
    }

    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
