package io.placebench.simulator.domain;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Reads the location code strip of a demo image exactly as docs/formats.md specifies: the bottom sixth of
 * the image holds 2 x 24 cells, black = 1, white = 0, 20 bits latitude code, 20 bits longitude code, then a
 * CRC-8 over the 40 payload bits. Pure: no I/O, no state.
 */
public final class CodeStripReader {

    static final int COLUMNS = 24;
    static final int ROWS = 2;
    static final int BITS = COLUMNS * ROWS;

    private CodeStripReader() {
    }

    /** The code carried by the image, or empty when there is no strip (CRC mismatch, image too small). */
    public static Optional<LocationCode> read(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int y0 = (int) Math.floor(h * 5.0 / 6.0);
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
        byte[] bytes = new byte[5];
        for (int k = 0; k < 5; k++) {
            bytes[k] = (byte) (payload >>> (8 * (4 - k)));
        }
        if (LocationCode.crc8(bytes) != crc) {
            return Optional.empty();
        }
        int latCode = (int) (payload >>> 20) & LocationCode.MAX_CODE;
        int lonCode = (int) payload & LocationCode.MAX_CODE;
        return Optional.of(new LocationCode(latCode, lonCode));
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
