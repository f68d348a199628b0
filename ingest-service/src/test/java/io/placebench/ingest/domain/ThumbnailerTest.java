package io.placebench.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.ingest.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EXIF orientation (reading and turning), thumbnail sizes, rendering without metadata, limits, entity tags. */
class ThumbnailerTest {

    @TempDir
    Path root;

    private final Thumbnailer thumbnailer = new Thumbnailer(1 << 20, 4_000_000, 0.85f);

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(root.resolve(name), bytes);
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static boolean reddish(int rgb) {
        return (rgb >> 16 & 0xFF) > 180 && (rgb & 0xFF) < 80;
    }

    private static boolean bluish(int rgb) {
        return (rgb & 0xFF) > 180 && (rgb >> 16 & 0xFF) < 80;
    }

    @Test
    void orientationIsReadFromExifInBothByteOrders() {
        byte[] jpeg = TestImages.halves(40, 20);
        for (int orientation = 1; orientation <= 8; orientation++) {
            assertEquals(orientation, ExifOrientation.read(new ByteArrayInputStream(
                    TestImages.withMetadata(jpeg, orientation, false))), "MM " + orientation);
            assertEquals(orientation, ExifOrientation.read(new ByteArrayInputStream(
                    TestImages.withMetadata(jpeg, orientation, true))), "II " + orientation);
        }
        assertEquals(1, ExifOrientation.read(new ByteArrayInputStream(jpeg)), "no EXIF");
        assertEquals(1, ExifOrientation.read(new ByteArrayInputStream(TestImages.withMetadata(jpeg, 9))),
                "out of range");
        assertEquals(1, ExifOrientation.read(new ByteArrayInputStream("not a jpeg".getBytes(StandardCharsets.UTF_8))));
        assertEquals(1, ExifOrientation.read(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void malformedExifNeverFails() {
        byte[] full = TestImages.withMetadata(TestImages.halves(40, 20), 6);
        for (int cut = 0; cut < 200; cut++) { // every truncation inside the EXIF segment
            int orientation = ExifOrientation.read(new ByteArrayInputStream(Arrays.copyOf(full, cut)));
            assertTrue(orientation == 1 || orientation == 6, "cut at " + cut);
        }
        byte[] badOffset = full.clone();
        badOffset[2 + 4 + 6 + 4] = 0x7F; // IFD0 offset far beyond the segment
        assertEquals(1, ExifOrientation.read(new ByteArrayInputStream(badOffset)));
        assertEquals(0, ExifOrientation.fromApp1("Exif\0\0XX\0*\0\0\0\10".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(0, ExifOrientation.fromApp1("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void everyOrientationTurnsTheImageAsExifDefines() {
        // 3 x 2 image with distinct pixels: a b c / d e f
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[] values = {1, 2, 3, 4, 5, 6};
        image.setRGB(0, 0, 3, 2, values, 0, 3);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), pixels(ExifOrientation.apply(image, 1)));
        assertEquals(List.of(3, 2, 1, 6, 5, 4), pixels(ExifOrientation.apply(image, 2)), "mirrored");
        assertEquals(List.of(6, 5, 4, 3, 2, 1), pixels(ExifOrientation.apply(image, 3)), "turned 180");
        assertEquals(List.of(4, 5, 6, 1, 2, 3), pixels(ExifOrientation.apply(image, 4)), "flipped");
        assertEquals(List.of(1, 4, 2, 5, 3, 6), pixels(ExifOrientation.apply(image, 5)), "transposed");
        assertEquals(List.of(4, 1, 5, 2, 6, 3), pixels(ExifOrientation.apply(image, 6)), "90 clockwise");
        assertEquals(List.of(6, 3, 5, 2, 4, 1), pixels(ExifOrientation.apply(image, 7)), "transversed");
        assertEquals(List.of(3, 6, 2, 5, 1, 4), pixels(ExifOrientation.apply(image, 8)), "90 counter-clockwise");
        BufferedImage turned = ExifOrientation.apply(image, 6);
        assertEquals(2, turned.getWidth());
        assertEquals(3, turned.getHeight());
        assertTrue(ExifOrientation.swapsSides(6));
        assertFalse(ExifOrientation.swapsSides(3));
    }

    private static List<Integer> pixels(BufferedImage image) {
        int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return Arrays.stream(rgb).map(v -> v & 0xFFFFFF).boxed().toList();
    }

    @Test
    void sizesAndSubsampling() {
        assertEquals(new Thumbnailer.Size(320, 240), Thumbnailer.targetSize(4000, 3000, 320));
        assertEquals(new Thumbnailer.Size(240, 320), Thumbnailer.targetSize(3000, 4000, 320));
        assertEquals(new Thumbnailer.Size(100, 50), Thumbnailer.targetSize(100, 50, 320), "never enlarged");
        assertEquals(new Thumbnailer.Size(1024, 1), Thumbnailer.targetSize(20000, 3, 1024), "at least a pixel");
        assertEquals(1, Thumbnailer.subsampling(640, 480, 320));
        assertEquals(2, Thumbnailer.subsampling(641, 480, 320));
        assertEquals(7, Thumbnailer.subsampling(4000, 3000, 320));
        for (int longer : new int[] {64, 500, 641, 4000, 12345, 100_000}) {
            for (int size : new int[] {64, 320, 1024}) {
                int step = Thumbnailer.subsampling(longer, 10, size);
                int read = (longer + step - 1) / step;
                assertTrue(read <= 2 * size, "at most twice the target read: " + longer + "/" + size);
                assertTrue(read >= Math.min(longer, size), "enough pixels left: " + longer + "/" + size);
            }
        }
        assertTrue(Thumbnailer.allowedSize(64));
        assertTrue(Thumbnailer.allowedSize(1024));
        assertFalse(Thumbnailer.allowedSize(63));
        assertFalse(Thumbnailer.allowedSize(1025));
    }

    @Test
    void thumbnailIsUprightScaledAndCarriesNoMetadata() throws Exception {
        byte[] source = TestImages.withMetadata(TestImages.halves(400, 240), 6);
        assertTrue(TestImages.contains(source, TestImages.GPS_LATITUDE), "the source does carry GPS");

        Thumbnailer.Thumbnail thumbnail = thumbnailer.render(file("exif.jpg", source), 100);

        BufferedImage image = decode(thumbnail.jpeg());
        assertEquals(60, image.getWidth(), "portrait: turned 90 degrees clockwise");
        assertEquals(100, image.getHeight());
        assertEquals(60, thumbnail.width());
        assertTrue(reddish(image.getRGB(30, 10)), "the red left half is on top");
        assertTrue(bluish(image.getRGB(30, 90)), "the blue right half is at the bottom");
        TestImages.assertMetadataFree(thumbnail.jpeg());
    }

    @Test
    void largeImagesAreSubsampledAndSmallOnesNeverEnlarged() throws Exception {
        BufferedImage big = new BufferedImage(1999, 1000, BufferedImage.TYPE_INT_RGB);
        Path bigFile = root.resolve("big.png");
        ImageIO.write(big, "png", bigFile.toFile());
        Thumbnailer.Thumbnail thumbnail = thumbnailer.render(bigFile, 64);
        assertEquals(64, thumbnail.width());
        assertEquals(32, thumbnail.height());
        TestImages.assertMetadataFree(thumbnail.jpeg());

        Thumbnailer.Thumbnail small = thumbnailer.render(file("small.jpg", TestImages.halves(40, 20)), 320);
        assertEquals(40, small.width());
        assertEquals(20, small.height());

        Path gif = TestImages.write(root.resolve("a.gif"), "gif", 0x336699);
        assertEquals(32, thumbnailer.render(gif, 64).width());
    }

    @Test
    void imagesAboveTheLimitsOrUndecodableAreRefused() throws Exception {
        Path huge = root.resolve("huge.png");
        ImageIO.write(new BufferedImage(2001, 2000, BufferedImage.TYPE_BYTE_GRAY), "png", huge.toFile());
        Thumbnailer.ThumbnailException pixels = assertThrows(Thumbnailer.ThumbnailException.class,
                () -> thumbnailer.render(huge, 320));
        assertEquals(Thumbnailer.Failure.TOO_LARGE, pixels.failure());
        assertTrue(pixels.getMessage().contains("4002000 pixels, above the limit of 4000000"), pixels.getMessage());

        Thumbnailer tiny = new Thumbnailer(100, 4_000_000, 0.85f);
        Thumbnailer.ThumbnailException bytes = assertThrows(Thumbnailer.ThumbnailException.class,
                () -> tiny.render(file("b.jpg", TestImages.halves(40, 20)), 320));
        assertEquals(Thumbnailer.Failure.TOO_LARGE, bytes.failure());
        assertTrue(bytes.getMessage().contains("above the limit of 100 bytes"), bytes.getMessage());

        Thumbnailer.ThumbnailException webp = assertThrows(Thumbnailer.ThumbnailException.class,
                () -> thumbnailer.render(file("a.webp", TestImages.webpHeader()), 320));
        assertEquals(Thumbnailer.Failure.UNSUPPORTED, webp.failure());
        assertTrue(webp.getMessage().contains("no decoder for WEBP"), webp.getMessage());

        byte[] jpeg = TestImages.halves(40, 20);
        Thumbnailer.ThumbnailException broken = assertThrows(Thumbnailer.ThumbnailException.class,
                () -> thumbnailer.render(file("broken.jpg", TestImages.framedButEmpty(jpeg)), 320));
        assertEquals(Thumbnailer.Failure.UNREADABLE, broken.failure());
        assertTrue(broken.getMessage().startsWith("the JPEG image could not be decoded"), broken.getMessage());

        assertThrows(IllegalArgumentException.class, () -> thumbnailer.render(file("c.jpg", jpeg), 63));
    }

    @Test
    void entityTagsMatchAsIfNoneMatchAsks() {
        String etag = EntityTags.strong("abc-320-t1");
        assertEquals("\"abc-320-t1\"", etag);
        assertTrue(EntityTags.matches("\"abc-320-t1\"", etag));
        assertTrue(EntityTags.matches("W/\"abc-320-t1\"", etag), "weak comparison");
        assertTrue(EntityTags.matches("\"x\", \"abc-320-t1\"", etag));
        assertTrue(EntityTags.matches("*", etag));
        assertFalse(EntityTags.matches("\"abc-64-t1\"", etag));
        assertFalse(EntityTags.matches(null, etag));
        assertFalse(EntityTags.matches(" ", etag));
    }
}
