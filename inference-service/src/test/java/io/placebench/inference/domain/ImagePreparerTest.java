package io.placebench.inference.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePreparerTest {

    static final String GPS_MARKER = "GPS-SECRET-48.8584N-2.2945E";
    final ImagePreparer preparer = new ImagePreparer(2048, 0.9f, 100_000_000L);

    /** A w x h image, red on the left half and blue on the right (so orientation can be checked). */
    static BufferedImage picture(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    /**
     * A JPEG with a hand-written EXIF APP1 segment right after SOI: a big-endian TIFF header, IFD0 with the
     * Orientation tag (0x0112) and an ASCII tag carrying a fake GPS text.
     */
    static byte[] withExif(byte[] jpeg, int orientation) {
        byte[] text = (GPS_MARKER + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        writeBytes(tiff, 'M', 'M', 0, 42, 0, 0, 0, 8);     // header, IFD0 at offset 8
        writeBytes(tiff, 0, 2);                             // two entries
        writeBytes(tiff, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0); // Orientation, SHORT, 1
        int textOffset = 8 + 2 + 2 * 12 + 4;
        writeBytes(tiff, 0x01, 0x0E, 0, 2, 0, 0, 0, text.length,               // ImageDescription, ASCII
                0, 0, 0, textOffset);
        writeBytes(tiff, 0, 0, 0, 0);                       // no next IFD
        tiff.writeBytes(text);
        byte[] payload = tiff.toByteArray();
        int length = 2 + 6 + payload.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);                              // SOI
        writeBytes(out, 0xFF, 0xE1, length >> 8, length & 0xFF, 'E', 'x', 'i', 'f', 0, 0);
        out.writeBytes(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static void writeBytes(ByteArrayOutputStream out, int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
    }

    /** Markers of the JPEG's segments up to the start of scan. */
    static List<Integer> segmentMarkers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        assertEquals(0xFF, jpeg[0] & 0xFF);
        assertEquals(0xD8, jpeg[1] & 0xFF);
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            int marker = jpeg[pos + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
        }
        return markers;
    }

    @Test
    void exifAndGpsAreDroppedAndOrientationApplied() throws Exception {
        byte[] source = withExif(encode(picture(40, 20, BufferedImage.TYPE_INT_RGB), "jpg"), 6);
        assertTrue(segmentMarkers(source).contains(0xE1), "the test input must carry APP1");
        assertTrue(new String(source, StandardCharsets.ISO_8859_1).contains(GPS_MARKER));
        assertEquals(6, ExifOrientation.read(source));

        PreparedImage prepared = preparer.prepare(source);

        List<Integer> markers = segmentMarkers(prepared.data());
        assertFalse(markers.contains(0xE1), "no APP1 (EXIF/XMP) may survive: " + markers);
        assertTrue(markers.stream().noneMatch(m -> m >= 0xE1 && m <= 0xEF || m == 0xFE),
                "only JFIF APP0 is allowed: " + markers);
        assertFalse(new String(prepared.data(), StandardCharsets.ISO_8859_1).contains(GPS_MARKER));
        // orientation 6 = rotate 90 degrees clockwise: 40x20 becomes 20x40, the red left half goes to the top
        assertEquals(20, prepared.width());
        assertEquals(40, prepared.height());
        BufferedImage sent = ImageIO.read(new ByteArrayInputStream(prepared.data()));
        assertEquals(20, sent.getWidth());
        Color top = new Color(sent.getRGB(10, 5));
        Color bottom = new Color(sent.getRGB(10, 35));
        assertTrue(top.getRed() > 200 && top.getBlue() < 60, "top should be red: " + top);
        assertTrue(bottom.getBlue() > 200 && bottom.getRed() < 60, "bottom should be blue: " + bottom);
        assertEquals(Prompt.sha256Hex(prepared.data()), prepared.sha256());
        assertEquals(prepared.data().length, prepared.bytes());
    }

    @Test
    void largeImagesAreScaledToTheMaxSideKeepingAspect() throws Exception {
        byte[] png = encode(picture(4000, 1000, BufferedImage.TYPE_INT_ARGB), "png");
        PreparedImage prepared = preparer.prepare(png);
        assertEquals(2048, prepared.width());
        assertEquals(512, prepared.height());
        assertEquals(4000, prepared.sourceWidth());
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xD8}, java.util.Arrays.copyOf(prepared.data(), 2));

        PreparedImage tall = new ImagePreparer(300, 0.9f, 100_000_000L)
                .prepare(encode(picture(500, 1200, BufferedImage.TYPE_INT_RGB), "bmp"));
        assertEquals(125, tall.width());
        assertEquals(300, tall.height());

        PreparedImage small = preparer.prepare(encode(picture(64, 48, BufferedImage.TYPE_BYTE_INDEXED), "gif"));
        assertEquals(64, small.width(), "small images are never enlarged");
        assertEquals(48, small.height());
    }

    /** 40 x 20, red left half, blue right half, made with cwebp (lossless and lossy). */
    static final String WEBP_LOSSLESS = "UklGRigAAABXRUJQVlA4TBsAAAAvJ8AEAA8Q87//8x8OBAKEA/+1BgRE9D9K2AMA";
    static final String WEBP_LOSSY = "UklGRnYAAABXRUJQVlA4IGoAAADQBACdASooABQAPm0skkWkIqGYBABABsSgB2APwg4QIYB+AFd/7gABe8wZ/aoyYAD+8JtD//5Bdm2zmf//5Af8gP+QH/j+nysH+gzG5ufyA6yfnGP/8gPfz/gCWC1pzINRsiaV04x0eAAA";

    @Test
    void webpIsAcceptedAndReencoded() throws Exception {
        ImageIO.scanForPlugins();
        for (String b64 : List.of(WEBP_LOSSLESS, WEBP_LOSSY)) {
            PreparedImage prepared = preparer.prepare(java.util.Base64.getDecoder().decode(b64));
            assertEquals(40, prepared.width());
            assertEquals(20, prepared.height());
            assertEquals("image/jpeg", prepared.mediaType());
            BufferedImage sent = ImageIO.read(new ByteArrayInputStream(prepared.data()));
            Color left = new Color(sent.getRGB(5, 10));
            Color right = new Color(sent.getRGB(35, 10));
            assertTrue(left.getRed() > 200 && left.getBlue() < 80, "left should be red: " + left);
            assertTrue(right.getBlue() > 200 && right.getRed() < 80, "right should be blue: " + right);
        }
    }

    @Test
    void thePngPolicyIsLosslessAndAlsoDropsMetadata() throws Exception {
        byte[] source = withExif(encode(picture(40, 20, BufferedImage.TYPE_INT_RGB), "jpg"), 1);
        PreparedImage png = new ImagePreparer(2048, 0.9f, 100_000_000L, ImagePreparer.Format.PNG).prepare(source);
        assertEquals("image/png", png.mediaType());
        assertTrue(png.dataUrl().startsWith("data:image/png;base64,"));
        assertEquals((byte) 0x89, png.data()[0]);
        assertFalse(new String(png.data(), StandardCharsets.ISO_8859_1).contains(GPS_MARKER));
        assertEquals(List.of(300, 200), java.util.Arrays.stream(ImagePreparer.targetSize(3000, 2000, 300)).boxed().toList());
        assertEquals(List.of(64, 48), java.util.Arrays.stream(ImagePreparer.targetSize(64, 48, 300)).boxed().toList());
    }

    @Test
    void nonImagesAndOversizedImagesAreRefused() throws Exception {
        ImagePreparationException notImage = assertThrows(ImagePreparationException.class,
                () -> preparer.prepare("hello".getBytes(StandardCharsets.UTF_8)));
        assertTrue(notImage.getMessage().contains("not a supported image format"), notImage.getMessage());
        assertThrows(ImagePreparationException.class, () -> preparer.prepare(new byte[0]));
        ImagePreparationException bomb = assertThrows(ImagePreparationException.class,
                () -> new ImagePreparer(2048, 0.9f, 1000).prepare(encode(picture(100, 100,
                        BufferedImage.TYPE_INT_RGB), "png")));
        assertTrue(bomb.getMessage().contains("10000 pixels"), bomb.getMessage());
    }
}
