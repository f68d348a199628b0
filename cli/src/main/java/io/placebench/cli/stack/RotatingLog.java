package io.placebench.cli.stack;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A log file that is appended to (across restarts of its child and of the stack) and rotated by size:
 * when a write would take {@code name.log} past {@code maxBytes}, it becomes {@code name.log.1}, the older
 * {@code .1..keep-1} move up by one and {@code .keep} is deleted. A write is split at its last line break that
 * still fits, so that lines stay whole across files unless a single line is longer than {@code maxBytes}.
 * Thread-safe: a child's output pump and the supervisor's marker lines write to the same log.
 */
public final class RotatingLog implements Closeable {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_KEEP = 3;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;
    private int rotations;

    public RotatingLog(Path file, long maxBytes, int keep) {
        if (maxBytes < 1 || keep < 0) {
            throw new IllegalArgumentException("maxBytes >= 1 and keep >= 0");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    public static RotatingLog withDefaults(Path file) {
        return new RotatingLog(file, DEFAULT_MAX_BYTES, DEFAULT_KEEP);
    }

    public Path file() {
        return file;
    }

    /** {@code name.log.i}: the i-th older file (1 = most recent). */
    public static Path rotated(Path file, int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    public synchronized void write(byte[] bytes, int off, int len) throws IOException {
        open();
        while (len > 0) {
            if (size + len <= maxBytes) {
                out.write(bytes, off, len);
                size += len;
                return;
            }
            int fits = (int) Math.max(0, maxBytes - size);
            int cut = lastLineEnd(bytes, off, Math.min(fits, len));
            if (cut == 0 && size == 0) {
                cut = Math.min(len, (int) maxBytes); // one line longer than a whole file: split it
            }
            out.write(bytes, off, cut);
            size += cut;
            off += cut;
            len -= cut;
            rotate();
        }
    }

    /** Writes {@code text} and a line break. */
    public void line(String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }

    /** Bytes in the current file. */
    public synchronized long size() throws IOException {
        open();
        return size;
    }

    /** How many times this instance rotated the file (a reader's offset into it is stale after one). */
    public synchronized int rotations() {
        return rotations;
    }

    /** Rotates now when the current file is at least {@code maxBytes} (for logs written by someone else). */
    public synchronized void rotateIfFull() throws IOException {
        open();
        if (size >= maxBytes) {
            rotate();
        }
    }

    /** Length of {@code bytes[off, off+limit)} up to and including its last '\n' (0 when there is none). */
    private static int lastLineEnd(byte[] bytes, int off, int limit) {
        for (int i = limit - 1; i >= 0; i--) {
            if (bytes[off + i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private void open() throws IOException {
        if (out == null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = new FileOutputStream(file.toFile(), true);
            size = Files.size(file);
        }
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        if (keep == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(rotated(file, keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(rotated(file, i))) {
                    Files.move(rotated(file, i), rotated(file, i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
        }
        rotations++;
        open();
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
