package io.placebench.scoring.domain.geo;

/**
 * Whose map decides disputed areas (docs/geocoder.md). {@link #ISO}, the default, follows ISO 3166-1 (Crimea in
 * UA, Kosovo in RS, Western Sahara EH, Northern Cyprus in CY, Somaliland in SO). {@link #DE_FACTO} follows the
 * line of control Natural Earth draws (Crimea RU, Kosovo XK, Moroccan-held Western Sahara MA, Northern Cyprus and
 * Somaliland as entities without an ISO code).
 */
public enum GeoView {
    ISO(GeoDataFormat.VIEW_ISO),
    DE_FACTO(GeoDataFormat.VIEW_DE_FACTO);

    public final int index;

    GeoView(int index) {
        this.index = index;
    }

    public static GeoView parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return switch (t) {
            case "ISO" -> ISO;
            case "DE_FACTO", "DEFACTO" -> DE_FACTO;
            default -> throw new IllegalArgumentException("Unknown geocoder view '" + text + "' (iso or de-facto)");
        };
    }
}
