package io.placebench.ingest.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks shared by manifest rows and single uploads: image id, coordinates, image bytes. */
public final class ImageFields {

    public static final int MAX_ID_LENGTH = 255;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private ImageFields() {
    }

    /** The trimmed value, or null when absent or blank. */
    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** Why {@code id} (already trimmed) is not a valid image id, or empty when it is. */
    public static Optional<Problem> checkImageId(String field, String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of(new Problem(field, id, field + " is required"));
        }
        if (id.length() > MAX_ID_LENGTH) {
            return Optional.of(new Problem(field, id, field + " is longer than " + MAX_ID_LENGTH + " characters"));
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(new Problem(field, id, field + " must not contain control characters"));
        }
        return Optional.empty();
    }

    /**
     * Parses a latitude ({@code limit} 90) or longitude ({@code limit} 180) written as a plain decimal number;
     * returns null and adds a problem when it is missing, not a number or out of range.
     */
    public static Double coordinate(String field, String raw, double limit, List<Problem> problems) {
        String value = clean(raw);
        if (value == null) {
            problems.add(new Problem(field, raw, field + " is required"));
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            problems.add(new Problem(field, raw, field + " is not a number"));
            return null;
        }
        double parsed = Double.parseDouble(value);
        if (!(parsed >= -limit && parsed <= limit)) {
            problems.add(new Problem(field, raw, field + " must be between " + (int) -limit + " and " + (int) limit));
            return null;
        }
        return parsed;
    }

    /**
     * Checks the size of an image and identifies its type from its first bytes; returns null and adds a
     * problem naming {@code field} when it is empty, above {@code maxBytes} or not a supported image.
     */
    public static ImageType image(String field, String value, long sizeBytes, byte[] head, int headLength,
            long maxBytes, List<Problem> problems) {
        if (sizeBytes == 0) {
            problems.add(new Problem(field, value, "file is empty"));
            return null;
        }
        if (sizeBytes > maxBytes) {
            problems.add(new Problem(field, value, "file is " + sizeBytes + " bytes, above the limit of " + maxBytes
                    + " bytes"));
            return null;
        }
        Optional<ImageType> type = ImageType.sniff(head, headLength);
        if (type.isEmpty()) {
            problems.add(new Problem(field, value, ImageType.UNSUPPORTED));
            return null;
        }
        return type.get();
    }

    /** The value as an absolute http(s) URL with a host, or empty. */
    public static Optional<URI> httpUrl(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && !uri.getHost().isEmpty() && uri.getRawUserInfo() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // not a URL
        }
        return Optional.empty();
    }

    /**
     * Checks that the whole image is at least structurally readable: the frame header a decoder needs first is
     * present (JPEG: a start-of-frame segment reached by walking the segments; PNG: the IHDR chunk with a
     * non-zero size; GIF: a non-zero logical screen; WebP: a VP8, VP8L or VP8X chunk). Adds a problem naming
     * {@code field} and returns false when not. Pixels are not decoded.
     */
    public static boolean readable(String field, String value, ImageType type, byte[] bytes, List<Problem> problems) {
        String missing = switch (type) {
            case JPEG -> jpegFrame(bytes) ? null : "JPEG without a frame header";
            case PNG -> bytes.length >= 24 && ascii(bytes, 12, "IHDR") && int32(bytes, 16) > 0 && int32(bytes, 20) > 0
                    ? null : "PNG without a valid IHDR chunk";
            case GIF -> bytes.length >= 10 && ((bytes[6] & 0xFF) | (bytes[7] & 0xFF) << 8) > 0
                    && ((bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8) > 0 ? null : "GIF without a logical screen size";
            case WEBP -> bytes.length >= 16 && (ascii(bytes, 12, "VP8 ") || ascii(bytes, 12, "VP8L")
                    || ascii(bytes, 12, "VP8X")) ? null : "WebP without an image chunk";
        };
        if (missing != null) {
            problems.add(new Problem(field, value, "unreadable image: truncated or corrupt (" + missing + ")"));
            return false;
        }
        return true;
    }

    /** Walks JPEG marker segments from SOI until a start-of-frame marker (SOF0..SOF15 but DHT, JPG, DAC). */
    private static boolean jpegFrame(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return false;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return i + 9 <= b.length;
            }
            if (marker == 0xD9 || marker == 0xDA) { // end of image, or scan data before any frame
                return false;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // segments without a length
                i += 2;
                continue;
            }
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (length < 2) {
                return false;
            }
            i += 2 + length;
        }
        return false;
    }

    private static boolean ascii(byte[] bytes, int offset, String text) {
        if (bytes.length < offset + text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[offset + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long int32(byte[] b, int offset) {
        return ((long) (b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
                | (b[offset + 3] & 0xFF);
    }
}
