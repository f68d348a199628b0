package io.placebench.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API tokens this service accepts, kept only as SHA-256 hashes (hex) with a scope: {@code write} (every
 * endpoint; the default) or {@code read} (read endpoints only). Entries are written {@code <sha256-hex>} or
 * {@code <sha256-hex>:<scope>} (or with a space before the scope, in a tokens file); blank lines and lines
 * starting with {@code #} are ignored. A presented token is hashed and compared with every entry in constant
 * time.
 */
public final class TokenHashes {

    public enum Scope { READ, WRITE }

    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private record Entry(byte[] hash, Scope scope) {
    }

    private final List<Entry> entries;

    private TokenHashes(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static final TokenHashes NONE = new TokenHashes(List.of());

    /**
     * Parses entries; {@code origin} names where they come from in error messages.
     *
     * @throws IllegalArgumentException naming the entry that is not a SHA-256 hex with an optional scope
     */
    public static TokenHashes parse(List<String> lines, String origin) {
        List<Entry> entries = new ArrayList<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw == null ? "" : raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("[:\\s]+");
            Scope scope = Scope.WRITE;
            if (parts.length > 2 || !HEX64.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(origin + " entry " + number + " is not a SHA-256 hex digest "
                        + "(64 hex digits) with an optional :read or :write scope");
            }
            if (parts.length == 2) {
                try {
                    scope = Scope.valueOf(parts[1].toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(origin + " entry " + number + " has scope '" + parts[1]
                            + "': expected read or write");
                }
            }
            entries.add(new Entry(HexFormat.of().parseHex(parts[0].toLowerCase(Locale.ROOT)), scope));
        }
        return new TokenHashes(entries);
    }

    public TokenHashes plus(TokenHashes other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new TokenHashes(all);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The scope of {@code token}, empty when it is not one of ours. Compares against every entry, in constant time. */
    public Optional<Scope> scopeOf(String token) {
        byte[] presented = sha256(token == null ? "" : token);
        Scope found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(presented, entry.hash) && found != Scope.WRITE) {
                found = entry.scope;
            }
        }
        return Optional.ofNullable(found);
    }

    /** SHA-256 of the token's UTF-8 bytes, as the hex digest to configure. */
    public static String hashOf(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
