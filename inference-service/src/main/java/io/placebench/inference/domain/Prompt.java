package io.placebench.inference.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A prompt: a stable id, the system and user texts, and the sha256 of those texts (recorded in every
 * prediction as {@code promptHash}, so that a wording change is visible in the results even when the id is kept).
 */
public record Prompt(String id, String system, String user, String hash) {

    public static Prompt of(String id, String system, String user) {
        return new Prompt(id, system, user, sha256Hex(system + "\n\n" + user));
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
