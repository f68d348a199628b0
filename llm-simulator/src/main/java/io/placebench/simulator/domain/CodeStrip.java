package io.placebench.simulator.domain;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * The location code strip of demo images (docs/formats.md), both ways: the bottom sixth of the image holds
 * 2 x 24 cells, black = 1, white = 0, 20 bits latitude code, 20 bits longitude code, then a CRC-8 over the 40
 * payload bits. {@link #paint} writes the pixels exactly as the cli's demo generator does (each pixel takes the
 * cell its centre lies in); {@link #read} averages the central half of each cell, so that it survives JPEG and
 * downscaling. Pure: no I/O, no state.
 */
public final class CodeStrip {

    public static final int COLUMNS = 24;
    public static final int ROWS = 2;
    public static final int BITS = COLUMNS * ROWS;

    private static final int BLACK = 0x000000;
    private static final int WHITE = 0xFFFFFF;

    private CodeStrip() {
    }

    /** First row of the strip: floor(H*5/6). */
    public static int stripTop(int height) {
        return (int) Math.floor(height * 5.0 / 6.0);
    }

    /** The 48 bits of the strip, most significant (cell 0) first, in the low 48 bits of the result. */
    public static long bits(LocationCode code) {
        long payload = code.payload();
        return (payload << 8) | LocationCode.crc8(payloadBytes(payload));
    }

    /** Paints the strip of {@code code} over the bottom sixth of {@code image}. */
    public static void paint(BufferedImage image, LocationCode code) {
        paintBits(image, bits(code));
    }

    /** Paints any 48 bits (tests use it to paint a strip with a wrong CRC). */
    public static void paintBits(BufferedImage image, long bits) {
        int w = image.getWidth();
        int h = image.getHeight();
        int y0 = stripTop(h);
        if (w < COLUMNS || h - y0 < ROWS) {
            throw new IllegalArgumentException("image too small for a code strip: " + w + "x" + h);
        }
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

    /** The code carried by the image, or empty when there is no strip (CRC mismatch, image too small). */
    public static Optional<LocationCode> read(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int y0 = stripTop(h);
        if (w < COLUMNS || h - y0 < ROWS) {
            return Optional.empty();
        }
        long bits = 0;
        for (int i = 0; i < BITS; i++) {
            int row = i / COLUMNS;
            int col = i % COLUMNS;
            double left = w * (double) col / COLUMNS;
            double right = w * (double) (col + 1) / COLUMNS;
            double top = y0 + (h - y0) * (double) row / ROWS;
            double bottom = y0 + (h - y0) * (double) (row + 1) / ROWS;
            double lum = centralLuminance(image, left, right, top, bottom);
            bits = (bits << 1) | (lum < 128 ? 1 : 0);
        }
        // An all-white strip would pass the CRC (CRC of zero bytes is 0) and claim (-90, -180); a blank or
        // overexposed photo bottom is far likelier than a demo image at that exact corner, so reject it.
        if (bits == 0) {
            return Optional.empty();
        }
        long payload = bits >>> 8;
        int crc = (int) (bits & 0xff);
        if (LocationCode.crc8(payloadBytes(payload)) != crc) {
            return Optional.empty();
        }
        return Optional.of(LocationCode.ofPayload(payload));
    }

    /** The 40 payload bits packed big-endian into 5 bytes, as the CRC covers them. */
    private static byte[] payloadBytes(long payload) {
        byte[] bytes = new byte[5];
        for (int k = 0; k < 5; k++) {
            bytes[k] = (byte) (payload >>> (8 * (4 - k)));
        }
        return bytes;
    }

    /** Mean luminance over the central half of a cell (both directions), ignoring edges blurred by compression. */
    private static double centralLuminance(BufferedImage image, double left, double right, double top, double bottom) {
        double cw = right - left;
        double ch = bottom - top;
        int x1 = pixelFrom(left + cw / 4);
        int x2 = pixelTo(right - cw / 4, x1);
        int y1 = pixelFrom(top + ch / 4);
        int y2 = pixelTo(bottom - ch / 4, y1);
        double sum = 0;
        int n = 0;
        for (int y = y1; y < y2 && y < image.getHeight(); y++) {
            for (int x = x1; x < x2 && x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                sum += 0.299 * r + 0.587 * g + 0.114 * b;
                n++;
            }
        }
        return n == 0 ? 255 : sum / n;
    }

    /** First pixel whose centre lies at or after {@code edge}. */
    private static int pixelFrom(double edge) {
        return (int) Math.ceil(edge - 0.5);
    }

    /** One past the last pixel whose centre lies before {@code edge}; at least one pixel. */
    private static int pixelTo(double edge, int from) {
        return Math.max(from + 1, (int) Math.ceil(edge - 0.5));
    }
}
