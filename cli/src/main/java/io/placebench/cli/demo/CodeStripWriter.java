package io.placebench.cli.demo;

import java.awt.image.BufferedImage;

/**
 * Draws the location code strip of docs/formats.md into an image: the bottom sixth (rows from
 * {@code floor(H*5/6)}), 2 rows x 24 columns of cells, black = 1, white = 0; bits 0..19 the latitude code,
 * 20..39 the longitude code, 40..47 a CRC-8 (poly 0x07, init 0) over the 40 payload bits packed big-endian
 * into 5 bytes. Pure: no I/O.
 */
public final class CodeStripWriter {

    public static final int COLUMNS = 24;
    public static final int ROWS = 2;
    public static final int BITS = COLUMNS * ROWS;
    /** 2^20 - 1. */
    public static final int MAX_CODE = (1 << 20) - 1;

    private static final int BLACK = 0x000000;
    private static final int WHITE = 0xFFFFFF;

    private CodeStripWriter() {
    }

    public static int latitudeCode(double latitude) {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude must be in [-90, 90], got " + latitude);
        }
        return (int) Math.round((latitude + 90) / 180 * MAX_CODE);
    }

    public static int longitudeCode(double longitude) {
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be in [-180, 180], got " + longitude);
        }
        return (int) Math.round((longitude + 180) / 360 * MAX_CODE);
    }

    /** The 48 bits of the strip, most significant (cell 0) first, in the low 48 bits of the result. */
    public static long bits(double latitude, double longitude) {
        long payload = ((long) latitudeCode(latitude) << 20) | longitudeCode(longitude);
        byte[] bytes = new byte[5];
        for (int k = 0; k < 5; k++) {
            bytes[k] = (byte) (payload >>> (8 * (4 - k)));
        }
        return (payload << 8) | crc8(bytes);
    }

    /** CRC-8, polynomial 0x07, initial value 0, no reflection, no final xor. */
    public static int crc8(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
            }
        }
        return crc;
    }

    /** First row of the strip. */
    public static int stripTop(int height) {
        return (int) Math.floor(height * 5.0 / 6.0);
    }

    /** Paints the strip over the bottom sixth of {@code image}. */
    public static void draw(BufferedImage image, double latitude, double longitude) {
        int w = image.getWidth();
        int h = image.getHeight();
        int y0 = stripTop(h);
        if (w < COLUMNS || h - y0 < ROWS) {
            throw new IllegalArgumentException("image too small for a code strip: " + w + "x" + h);
        }
        long bits = bits(latitude, longitude);
        for (int y = y0; y < h; y++) {
            // the cell whose span [y0 + (h-y0)*r/2, y0 + (h-y0)*(r+1)/2) holds this pixel's centre
            int row = Math.min(ROWS - 1, (int) Math.floor((y + 0.5 - y0) * ROWS / (h - y0)));
            for (int x = 0; x < w; x++) {
                int col = Math.min(COLUMNS - 1, (int) Math.floor((x + 0.5) * COLUMNS / w));
                int cell = row * COLUMNS + col;
                boolean one = ((bits >>> (BITS - 1 - cell)) & 1L) == 1L;
                image.setRGB(x, y, one ? BLACK : WHITE);
            }
        }
    }
}
