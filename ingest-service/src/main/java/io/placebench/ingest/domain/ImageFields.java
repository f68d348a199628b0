package io.placebench.ingest.domain;

import java.util.List;
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
}
