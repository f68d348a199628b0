package io.placebench.inference.domain;

/** The image as it is sent to a model: a metadata-free JPEG, its size in pixels and bytes, and its sha256. */
public record PreparedImage(byte[] jpeg, int width, int height, String sha256, int sourceWidth, int sourceHeight) {

    public static final String MEDIA_TYPE = "image/jpeg";

    public int bytes() {
        return jpeg.length;
    }

    public String dataUrl() {
        return "data:" + MEDIA_TYPE + ";base64," + java.util.Base64.getEncoder().encodeToString(jpeg);
    }
}
