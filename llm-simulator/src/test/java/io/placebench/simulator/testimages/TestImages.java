package io.placebench.simulator.testimages;

import io.placebench.simulator.domain.CodeStrip;
import io.placebench.simulator.domain.LocationCode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Synthetic demo-like images for tests: a busy scene above a code strip, and the usual encodings. */
public final class TestImages {

    private TestImages() {
    }

    /** A scene with a location strip. */
    public static BufferedImage demo(int w, int h, double lat, double lon, long seed) {
        BufferedImage img = scene(w, h, seed);
        CodeStrip.paint(img, LocationCode.of(lat, lon));
        return img;
    }

    /** A scene without a strip: random shapes all the way down (a "real photo"). */
    public static BufferedImage scene(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(90 + r.nextInt(80), 140 + r.nextInt(80), 200 + r.nextInt(55)));
        g.fillRect(0, 0, w, h / 2);
        g.setColor(new Color(60 + r.nextInt(100), 90 + r.nextInt(100), 40 + r.nextInt(60)));
        g.fillRect(0, h / 2, w, h - h / 2);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.fillOval(r.nextInt(w), r.nextInt(h), 5 + r.nextInt(Math.max(6, w / 4)), 5 + r.nextInt(Math.max(6, h / 4)));
        }
        g.dispose();
        return img;
    }

    public static byte[] jpeg(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Downscales to {@code width} keeping the aspect ratio, with area averaging like a photo tool. */
    public static BufferedImage resize(BufferedImage img, int width) {
        int height = Math.max(1, Math.round(img.getHeight() * (float) width / img.getWidth()));
        Image scaled = img.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(scaled, 0, 0, null);
        g.dispose();
        return out;
    }

    public static String dataUrl(byte[] bytes, String mediaType) {
        return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
