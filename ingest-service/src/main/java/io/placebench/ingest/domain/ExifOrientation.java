package io.placebench.ingest.domain;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;

/**
 * The EXIF Orientation tag (0x0112) of a JPEG and the turn it asks for, so that a photo shot sideways is shown
 * upright once its metadata is gone. Reading walks the marker segments before the frame and looks only at an
 * {@code Exif\0\0} APP1 segment (at most 64 KiB is held); anything missing or malformed answers 1 (upright):
 * orientation is a courtesy, never an error.
 */
public final class ExifOrientation {

    /** Upright: nothing to do. */
    public static final int UPRIGHT = 1;

    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    /** The orientation (1..8) of the JPEG read from {@code jpeg}, 1 when it has none or is not a JPEG. */
    public static int read(InputStream jpeg) {
        try {
            return find(jpeg);
        } catch (IOException | RuntimeException e) {
            return UPRIGHT;
        }
    }

    private static int find(InputStream in) throws IOException {
        if (in.read() != 0xFF || in.read() != 0xD8) {
            return UPRIGHT;
        }
        while (true) {
            if (in.read() != 0xFF) {
                return UPRIGHT;
            }
            int marker = in.read();
            while (marker == 0xFF) { // fill bytes
                marker = in.read();
            }
            if (marker < 0 || marker == 0xD9 || marker == 0xDA) { // end of data, end of image, start of scan
                return UPRIGHT;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) { // segments without a length
                continue;
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return UPRIGHT; // the frame header: EXIF comes before it
            }
            int high = in.read();
            int low = in.read();
            if (high < 0 || low < 0) {
                return UPRIGHT;
            }
            int length = (high << 8 | low) - 2;
            if (length < 0) {
                return UPRIGHT;
            }
            if (marker == 0xE1) {
                byte[] payload = in.readNBytes(length);
                if (payload.length < length) {
                    return UPRIGHT;
                }
                int orientation = fromApp1(payload);
                if (orientation != 0) {
                    return orientation;
                }
            } else {
                in.skipNBytes(length);
            }
        }
    }

    /**
     * The orientation in an APP1 payload (after the segment length): 1..8 when it is EXIF with an Orientation
     * tag in IFD0 (a value outside 1..8 counts as 1), 0 when it is not EXIF or has no such tag.
     */
    static int fromApp1(byte[] b) {
        if (b.length < 14 || b[0] != 'E' || b[1] != 'x' || b[2] != 'i' || b[3] != 'f' || b[4] != 0 || b[5] != 0) {
            return 0;
        }
        int tiff = 6;
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        long ifdOffset = u32(b, tiff + 4, little);
        if (ifdOffset < 8 || tiff + ifdOffset + 2 > b.length) {
            return 0;
        }
        int ifd = (int) (tiff + ifdOffset);
        int entries = u16(b, ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + i * 12;
            if (entry + 12 > b.length) {
                return 0;
            }
            if (u16(b, entry, little) == TAG_ORIENTATION) {
                int value = u16(b, entry + 8, little); // SHORT, count 1: the value sits in the entry itself
                return value >= 1 && value <= 8 ? value : UPRIGHT;
            }
        }
        return 0;
    }

    /** Whether an orientation turns the image by a quarter (5..8): its width and height swap. */
    public static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * The image as it should be shown for {@code orientation}: 2 mirrored, 3 turned 180°, 4 flipped, 5
     * transposed, 6 turned 90° clockwise, 7 transversed, 8 turned 90° counter-clockwise; 1 (or anything outside
     * 1..8) returns the image itself. The result is {@link BufferedImage#TYPE_INT_RGB}.
     */
    public static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= UPRIGHT || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int outW = swapsSides(orientation) ? h : w;
        int outH = swapsSides(orientation) ? w : h;
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

    private static int u16(byte[] b, int at, boolean little) {
        int x = b[at] & 0xFF;
        int y = b[at + 1] & 0xFF;
        return little ? y << 8 | x : x << 8 | y;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long first = u16(b, at, little);
        long second = u16(b, at + 2, little);
        return little ? second << 16 | first : first << 16 | second;
    }
}
