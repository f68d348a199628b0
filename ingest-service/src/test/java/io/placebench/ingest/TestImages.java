package io.placebench.ingest;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small real images written with ImageIO; the colour makes each one's bytes (and SHA-256) different. */
public final class TestImages {

    private TestImages() {
    }

    /** Writes a 32x24 image in {@code format} ("jpg", "png" or "gif") filled with {@code rgb}. */
    public static Path write(Path file, String format, int rgb) {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, 32, 24);
        g.setColor(Color.WHITE);
        g.fillRect(4, 4, 8, 8);
        g.dispose();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The smallest file WebP sniffing recognises: RIFF, a size, WEBP, then a VP8 chunk header. */
    public static byte[] webpHeader() {
        return new byte[] {'R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 0, 0, 0, 0};
    }
}
