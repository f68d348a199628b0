package io.placebench.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static void write(RotatingLog log, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        log.write(b, 0, b.length);
    }

    @Test
    void appendsToWhatIsAlreadyThere(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("logs/x.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "before restart\n");
        try (RotatingLog log = new RotatingLog(file, 1000, 3)) {
            log.line("after restart");
        }
        assertEquals("before restart\nafter restart\n", read(file));
    }

    @Test
    void rotatesBySizeAndKeepsThree(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.log");
        try (RotatingLog log = new RotatingLog(file, 10, 3)) {
            for (int i = 0; i < 6; i++) {
                log.line("line" + i + "xx"); // 8 bytes: one per file
            }
            assertEquals(5, log.rotations());
        }
        assertEquals("line5xx\n", read(file));
        assertEquals("line4xx\n", read(RotatingLog.rotated(file, 1)));
        assertEquals("line3xx\n", read(RotatingLog.rotated(file, 2)));
        assertEquals("line2xx\n", read(RotatingLog.rotated(file, 3)));
        assertFalse(Files.exists(RotatingLog.rotated(file, 4)), "only three old files are kept");
    }

    @Test
    void aWriteIsSplitAtItsLastLineBreakThatFits(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.log");
        try (RotatingLog log = new RotatingLog(file, 12, 2)) {
            write(log, "aaa\nbbb\nccc\nddd\n"); // 16 bytes: three whole lines fit, the fourth starts a file
        }
        assertEquals("aaa\nbbb\nccc\n", read(RotatingLog.rotated(file, 1)));
        assertEquals("ddd\n", read(file));
    }

    @Test
    void aLineLongerThanAFileIsSplit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.log");
        try (RotatingLog log = new RotatingLog(file, 4, 5)) {
            write(log, "ab\n");
            write(log, "0123456789");
        }
        // "ab\n" cannot take the long line: it is rotated away whole, the line is cut in file-sized pieces
        assertEquals("ab\n", read(RotatingLog.rotated(file, 3)));
        assertEquals("0123", read(RotatingLog.rotated(file, 2)));
        assertEquals("4567", read(RotatingLog.rotated(file, 1)));
        assertEquals("89", read(file));
    }

    @Test
    void noFileGrowsPastTheLimitWhenLinesAreShorter(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.log");
        try (RotatingLog log = new RotatingLog(file, 100, 3)) {
            for (int i = 0; i < 500; i++) {
                log.line("entry " + i);
            }
        }
        for (Path p : new Path[] {file, RotatingLog.rotated(file, 1), RotatingLog.rotated(file, 2),
                RotatingLog.rotated(file, 3)}) {
            assertTrue(Files.size(p) <= 100, p + " has " + Files.size(p) + " bytes");
            assertTrue(read(p).endsWith("\n"), "whole lines only in " + p);
        }
        assertTrue(read(file).endsWith("entry 499\n"));
    }

    @Test
    void rotateIfFullRotatesAFileWrittenBySomeoneElse(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("postgres.log");
        Files.writeString(file, "0123456789");
        try (RotatingLog log = new RotatingLog(file, 10, 3)) {
            log.rotateIfFull();
        }
        assertEquals("0123456789", read(RotatingLog.rotated(file, 1)));
        assertEquals(0, Files.size(file));
        try (RotatingLog log = new RotatingLog(file, 10, 3)) {
            log.rotateIfFull(); // not full: nothing happens
            assertEquals(0, log.rotations());
        }
    }
}
