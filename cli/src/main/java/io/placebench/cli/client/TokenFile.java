package io.placebench.cli.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The API token of a local stack: {@code <state-dir>/token}, 32 random bytes as URL-safe base64 (no padding),
 * readable by its owner only (mode 600). {@code placebench up} creates it on first start and hands ingest-service
 * only its SHA-256 hex ({@code placebench.auth.token-hashes}); the other commands read it from there.
 */
public final class TokenFile {

    public static final String NAME = "token";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFile() {
    }

    /** A token and where it is kept; {@code created} when this call wrote the file. */
    public record Token(String value, Path file, boolean created) {
        public String sha256Hex() {
            return TokenFile.sha256Hex(value);
        }
    }

    public static Path path(Path stateDir) {
        return stateDir.resolve(NAME);
    }

    /** 32 random bytes, URL-safe base64 without padding (43 characters). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the token's UTF-8 bytes as lowercase hex: what ingest-service is configured with. */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The token in {@code stateDir}, creating the file (mode 600) with a new token when there is none. */
    public static Token ensure(Path stateDir) throws IOException {
        Path file = path(stateDir);
        Optional<String> existing = read(stateDir);
        if (existing.isPresent()) {
            restrict(file);
            return new Token(existing.get(), file, false);
        }
        Files.createDirectories(stateDir);
        String token = generate();
        try {
            write(file, token);
        } catch (FileAlreadyExistsException raced) {
            return new Token(read(stateDir).orElseThrow(() -> raced), file, false);
        }
        return new Token(token, file, true);
    }

    /** The token kept in {@code stateDir}, empty when there is no token file. */
    public static Optional<String> read(Path stateDir) throws IOException {
        Path file = path(stateDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new IOException("the token file " + file.toAbsolutePath() + " is empty; delete it and start "
                    + "`placebench up` again to make a new one");
        }
        return Optional.of(token);
    }

    /** Creates the file with owner-only permissions from the start (never readable by others, not even briefly). */
    private static void write(Path file, String token) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            channel.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        restrict(file);
    }

    /** Sets mode 600 where the file system has POSIX permissions (best effort: a file we do not own stays). */
    private static void restrict(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
                    && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours to change; reading it still works
        }
    }
}
