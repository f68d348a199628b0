package io.placebench.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The demo images carry their location exactly as docs/formats.md specifies. Checked with a reader written here
 * from the spec (not the simulator's), on the JPEG bytes, after a re-encode and after downscaling to 160 px.
 */
class CodeStripTest {

    private static final double LAT_STEP = 180.0 / ((1 << 20) - 1);
    private static final double LON_STEP = 360.0 / ((1 << 20) - 1);

    /** Reads a strip per docs/formats.md; returns {latitude, longitude} or null when the CRC fails. */
    static double[] readStrip(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int y0 = (int) Math.floor(h * 5 / 6.0);
        long bits = 0;
        for (int cell = 0; cell < 48; cell++) {
            int row = cell / 24;
            int col = cell % 24;
            double left = w * col / 24.0;
            double right = w * (col + 1) / 24.0;
            double top = y0 + (h - y0) * row / 2.0;
            double bottom = y0 + (h - y0) * (row + 1) / 2.0;
            // central half in both directions
            double cx0 = left + (right - left) / 4;
            double cx1 = right - (right - left) / 4;
            double cy0 = top + (bottom - top) / 4;
            double cy1 = bottom - (bottom - top) / 4;
            double sum = 0;
            int n = 0;
            for (int y = (int) Math.round(cy0); y < Math.max(Math.round(cy0) + 1, Math.round(cy1)); y++) {
                for (int x = (int) Math.round(cx0); x < Math.max(Math.round(cx0) + 1, Math.round(cx1)); x++) {
                    int rgb = image.getRGB(x, y);
                    sum += 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                    n++;
                }
            }
            bits = (bits << 1) | (sum / n < 128 ? 1 : 0);
        }
        long payload = bits >>> 8;
        if (crcByDivision(payload) != (bits & 0xff)) {
            return null;
        }
        long latCode = payload >>> 20;
        long lonCode = payload & 0xFFFFF;
        return new double[] {latCode * LAT_STEP - 90, lonCode * LON_STEP - 180};
    }

    /** CRC-8 (x^8 + x^2 + x + 1, init 0, no reflection, no xor-out) as the remainder of payload * x^8. */
    static long crcByDivision(long payload40) {
        long dividend = payload40 << 8; // 48 bits
        long poly = 0x107L;
        for (int bit = 47; bit >= 8; bit--) {
            if (((dividend >>> bit) & 1) == 1) {
                dividend ^= poly << (bit - 8);
            }
        }
        return dividend & 0xff;
    }

    static BufferedImage jpegRoundTrip(BufferedImage image, float quality) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoDataset.writeJpeg(image, quality, bytes);
        return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
    }

    static BufferedImage downscale(BufferedImage image, int width) {
        int height = Math.round(image.getHeight() * width / (float) image.getWidth());
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return small;
    }

    static List<double[]> points() {
        List<double[]> points = new ArrayList<>(List.of(
                new double[] {0, 0}, new double[] {90, 180}, new double[] {-90, -180}, new double[] {-89.9, 179.99},
                new double[] {51.5074, -0.1278}, new double[] {-33.8688, 151.2093}, new double[] {-77.8463, 166.6682},
                new double[] {64.1466, -21.9426}));
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            points.add(new double[] {random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180});
        }
        return points;
    }

    @Test
    void crcMatchesPolynomialDivision() {
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            long payload = random.nextLong() & 0xFF_FFFF_FFFFL;
            byte[] bytes = new byte[5];
            for (int k = 0; k < 5; k++) {
                bytes[k] = (byte) (payload >>> (8 * (4 - k)));
            }
            assertEquals(crcByDivision(payload), CodeStripWriter.crc8(bytes));
        }
        // "123456789" is the standard check string: CRC-8 (poly 0x07, init 0) = 0xF4
        assertEquals(0xF4, CodeStripWriter.crc8("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void codesFollowTheFormula() {
        assertEquals(0, CodeStripWriter.latitudeCode(-90));
        assertEquals((1 << 20) - 1, CodeStripWriter.latitudeCode(90));
        assertEquals(Math.round(0.5 * ((1 << 20) - 1)), CodeStripWriter.latitudeCode(0));
        assertEquals(Math.round((51.5 + 90) / 180 * ((1 << 20) - 1)), CodeStripWriter.latitudeCode(51.5));
        assertEquals(Math.round((-0.1278 + 180) / 360 * ((1 << 20) - 1)), CodeStripWriter.longitudeCode(-0.1278));
        long bits = CodeStripWriter.bits(51.5, -0.1278);
        assertEquals(CodeStripWriter.latitudeCode(51.5), bits >>> 28);
        assertEquals(CodeStripWriter.longitudeCode(-0.1278), (bits >>> 8) & 0xFFFFF);
    }

    @Test
    void stripSurvivesJpegReencodeAndDownscale() throws IOException {
        int i = 0;
        for (double[] p : points()) {
            BufferedImage original = DemoDataset.render(p[0], p[1], i++);
            assertEquals(512, original.getWidth());
            assertEquals(384, original.getHeight());

            BufferedImage jpeg = jpegRoundTrip(original, DemoDataset.JPEG_QUALITY);
            assertDecodes(jpeg, p, "JPEG");

            BufferedImage reencoded = jpegRoundTrip(jpeg, 0.5f);
            assertDecodes(reencoded, p, "re-encoded JPEG q0.5");

            BufferedImage small = downscale(reencoded, 160);
            assertEquals(160, small.getWidth());
            assertDecodes(small, p, "downscaled to 160 px");
            assertDecodes(jpegRoundTrip(small, 0.75f), p, "downscaled to 160 px and re-encoded");
        }
    }

    private static void assertDecodes(BufferedImage image, double[] p, String what) {
        double[] read = readStrip(image);
        assertTrue(read != null, what + ": no valid strip for " + p[0] + "," + p[1]);
        assertEquals(p[0], read[0], LAT_STEP / 2 + 1e-9, what + " latitude");
        assertEquals(p[1], read[1], LON_STEP / 2 + 1e-9, what + " longitude");
    }

    @Test
    void aDamagedStripFailsTheCrc() throws IOException {
        BufferedImage image = DemoDataset.render(48.8566, 2.3522, 3);
        int y0 = CodeStripWriter.stripTop(image.getHeight());
        // invert one cell (row 1, column 5)
        int x0 = (int) Math.ceil(512 * 5 / 24.0);
        int x1 = (int) Math.floor(512 * 6 / 24.0);
        int cy0 = y0 + (384 - y0) / 2;
        for (int y = cy0; y < 384; y++) {
            for (int x = x0; x < x1; x++) {
                image.setRGB(x, y, ~image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertNull(readStrip(jpegRoundTrip(image, 0.9f)));
    }

    @Test
    void scenesDifferButStripsAgree() {
        BufferedImage a = DemoDataset.render(10, 10, 1);
        BufferedImage b = DemoDataset.render(70, 10, 2);
        int y0 = CodeStripWriter.stripTop(384);
        assertNotEquals(a.getRGB(256, 50), b.getRGB(256, 50), "tropical and polar skies differ");
        // the strip only has pure black and white pixels
        for (int y = y0; y < 384; y++) {
            for (int x = 0; x < 512; x++) {
                int rgb = a.getRGB(x, y) & 0xFFFFFF;
                assertTrue(rgb == 0 || rgb == 0xFFFFFF);
            }
        }
    }
}
