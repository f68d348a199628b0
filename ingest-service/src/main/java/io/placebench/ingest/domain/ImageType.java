package io.placebench.ingest.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The image formats the store accepts, recognised by their signature ("magic bytes"), never by a file name or
 * a client's Content-Type: JPEG ({@code FF D8 FF}), PNG ({@code 89 'PNG' 0D 0A 1A 0A}), GIF ({@code GIF87a} or
 * {@code GIF89a}) and WebP ({@code RIFF} + 4 size bytes + {@code WEBP}).
 */
public enum ImageType {
    JPEG("image/jpeg"),
    PNG("image/png"),
    GIF("image/gif"),
    WEBP("image/webp");

    /** How many leading bytes {@link #sniff(byte[], int)} needs at most. */
    public static final int SIGNATURE_BYTES = 12;

    /** The reason given for anything else. */
    public static final String UNSUPPORTED = "unsupported image type (expected JPEG, PNG, GIF or WebP)";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private final String mediaType;

    ImageType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<ImageType> sniff(byte[] bytes) {
        return sniff(bytes, bytes.length);
    }

    /** Identifies the type from the first {@code length} bytes of {@code head}. */
    public static Optional<ImageType> sniff(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (n >= PNG_SIGNATURE.length && Arrays.equals(head, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0,
                PNG_SIGNATURE.length)) {
            return Optional.of(PNG);
        }
        if (n >= 6 && ascii(head, 0, "GIF87a") || n >= 6 && ascii(head, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (n >= 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    public static Optional<ImageType> fromMediaType(String mediaType) {
        return Arrays.stream(values()).filter(t -> t.mediaType.equalsIgnoreCase(mediaType)).findFirst();
    }

    private static boolean ascii(byte[] bytes, int offset, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[offset + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
