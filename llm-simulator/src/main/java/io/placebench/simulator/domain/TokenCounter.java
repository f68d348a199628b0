package io.placebench.simulator.domain;

/**
 * Plausible, deterministic token counts: about four characters per text token, and OpenAI's tile rule for
 * images (the gpt-4o family: 85 base + 170 per 512 px tile).
 */
public final class TokenCounter {

    public static final int IMAGE_BASE_TOKENS = 85;
    public static final int IMAGE_TILE_TOKENS = 170;
    /** Chat format overhead per message and for priming the assistant reply, as OpenAI's cookbook counts. */
    public static final int PER_MESSAGE_TOKENS = 3;
    public static final int REPLY_PRIMING_TOKENS = 3;

    private TokenCounter() {
    }

    /** About chars/4, rounded up; empty text is 0 tokens. */
    public static int textTokens(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return (text.length() + 3) / 4;
    }

    /**
     * Image tokens by the tile rule: {@code low} detail costs the base only; otherwise fit the image inside
     * 2048x2048, scale it down so the shorter side is at most 768, and count 512 px tiles.
     */
    public static int imageTokens(int width, int height, String detail) {
        if ("low".equals(detail)) {
            return IMAGE_BASE_TOKENS;
        }
        double w = width;
        double h = height;
        double fit = Math.min(1.0, 2048.0 / Math.max(w, h));
        w *= fit;
        h *= fit;
        double shortSide = Math.min(w, h);
        if (shortSide > 768) {
            double s = 768.0 / shortSide;
            w *= s;
            h *= s;
        }
        return IMAGE_BASE_TOKENS + IMAGE_TILE_TOKENS * tilesAlong(w) * tilesAlong(h);
    }

    /**
     * Anthropic's rule: an image over 1568 px on the long edge or over about 1.15 megapixels is scaled down
     * first (aspect kept); then tokens = ceil(width x height / 750).
     */
    public static int anthropicImageTokens(int width, int height) {
        double w = width;
        double h = height;
        double scale = Math.min(1.0, Math.min(1568.0 / Math.max(w, h), Math.sqrt(1_150_000.0 / (w * h))));
        long sw = Math.max(1, Math.round(w * scale));
        long sh = Math.max(1, Math.round(h * scale));
        return (int) Math.ceil(sw * sh / 750.0);
    }

    /** Gemini's rule: 258 tokens when both sides are at most 384 px, else 258 per 768 x 768 tile. */
    public static int geminiImageTokens(int width, int height) {
        if (width <= 384 && height <= 384) {
            return 258;
        }
        return 258 * (int) Math.ceil(width / 768.0) * (int) Math.ceil(height / 768.0);
    }

    /** 512 px tiles needed along one side; rounding first keeps 768.0000001 from costing an extra tile. */
    private static int tilesAlong(double side) {
        double rounded = Math.round(side * 1000) / 1000.0;
        return Math.max(1, (int) Math.ceil(rounded / 512));
    }
}
