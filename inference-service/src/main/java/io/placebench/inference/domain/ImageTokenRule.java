package io.placebench.inference.domain;

import java.util.Locale;

/**
 * How a provider counts the tokens of one image, for estimates before a run (the response's usage is what is
 * billed). Rules from the providers' vision docs:
 * <ul>
 * <li>{@code openai-tiles(base, tile)}: {@code low} detail costs the base; otherwise fit inside 2048 x 2048,
 * scale the shortest side down to 768, count 512-px tiles: base + tiles x tile (4o/4.1: 85/170, 4o-mini:
 * 2833/5667, o1/o3: 75/150);</li>
 * <li>{@code openai-patches(multiplier)}: 32-px patches, capped at 1536 (scaled down to fit), times the model's
 * multiplier (gpt-4.1-mini 1.62, gpt-4.1-nano 2.46, o4-mini 1.72); detail has no effect;</li>
 * <li>{@code anthropic}: scaled down to 1568 px on the long edge and about 1.15 MP, then w x h / 750;</li>
 * <li>{@code gemini}: 258 when both sides are at most 384 px, else 258 per 768 x 768 tile;</li>
 * <li>{@code together}: 560-px tiles, at most 2 x 2, 1601 tokens each;</li>
 * <li>{@code fixed(n)}: n per image (Gemini 3 media_resolution budgets, local servers).</li>
 * </ul>
 */
public record ImageTokenRule(String kind, double a, double b) {

    public static final ImageTokenRule OPENAI_4O = new ImageTokenRule("openai-tiles", 85, 170);
    public static final ImageTokenRule ANTHROPIC = new ImageTokenRule("anthropic", 0, 0);
    public static final ImageTokenRule GEMINI = new ImageTokenRule("gemini", 0, 0);
    public static final ImageTokenRule TOGETHER = new ImageTokenRule("together", 0, 0);

    public ImageTokenRule {
        kind = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "openai-tiles" -> {
                if (a <= 0 || b <= 0) {
                    throw new IllegalArgumentException("openai-tiles needs a positive base and tile, e.g. 85 and 170");
                }
            }
            case "openai-patches" -> {
                if (a <= 0) {
                    throw new IllegalArgumentException("openai-patches needs a positive multiplier, e.g. 1.62");
                }
            }
            case "fixed" -> {
                if (a < 0) {
                    throw new IllegalArgumentException("fixed needs a token count of at least 0");
                }
            }
            case "anthropic", "gemini", "together" -> {
            }
            default -> throw new IllegalArgumentException("unknown image token rule '" + kind
                    + "' (known: openai-tiles, openai-patches, anthropic, gemini, together, fixed)");
        }
    }

    /** The default rule of a wire format when the catalogue names none. */
    public static ImageTokenRule defaultFor(WireApi api) {
        return switch (api) {
            case ANTHROPIC -> ANTHROPIC;
            case GEMINI -> GEMINI;
            default -> OPENAI_4O;
        };
    }

    public long tokens(int width, int height, String detail) {
        if (width <= 0 || height <= 0) {
            return 0;
        }
        return switch (kind) {
            case "openai-tiles" -> "low".equals(detail) ? Math.round(a) : tiles(width, height, (long) a, (long) b);
            case "openai-patches" -> Math.round(patches(width, height) * a);
            case "anthropic" -> anthropic(width, height);
            case "gemini" -> width <= 384 && height <= 384 ? 258
                    : 258L * (long) Math.ceil(width / 768.0) * (long) Math.ceil(height / 768.0);
            case "together" -> 1601L * Math.min(2, (long) Math.ceil(width / 560.0)) * Math.min(2, (long) Math.ceil(height / 560.0));
            default -> Math.round(a); // fixed
        };
    }

    static long tiles(int width, int height, long base, long perTile) {
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
        return base + tilesAlong(w) * tilesAlong(h) * perTile;
    }

    private static long tilesAlong(double side) {
        double rounded = Math.round(side * 1000) / 1000.0;
        return Math.max(1, (long) Math.ceil(rounded / 512));
    }

    static long patches(int width, int height) {
        double w = width;
        double h = height;
        long patches = (long) Math.ceil(w / 32) * (long) Math.ceil(h / 32);
        if (patches <= 1536) {
            return patches;
        }
        double r = Math.sqrt(32.0 * 32.0 * 1536 / (w * h));
        r *= Math.min(Math.floor(w * r / 32) / (w * r / 32), Math.floor(h * r / 32) / (h * r / 32));
        return Math.min(1536, (long) Math.ceil(w * r / 32 - 1e-9) * (long) Math.ceil(h * r / 32 - 1e-9));
    }

    static long anthropic(int width, int height) {
        double w = width;
        double h = height;
        double scale = Math.min(1.0, Math.min(1568.0 / Math.max(w, h), Math.sqrt(1_150_000.0 / (w * h))));
        long sw = Math.max(1, Math.round(w * scale));
        long sh = Math.max(1, Math.round(h * scale));
        return (long) Math.ceil(sw * sh / 750.0);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case "openai-tiles" -> kind + "(" + (long) a + "," + (long) b + ")";
            case "openai-patches" -> kind + "(" + a + ")";
            case "fixed" -> kind + "(" + (long) a + ")";
            default -> kind;
        };
    }
}
