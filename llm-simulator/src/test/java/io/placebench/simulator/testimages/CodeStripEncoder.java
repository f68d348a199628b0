package io.placebench.simulator.testimages;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Test-only encoder written straight from docs/formats.md (independently of the reader, CRC included) so
 * that the reader is checked against the spec rather than against itself.
 */
public final class CodeStripEncoder {

    private static final int MAX = (1 << 20) - 1;

    private CodeStripEncoder() {
    }

    public static int latitudeCode(double lat) {
        return (int) Math.round((lat + 90) / 180 * MAX);
    }

    public static int longitudeCode(double lon) {
        return (int) Math.round((lon + 180) / 360 * MAX);
    }

    /** The 48 bits, most significant first, in the low bits of a long. */
    public static long bits(double lat, double lon) {
        long payload = ((long) latitudeCode(lat) << 20) | longitudeCode(lon);
        byte[] bytes = new byte[5];
        for (int k = 0; k < 5; k++) {
            bytes[k] = (byte) (payload >>> (32 - 8 * k));
        }
        return (payload << 8) | crc8(bytes);
    }

    /** CRC-8/SMBUS: poly 0x07, init 0, no reflection, no xorout (check value of "123456789" is 0xF4). */
    public static int crc8(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean top = ((crc >> 7) & 1) != ((b >> bit) & 1);
                crc = (crc << 1) & 0xff;
                if (top) {
                    crc ^= 0x07;
                }
            }
        }
        return crc;
    }

    /** Paints the strip over the bottom sixth of {@code img}. */
    public static void paint(BufferedImage img, double lat, double lon) {
        paintBits(img, bits(lat, lon));
    }

    public static void paintBits(BufferedImage img, long bits) {
        int w = img.getWidth();
        int h = img.getHeight();
        int y0 = (int) Math.floor(h * 5.0 / 6.0);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 48; i++) {
            int row = i / 24;
            int col = i % 24;
            boolean one = ((bits >>> (47 - i)) & 1) == 1;
            int x1 = (int) Math.round(w * col / 24.0);
            int x2 = (int) Math.round(w * (col + 1) / 24.0);
            int y1 = (int) Math.round(y0 + (h - y0) * row / 2.0);
            int y2 = (int) Math.round(y0 + (h - y0) * (row + 1) / 2.0);
            g.setColor(one ? Color.BLACK : Color.WHITE);
            g.fillRect(x1, y1, x2 - x1, y2 - y1);
        }
        g.dispose();
    }
}
