package io.placebench.inference.domain;

/**
 * Estimated image tokens by OpenAI's high-detail tile rule (gpt-4o family): fit inside 2048 x 2048, scale the
 * shortest side down to 768, count 512-px tiles; tokens = base + tiles x perTile (85 + 170 for gpt-4o).
 */
public final class ImageTokens {

    public static final int BASE = 85;
    public static final int PER_TILE = 170;

    private ImageTokens() {
    }

    public static long highDetail(int width, int height) {
        return highDetail(width, height, BASE, PER_TILE);
    }

    public static long highDetail(int width, int height, int base, int perTile) {
        if (width <= 0 || height <= 0) {
            return 0;
        }
        double w = width;
        double h = height;
        if (w > 2048 || h > 2048) {
            double s = 2048 / Math.max(w, h);
            w *= s;
            h *= s;
        }
        if (Math.min(w, h) > 768) {
            double s = 768 / Math.min(w, h);
            w *= s;
            h *= s;
        }
        long tiles = (long) Math.ceil(Math.floor(w) / 512) * (long) Math.ceil(Math.floor(h) / 512);
        return base + tiles * perTile;
    }
}
