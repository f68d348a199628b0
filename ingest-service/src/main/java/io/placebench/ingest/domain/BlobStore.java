package io.placebench.ingest.domain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content-addressed store of bytes on the filesystem: a blob is named by the SHA-256 of its bytes and lives
 * at {@code <directory>/<sha[0..2]>/<sha[2..4]>/<sha>}. A blob is written to a temporary file in its own
 * directory and moved into place atomically, so readers never see a partial blob; a blob that is already
 * there is not written again.
 */
public final class BlobStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path directory;

    public BlobStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** What {@link #put(byte[])} stored; {@code created} is false when the blob was already there. */
    public record Blob(String sha256, Path path, long sizeBytes, boolean created) {
    }

    public Path directory() {
        return directory;
    }

    public Blob put(byte[] bytes) throws IOException {
        String sha = sha256(bytes);
        Path target = pathOf(sha);
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
            return new Blob(sha, target, bytes.length, false);
        }
        Path parent = Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(parent, "." + sha + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return new Blob(sha, target, bytes.length, true);
    }

    /**
     * The file of a stored blob, empty when unknown.
     *
     * @throws IllegalArgumentException when {@code sha256} is not 64 lowercase hex digits
     */
    public Optional<Path> find(String sha256) {
        Path path = pathOf(sha256);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /** Where the blob named {@code sha256} lives (whether or not it exists). */
    public Path pathOf(String sha256) {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256 (64 lowercase hex digits): " + sha256);
        }
        return directory.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    public static boolean isSha256(String value) {
        return value != null && SHA256.matcher(value).matches();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
