package io.placebench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Small real images written with ImageIO (the colour makes each one's bytes, and SHA-256, different), camera-like
 * metadata (EXIF with orientation and GPS, XMP, a comment) and checks that a JPEG carries none.
 */
public final class TestImages {

    private TestImages() {
    }

    /** Writes a 32x24 image in {@code format} ("jpg", "png" or "gif") filled with {@code rgb}. */
    public static Path write(Path file, String format, int rgb) {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, 32, 24);
        g.setColor(Color.WHITE);
        g.fillRect(4, 4, 8, 8);
        g.dispose();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The smallest file WebP sniffing recognises: RIFF, a size, WEBP, then a VP8 chunk header. */
    public static byte[] webpHeader() {
        return new byte[] {'R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 0, 0, 0, 0};
    }

    /** A {@code width} x {@code height} JPEG, red on the left half and blue on the right (orientation shows). */
    public static byte[] halves(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Camera make written into the EXIF of {@link #withMetadata}: it must never leave the service. */
    public static final String CAMERA_MAKE = "LeakyCam";
    /** XMP and comment text written by {@link #withMetadata}. */
    public static final String XMP_NAMESPACE = "http://ns.adobe.com/xap/1.0/";
    public static final String COMMENT = "shot at 48.8584 N 2.2945 E";
    /** GPS latitude (48/1, 51/1, 3030/100) and longitude (2/1, 17/1, 4020/100) as big-endian rationals. */
    public static final byte[] GPS_LATITUDE = rationals(48, 1, 51, 1, 3030, 100);
    public static final byte[] GPS_LONGITUDE = rationals(2, 1, 17, 1, 4020, 100);

    /**
     * The JPEG with metadata after SOI (in place of its JFIF header), as a camera would write it: an EXIF APP1 segment (big-endian
     * TIFF; IFD0 with Make, Orientation = {@code orientation} and a GPS IFD pointer; the GPS IFD with latitude and
     * longitude and their N/E references), an XMP APP1 segment and a comment.
     */
    public static byte[] withMetadata(byte[] jpeg, int orientation) {
        return withMetadata(jpeg, orientation, false);
    }

    /** As {@link #withMetadata(byte[], int)}, in little-endian ("II") TIFF when {@code littleEndian}. */
    public static byte[] withMetadata(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        byte[] exif = exif(orientation, littleEndian);
        segment(out, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exif));
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" exif:GPSLatitude=\"48,51.505N\""
                + " xmlns:exif=\"http://ns.adobe.com/exif/1.0/\"/></rdf:RDF></x:xmpmeta>";
        segment(out, 0xE1, concat((XMP_NAMESPACE + "\0").getBytes(StandardCharsets.ISO_8859_1),
                xmp.getBytes(StandardCharsets.UTF_8)));
        segment(out, 0xFE, COMMENT.getBytes(StandardCharsets.ISO_8859_1));
        int rest = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) { // a camera's file has EXIF instead of JFIF
            rest += 2 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
        }
        out.write(jpeg, rest, jpeg.length - rest);
        return out.toByteArray();
    }

    /** A TIFF structure: header, IFD0 (Make, Orientation, GPS pointer), GPS IFD (4 tags), then the values. */
    private static byte[] exif(int orientation, boolean little) {
        byte[] make = (CAMERA_MAKE + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int ifd0 = 8;
        int ifd0Size = 2 + 3 * 12 + 4;
        int gpsIfd = ifd0 + ifd0Size;
        int gpsSize = 2 + 4 * 12 + 4;
        int makeAt = gpsIfd + gpsSize;
        int latAt = makeAt + make.length;
        int lonAt = latAt + 24;
        Tiff t = new Tiff(little);
        t.raw(little ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'}).u16(42).u32(ifd0);
        t.u16(3);
        t.u16(0x010F).u16(2).u32(make.length).u32(makeAt);           // Make, ASCII
        t.u16(0x0112).u16(3).u32(1).u16(orientation).u16(0);         // Orientation, SHORT
        t.u16(0x8825).u16(4).u32(1).u32(gpsIfd);                     // GPS IFD pointer, LONG
        t.u32(0);
        t.u16(4);
        t.u16(0x0001).u16(2).u32(2).raw(new byte[] {'N', 0, 0, 0});  // GPSLatitudeRef
        t.u16(0x0002).u16(5).u32(3).u32(latAt);                      // GPSLatitude, 3 RATIONAL
        t.u16(0x0003).u16(2).u32(2).raw(new byte[] {'E', 0, 0, 0});  // GPSLongitudeRef
        t.u16(0x0004).u16(5).u32(3).u32(lonAt);                      // GPSLongitude, 3 RATIONAL
        t.u32(0);
        t.raw(make);
        t.raw(little ? reverseRationals(GPS_LATITUDE) : GPS_LATITUDE);
        t.raw(little ? reverseRationals(GPS_LONGITUDE) : GPS_LONGITUDE);
        return t.out.toByteArray();
    }

    /** Writes TIFF numbers in one byte order. */
    private static final class Tiff {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final boolean little;

        Tiff(boolean little) {
            this.little = little;
        }

        Tiff u16(int v) {
            return little ? raw(new byte[] {(byte) v, (byte) (v >> 8)}) : raw(new byte[] {(byte) (v >> 8), (byte) v});
        }

        Tiff u32(long v) {
            return little ? u16((int) (v & 0xFFFF)).u16((int) (v >>> 16)) : u16((int) (v >>> 16)).u16((int) (v & 0xFFFF));
        }

        Tiff raw(byte[] bytes) {
            out.write(bytes, 0, bytes.length);
            return this;
        }
    }

    private static byte[] rationals(int... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            b[i * 4] = (byte) (values[i] >>> 24);
            b[i * 4 + 1] = (byte) (values[i] >>> 16);
            b[i * 4 + 2] = (byte) (values[i] >>> 8);
            b[i * 4 + 3] = (byte) values[i];
        }
        return b;
    }

    private static byte[] reverseRationals(byte[] bigEndian) {
        byte[] b = new byte[bigEndian.length];
        for (int i = 0; i < b.length; i += 4) {
            for (int j = 0; j < 4; j++) {
                b[i + j] = bigEndian[i + 3 - j];
            }
        }
        return b;
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
        int length = payload.length + 2;
        out.write(0xFF);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(payload, 0, payload.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * The marker segments of a JPEG in order (e.g. {@code [D8, E0, DB, C0, C4, DA, D9]}), checking that nothing
     * follows the scan but its entropy-coded data (stuffed {@code FF 00} and restart markers) and EOI.
     */
    public static List<Integer> markers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        if ((jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new AssertionError("not a JPEG: no SOI");
        }
        markers.add(0xD8);
        int i = 2;
        while (true) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                throw new AssertionError("no marker at byte " + i);
            }
            int marker = jpeg[i + 1] & 0xFF;
            markers.add(marker);
            int length = (jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF;
            i += 2 + length;
            if (marker == 0xDA) {
                break;
            }
        }
        for (; i < jpeg.length - 1; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF) {
                int next = jpeg[i + 1] & 0xFF;
                if (next == 0xD9 && i + 2 == jpeg.length) {
                    markers.add(0xD9);
                    return markers;
                }
                if (next != 0x00 && (next < 0xD0 || next > 0xD7)) {
                    throw new AssertionError(String.format("marker FF%02X inside or after the scan at byte %d", next, i));
                }
            }
        }
        throw new AssertionError("no EOI at the end");
    }

    /** Whether {@code bytes} contains {@code part}. */
    public static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Only SOI, JFIF APP0, DQT, SOF0, DHT, SOS, EOI; no EXIF, GPS, camera make, XMP or comment bytes. */
    public static void assertMetadataFree(byte[] jpeg) {
        List<Integer> markers = markers(jpeg);
        for (int marker : markers) {
            assertTrue(List.of(0xD8, 0xE0, 0xDB, 0xC0, 0xC4, 0xDA, 0xD9).contains(marker),
                    String.format("unexpected marker FF%02X in %s", marker, markers));
        }
        int frame = markers.stream().filter(m -> m >= 0xC0 && m <= 0xCF && m != 0xC4).findFirst().orElseThrow();
        assertEquals(0xC0, frame, "a baseline frame (SOF0)");
        assertTrue(contains(jpeg, "JFIF\0".getBytes(StandardCharsets.ISO_8859_1)), "a plain JFIF header");
        for (String leak : List.of("Exif\0\0", CAMERA_MAKE, "http://ns.adobe.com/xap", "xmpmeta",
                COMMENT, "ICC_PROFILE")) {
            assertFalse(contains(jpeg, leak.getBytes(StandardCharsets.ISO_8859_1)), leak);
        }
        assertFalse(contains(jpeg, GPS_LATITUDE), "GPS latitude");
        assertFalse(contains(jpeg, GPS_LONGITUDE), "GPS longitude");
    }

    /** The JPEG cut right after its frame header, then EOI: accepted by ingest's upload check, decodes to nothing. */
    public static byte[] framedButEmpty(byte[] jpeg) {
        int i = 2;
        while (true) {
            int marker = jpeg[i + 1] & 0xFF;
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF);
            if (marker == 0xC0) {
                byte[] cut = Arrays.copyOf(jpeg, i + 2);
                cut[i] = (byte) 0xFF;
                cut[i + 1] = (byte) 0xD9;
                return cut;
            }
        }
    }
}
