package io.placebench.ingest.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a zip archive into an empty folder, refusing what could hurt: an entry whose path leaves the folder
 * (absolute, {@code ../}) makes the whole archive invalid; more than {@code maxEntries} files or more than
 * {@code maxTotalBytes} of unpacked content (a "zip bomb") stops with a {@link TooLargeException}. Directory
 * entries are created, nothing else (zip files carry no symbolic links that {@link ZipInputStream} would create).
 */
public final class ZipExtractor {

    private final int maxEntries;
    private final long maxTotalBytes;

    public ZipExtractor(int maxEntries, long maxTotalBytes) {
        this.maxEntries = maxEntries;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** What was unpacked. */
    public record Extracted(int files, long bytes) {
    }

    /**
     * @throws ManifestException (field {@code archive}) when the archive is not a readable zip or an entry escapes
     * @throws TooLargeException when a limit is passed
     */
    public Extracted extract(InputStream zip, Path folder) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        int files = 0;
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        boolean any = false;
        try (ZipInputStream in = new ZipInputStream(zip)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                any = true;
                String name = entry.getName();
                Path target;
                try {
                    target = root.resolve(name).normalize();
                } catch (InvalidPathException e) {
                    throw invalid("archive entry " + name + " is not a valid path");
                }
                if (name.startsWith("/") || name.startsWith("\\") || !target.startsWith(root) || target.equals(root)
                        && !entry.isDirectory()) {
                    throw invalid("archive entry " + name + " leads outside the archive");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                if (++files > maxEntries) {
                    throw new TooLargeException("archive", maxEntries, "the archive has more than " + maxEntries
                            + " files (placebench.uploads.max-archive-entries)");
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        total += n;
                        if (total > maxTotalBytes) {
                            throw new TooLargeException("archive", maxTotalBytes, "the archive unpacks to more than "
                                    + maxTotalBytes + " bytes (placebench.uploads.max-archive-unpacked-bytes)");
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (ZipException e) {
            throw invalid("archive is not a valid zip file: " + e.getMessage());
        }
        if (!any) {
            throw invalid("archive is empty or not a zip file");
        }
        return new Extracted(files, total);
    }

    private static ManifestException invalid(String reason) {
        return new ManifestException(reason, new Problem("archive", null, reason));
    }
}
