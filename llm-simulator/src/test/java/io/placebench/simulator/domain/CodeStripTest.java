package io.placebench.simulator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.simulator.testimages.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeStripTest {

    /** Spec resolution: ~19 m in latitude, ~38 m in longitude; half a step is the worst rounding error. */
    private static final double LAT_STEP = 180.0 / LocationCode.MAX_CODE;
    private static final double LON_STEP = 360.0 / LocationCode.MAX_CODE;

    @Test
    void crcMatchesTheStandardCheckValue() {
        // CRC-8 with poly 0x07, init 0, no reflection, no xorout is CRC-8/SMBUS: check("123456789") = 0xF4
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xF4, LocationCode.crc8(check));
    }

    /**
     * Bits and pixels as the cli's demo generator (cli/.../demo/CodeStripWriter) writes them, computed once from
     * that class: images it made must keep reading, and the cli can switch to this codec without a pixel changing.
     */
    @ParameterizedTest
    @CsvSource({
            "0,0,0x8000080000C6",
            "48.8584,2.2945,0xC57CC81A1B20",
            "-33.8568,151.2153,0x4FD92EB87E66",
            "-90,-180,0x000000000000",
            "90,180,0xFFFFFFFFFFE7",
    })
    void bitsAreTheCliWritersBits(double lat, double lon, String expected) {
        assertEquals(Long.decode(expected), CodeStrip.bits(LocationCode.of(lat, lon)));
    }

    @ParameterizedTest
    @CsvSource({
            "97,61,630b973c917ecb8cfb2f6937ba3c6685943b14354bc976ccd21a82114df18c2e",
            "640,480,fd9d283c4ed29f20a4093d0fbebafe0e51f85e657db089e309b24a231931c150",
            "160,107,050c4e62174762a99c641395f2b7f38dcda748bc51a78479169cec6030f27c6c",
    })
    void pixelsAreTheCliWritersPixels(int w, int h, String expectedSha256) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0x336699);
            }
        }
        CodeStrip.paint(img, LocationCode.of(48.8584, 2.2945));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                sha.update(new byte[] {(byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb});
            }
        }
        assertEquals(expectedSha256, HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void pointsOffTheGlobeAndTinyImagesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LocationCode.of(90.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LocationCode.of(0, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> CodeStrip.paint(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), LocationCode.of(0, 0)));
    }

    @ParameterizedTest
    @CsvSource({
            "640,480,48.8584,2.2945",
            "1024,768,-33.8568,151.2153",
            "800,600,-89.9,-179.99",
            "300,200,89.99,179.999",
            "512,512,0,0",
            "1500,1000,-22.9519,-43.2105",
    })
    void readsLosslessImages(int w, int h, double lat, double lon) {
        BufferedImage img = TestImages.demo(w, h, lat, lon, 7);
        BufferedImage png = TestImages.decode(TestImages.encode(img, "png"));
        assertDecodes(png, lat, lon);
    }

    @Test
    void survivesJpegQuality07AndDownscalingTo160Pixels() {
        Random r = new Random(1);
        for (int i = 0; i < 30; i++) {
            double lat = r.nextDouble() * 180 - 90;
            double lon = r.nextDouble() * 360 - 180;
            int w = 400 + r.nextInt(900);
            int h = (int) (w * (0.5 + r.nextDouble() * 0.8));
            BufferedImage img = TestImages.demo(w, h, lat, lon, i);

            BufferedImage jpeg = TestImages.decode(TestImages.jpeg(img, 0.7f));
            assertDecodes(jpeg, lat, lon);

            BufferedImage small = TestImages.resize(img, 160);
            assertDecodes(small, lat, lon);

            // both, in the order a pipeline would do them: shrink, then compress
            BufferedImage smallJpeg = TestImages.decode(TestImages.jpeg(TestImages.resize(jpeg, 160), 0.7f));
            assertDecodes(smallJpeg, lat, lon);
        }
    }

    @Test
    void otherImageFormatsWork() {
        BufferedImage img = TestImages.demo(480, 360, 35.6762, 139.6503, 3);
        assertDecodes(TestImages.decode(TestImages.encode(img, "bmp")), 35.6762, 139.6503);
        assertDecodes(TestImages.decode(TestImages.encode(img, "gif")), 35.6762, 139.6503);
    }

    @Test
    void noStripMeansNoLocation() {
        int found = 0;
        for (int i = 0; i < 200; i++) {
            if (CodeStrip.read(TestImages.scene(320, 240, i)).isPresent()) {
                found++;
            }
        }
        // a random bottom passes an 8-bit CRC about once in 256 tries
        assertTrue(found <= 3, "random scenes decoded as strips: " + found);
    }

    @Test
    void aFlippedBitFailsTheCrc() {
        long bits = CodeStrip.bits(LocationCode.of(51.5007, -0.1246));
        for (int bit = 0; bit < 48; bit++) {
            BufferedImage img = TestImages.scene(480, 360, bit);
            CodeStrip.paintBits(img, bits ^ (1L << bit));
            assertTrue(CodeStrip.read(img).isEmpty(), "flipped bit " + bit + " went unnoticed");
        }
    }

    @Test
    void blankAndTinyImagesCarryNoLocation() {
        BufferedImage white = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        var g = white.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        assertTrue(CodeStrip.read(white).isEmpty(), "an all-white strip would claim (-90, -180)");
        assertTrue(CodeStrip.read(new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB)).isEmpty(), "all black");
        assertTrue(CodeStrip.read(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB)).isEmpty(), "tiny");
    }

    @Test
    void codesMapBackToThePoint() {
        LocationCode c = LocationCode.of(-12.0464, -77.0428);
        assertEquals(-12.0464, c.toPoint().latitude(), LAT_STEP);
        assertEquals(-77.0428, c.toPoint().longitude(), LON_STEP);
        assertEquals(new GeoPoint(-90, -180), new LocationCode(0, 0).toPoint());
        assertEquals(new GeoPoint(90, 180), new LocationCode(LocationCode.MAX_CODE, LocationCode.MAX_CODE).toPoint());
    }

    private static void assertDecodes(BufferedImage img, double lat, double lon) {
        Optional<LocationCode> code = CodeStrip.read(img);
        assertTrue(code.isPresent(), "no strip read from " + img.getWidth() + "x" + img.getHeight() + " at " + lat + "," + lon);
        assertEquals(LocationCode.latitudeCode(lat), code.get().latitudeCode());
        assertEquals(LocationCode.longitudeCode(lon), code.get().longitudeCode());
        assertEquals(lat, code.get().toPoint().latitude(), LAT_STEP / 2 + 1e-9);
        assertEquals(lon, code.get().toPoint().longitude(), LON_STEP / 2 + 1e-9);
    }
}
