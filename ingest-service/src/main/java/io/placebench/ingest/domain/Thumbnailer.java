package io.placebench.ingest.domain;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes the thumbnail of a stored image: decoded (the first frame of an animation), turned upright by its EXIF
 * orientation, scaled so that its longer side is at most the size asked (never enlarged) and re-encoded as a
 * baseline JPEG with no metadata at all. Only pixels survive: EXIF (GPS coordinates — the very answer — and
 * camera data), XMP, ICC profiles and comments of the source are never copied; the writer is given no metadata,
 * so it emits a bare JFIF header, quantisation and Huffman tables, the frame and the scan.
 *
 * <p>Decoding is bounded: files above {@code maxBytes} and images above {@code maxPixels} are refused before any
 * pixel is decoded, and a large image is read with source subsampling, so no more than about twice the target
 * size is ever held in memory, whatever the source's size.
 */
public final class Thumbnailer {

    public static final int MIN_SIZE = 64;
    public static final int MAX_SIZE = 1024;
    public static final int DEFAULT_SIZE = 320;

    /** Changes whenever the rendering changes, so that validators of old renderings stop matching. */
    public static final String RENDERING = "t1";

    private final long maxBytes;
    private final long maxPixels;
    private final float quality;

    public Thumbnailer(long maxBytes, long maxPixels, float quality) {
        if (quality <= 0 || quality > 1) {
            throw new IllegalArgumentException("quality must be in (0, 1], was " + quality);
        }
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.quality = quality;
    }

    /** Why an image has no thumbnail. */
    public enum Failure {
        /** No decoder for this format in this JVM (WebP: ingest has no WebP reader). */
        UNSUPPORTED,
        /** The bytes are corrupt or not an image a decoder accepts. */
        UNREADABLE,
        /** Above the byte or pixel limit: refused without decoding. */
        TOO_LARGE
    }

    /** An image that cannot be made into a thumbnail, and why. */
    public static final class ThumbnailException extends Exception {
        private final Failure failure;

        public ThumbnailException(Failure failure, String message, Throwable cause) {
            super(message, cause);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /** A rendered thumbnail: JPEG bytes and their pixel size. */
    public record Thumbnail(byte[] jpeg, int width, int height) {
    }

    /** Width and height in pixels. */
    public record Size(int width, int height) {
    }

    /** Whether {@code size} is an allowed longer side. */
    public static boolean allowedSize(int size) {
        return size >= MIN_SIZE && size <= MAX_SIZE;
    }

    /** The size of the thumbnail of a {@code width} x {@code height} image: longer side at most {@code size}. */
    public static Size targetSize(int width, int height, int size) {
        int longer = Math.max(width, height);
        if (longer <= size) {
            return new Size(width, height);
        }
        double factor = (double) size / longer;
        return new Size(Math.max(1, (int) Math.round(width * factor)), Math.max(1, (int) Math.round(height * factor)));
    }

    /**
     * The source subsampling for a thumbnail of longer side {@code size}: the largest step that still leaves at
     * least {@code size} (and at most {@code 2 * size}) pixels on the longer side, so the final scaling has
     * real pixels to average; 1 when the image is small enough to read whole.
     */
    public static int subsampling(int width, int height, int size) {
        int longer = Math.max(width, height);
        long window = 2L * size;
        return (int) Math.max(1, (longer + window - 1) / window);
    }

    /** The thumbnail of the image file {@code source} with longer side at most {@code size}. */
    public Thumbnail render(Path source, int size) throws ThumbnailException {
        if (!allowedSize(size)) {
            throw new IllegalArgumentException("size must be between " + MIN_SIZE + " and " + MAX_SIZE + ", was " + size);
        }
        long bytes;
        int orientation;
        String format;
        try {
            bytes = Files.size(source);
            if (bytes > maxBytes) {
                throw new ThumbnailException(Failure.TOO_LARGE, "the image is " + bytes
                        + " bytes, above the limit of " + maxBytes + " bytes", null);
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(source), 8192)) {
                in.mark(ImageType.SIGNATURE_BYTES);
                format = ImageType.sniff(in.readNBytes(ImageType.SIGNATURE_BYTES)).map(Enum::name).orElse("stored");
                in.reset();
                orientation = ExifOrientation.read(in);
            }
        } catch (IOException e) {
            throw new ThumbnailException(Failure.UNREADABLE, "the image could not be read: " + e.getMessage(), e);
        }
        Decoded decoded = decode(source, format, size);
        Size target = targetSize(decoded.sourceWidth(), decoded.sourceHeight(), size);
        BufferedImage upright = ExifOrientation.apply(scale(decoded.image(), target), orientation);
        return new Thumbnail(encode(upright), upright.getWidth(), upright.getHeight());
    }

    /** The decoded (possibly subsampled) pixels and the source's own size, which fixes the target's aspect. */
    private record Decoded(BufferedImage image, int sourceWidth, int sourceHeight) {
    }

    private Decoded decode(Path source, String format, int size) throws ThumbnailException {
        try (ImageInputStream in = new FileImageInputStream(source.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ThumbnailException(Failure.UNSUPPORTED, "ingest-service has no decoder for " + format
                        + " images", null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                long pixels = (long) width * height;
                if (pixels > maxPixels) {
                    throw new ThumbnailException(Failure.TOO_LARGE, "the image has " + pixels
                            + " pixels, above the limit of " + maxPixels + " pixels", null);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling(width, height, size);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new ThumbnailException(Failure.UNREADABLE, "the image has no pixels", null);
                }
                return new Decoded(image, width, height);
            } finally {
                reader.dispose();
            }
        } catch (ThumbnailException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ThumbnailException(Failure.UNREADABLE, "the " + format + " image could not be decoded: "
                    + e.getMessage(), e);
        }
    }

    /** Scales to {@code target} in halving steps, then one bilinear step (one big bilinear step aliases). */
    static BufferedImage scale(BufferedImage image, Size target) {
        BufferedImage current = toRgb(image);
        while (current.getWidth() / 2 >= target.width() && current.getHeight() / 2 >= target.height()) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != target.width() || current.getHeight() != target.height()) {
            current = draw(current, target.width(), target.height());
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

    /** Baseline JPEG with no metadata given to the writer: only JFIF, DQT, SOF0, DHT, SOS and the scan. */
    private byte[] encode(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG writer in this JVM");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the thumbnail could not be encoded in memory", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
