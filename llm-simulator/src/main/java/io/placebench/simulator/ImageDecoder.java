package io.placebench.simulator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Turns an image part into pixels (ImageIO: JPEG, PNG, GIF, BMP) and the SHA-256 of its bytes: a base64
 * {@code data:} URL (OpenAI formats) or raw base64 with a media type (Anthropic, Gemini). Remote URLs are
 * refused: the simulator never downloads anything.
 */
final class ImageDecoder {

    /** A decoded image part; {@code where} names it in error messages, e.g. messages[0].content[1]. */
    record DecodedImage(String where, String sha256, BufferedImage image, String detail, int byteCount) {
    }

    private static final Pattern DATA_URL = Pattern.compile("^data:([^;,]*)((?:;[^;,]*)*),(.*)$", Pattern.DOTALL);

    static {
        ImageIO.setUseCache(false); // decode in memory, no temp files
    }

    private ImageDecoder() {
    }

    static DecodedImage decode(SimRequest.ImagePart part) {
        if (part.url() != null) {
            return decode(part.where(), part.url(), part.detail());
        }
        String param = part.where() + ".data";
        return decodeBytes(part.where(), param, base64(part.base64(), part.where(), param), part.mediaType(), part.detail());
    }

    static DecodedImage decode(String where, String url, String detail) {
        String param = where + ".image_url.url";
        if (url.startsWith("http://") || url.startsWith("https://") || url.startsWith("gs://")) {
            throw ApiException.invalidRequest("The image at " + where + " is a remote URL; the simulator does not "
                    + "download images. Send it inline as base64 (data:image/jpeg;base64,...).", param,
                    "invalid_image_url");
        }
        Matcher m = DATA_URL.matcher(url);
        if (!m.matches() || !m.group(2).contains(";base64")) {
            throw ApiException.invalidRequest("Invalid image URL at " + where + ": expected a base64 data URL "
                    + "(data:image/jpeg;base64,...).", param, "invalid_image_url");
        }
        String mediaType = m.group(1).isEmpty() ? "unknown media type" : m.group(1);
        return decodeBytes(where, param, base64(m.group(3), where, param), mediaType, detail);
    }

    private static byte[] base64(String data, String where, String param) {
        try {
            return Base64.getDecoder().decode(data.replaceAll("\\s", "")); // tolerate line breaks only
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("Invalid base64 image data at " + where + ": " + e.getMessage(), param,
                    "invalid_image_url");
        }
    }

    private static DecodedImage decodeBytes(String where, String param, byte[] bytes, String mediaType, String detail) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (Exception | LinkageError e) { // corrupt data makes some ImageIO readers throw anything
            image = null;
        }
        if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
            throw ApiException.invalidRequest("The image at " + where + " (" + mediaType + ", " + bytes.length
                    + " bytes) could not be decoded: unsupported or corrupt image data. Supported formats: JPEG, "
                    + "PNG, GIF, BMP.", param, "invalid_image_format");
        }
        return new DecodedImage(where, sha256Hex(bytes), image, detail, bytes.length);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
