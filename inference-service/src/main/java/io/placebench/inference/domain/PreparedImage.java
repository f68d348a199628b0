package io.placebench.inference.domain;

import java.util.Base64;

/**
 * The image as it is sent to a model: metadata-free bytes in {@code mediaType} (image/jpeg or image/png), its
 * size in pixels and bytes, its sha256, and the size of the source it was made from.
 */
public record PreparedImage(byte[] data, String mediaType, int width, int height, String sha256, int sourceWidth,
        int sourceHeight) {

    public PreparedImage(byte[] jpeg, int width, int height, String sha256, int sourceWidth, int sourceHeight) {
        this(jpeg, "image/jpeg", width, height, sha256, sourceWidth, sourceHeight);
    }

    public int bytes() {
        return data.length;
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(data);
    }

    public String dataUrl() {
        return "data:" + mediaType + ";base64," + base64();
    }
}
