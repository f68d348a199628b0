package io.placebench.inference.domain;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Turns image bytes (JPEG, PNG, WebP, GIF, BMP; WebP through the TwelveMonkeys ImageIO plugin) into what a model
 * is sent: decoded (the first frame of an animation), turned upright by its EXIF orientation, scaled so that
 * its longest side is at most {@code maxSide} pixels (aspect kept, never enlarged) and re-encoded by the
 * configured policy: {@code jpeg} (flattened onto white, baseline JPEG at {@code jpegQuality}) or {@code png}
 * (lossless). Only pixels survive the re-encoding: EXIF (GPS included), XMP, ICC, comments and every other
 * metadata chunk or segment of the source are dropped, whatever the policy.
 */
public final class ImagePreparer {

    /** How the image is re-encoded. */
    public enum Format { JPEG, PNG }

    private final int maxSide;
    private final float jpegQuality;
    private final long maxSourcePixels;
    private final Format format;

    public ImagePreparer(int maxSide, float jpegQuality, long maxSourcePixels) {
        this(maxSide, jpegQuality, maxSourcePixels, Format.JPEG);
    }

    public ImagePreparer(int maxSide, float jpegQuality, long maxSourcePixels, Format format) {
        if (maxSide < 16) {
            throw new IllegalArgumentException("maxSide must be at least 16, was " + maxSide);
        }
        if (jpegQuality <= 0 || jpegQuality > 1) {
            throw new IllegalArgumentException("jpegQuality must be in (0, 1], was " + jpegQuality);
        }
        this.maxSide = maxSide;
        this.jpegQuality = jpegQuality;
        this.maxSourcePixels = maxSourcePixels;
        this.format = format == null ? Format.JPEG : format;
    }

    public int maxSide() {
        return maxSide;
    }

    /** The same policy with another longest side (a model's own limit). */
    public ImagePreparer withMaxSide(int side) {
        return side == maxSide ? this : new ImagePreparer(side, jpegQuality, maxSourcePixels, format);
    }

    /** The size an image of {@code width} x {@code height} is sent at: scaled to {@code maxSide}, never enlarged. */
    public static int[] targetSize(int width, int height, int maxSide) {
        int longest = Math.max(width, height);
        if (longest <= maxSide) {
            return new int[] {width, height};
        }
        double factor = (double) maxSide / longest;
        return new int[] {Math.max(1, (int) Math.round(width * factor)), Math.max(1, (int) Math.round(height * factor))};
    }

    public PreparedImage prepare(byte[] source) throws ImagePreparationException {
        if (source == null || source.length == 0) {
            throw new ImagePreparationException("the image is empty");
        }
        BufferedImage decoded = decode(source);
        int sourceWidth = decoded.getWidth();
        int sourceHeight = decoded.getHeight();
        BufferedImage scaled = toRgb(scale(decoded));
        BufferedImage upright = orient(scaled, ExifOrientation.read(source));
        byte[] bytes = format == Format.PNG ? encodePng(upright) : encode(upright);
        return new PreparedImage(bytes, format == Format.PNG ? "image/png" : "image/jpeg", upright.getWidth(),
                upright.getHeight(), Prompt.sha256Hex(bytes), sourceWidth, sourceHeight);
    }

    private BufferedImage decode(byte[] source) throws ImagePreparationException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(source))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImagePreparationException("not a supported image format (JPEG, PNG, WebP, GIF or BMP expected)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxSourcePixels) {
                    throw new ImagePreparationException("the image has " + pixels + " pixels, more than the "
                            + maxSourcePixels + " allowed");
                }
                BufferedImage image = reader.read(0);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new ImagePreparationException("the image has no pixels");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ImagePreparationException("the image could not be decoded: " + e.getMessage(), e);
        }
    }

    private BufferedImage scale(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int longest = Math.max(w, h);
        if (longest <= maxSide) {
            return image;
        }
        int[] target = targetSize(w, h, maxSide);
        int targetW = target[0];
        int targetH = target[1];
        // Halve in steps, then one last bilinear step: plain bilinear over a large factor aliases badly.
        BufferedImage current = toRgb(image);
        while (current.getWidth() / 2 >= targetW && current.getHeight() / 2 >= targetH) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != targetW || current.getHeight() != targetH) {
            current = draw(current, targetW, targetH);
        }
        return current;
    }

    private static BufferedImage draw(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** Any colour model to 8-bit RGB; transparency is flattened onto white (JPEG has no alpha). */
    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** Applies an EXIF orientation (1-8) to an RGB image. */
    static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        int[] in = image.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> { dx = w - 1 - x; dy = y; }
                    case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }
                    case 4 -> { dx = x; dy = h - 1 - y; }
                    case 5 -> { dx = y; dy = x; }
                    case 6 -> { dx = h - 1 - y; dy = x; }
                    case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }
                    default -> { dx = y; dy = w - 1 - x; } // 8
                }
                out[dy * outW + dx] = in[y * w + x];
            }
        }
        BufferedImage result = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, outW, outH, out, 0, outW);
        return result;
    }

    private static byte[] encodePng(BufferedImage image) throws ImagePreparationException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new ImagePreparationException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new ImagePreparationException("the image could not be encoded as PNG: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private byte[] encode(BufferedImage image) throws ImagePreparationException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(jpegQuality);
            // No source metadata is passed on: the writer emits a bare JFIF header and the pixels.
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new ImagePreparationException("the image could not be encoded as JPEG: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
