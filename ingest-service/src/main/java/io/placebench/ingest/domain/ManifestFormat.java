package io.placebench.ingest.domain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest layouts ingest reads without a conversion script. Each maps its own column names onto the
 * canonical fields ({@link #FIELDS}); every other column becomes an attribute. Column names match
 * case-insensitively. A request may override any field's column ({@code mapping}).
 *
 * <ul>
 * <li>{@link #GENERIC}: {@code id,file,latitude,longitude[,url,city,admin1,country]} — {@code file} relative to
 * the folder, or {@code url} (http/https, fetched by ingest) when {@code file} is blank.</li>
 * <li>{@link #IMAGEO}: IMAGEO-Bench {@code datasetN_info.csv} — {@code image_id}, {@code latitude},
 * {@code longitude}, {@code city}, {@code state} (admin1), {@code country}; images are found in the folder by
 * image id with any common extension (or by {@code img_path} when that file exists). Dataset 2 (US POIs, the
 * header has {@code gmap_id} and no {@code country}) gets country {@code United States}.</li>
 * <li>{@link #IM2GPS}: im2gps3k / YFCC4k / MP16 ({@code IMG_ID,LAT,LON,...}); {@code IMG_ID} is both the id and
 * the file path (found by its name without extension when the path does not exist).</li>
 * <li>{@link #OSV5M}: OSV-5M {@code test.csv} ({@code id,latitude,longitude,country,region,sub-region,city,...});
 * {@code region} is admin1; images found by id with any common extension, in any sub-folder.</li>
 * </ul>
 */
public enum ManifestFormat {
    GENERIC("generic", false, Map.of(
            "id", "id", "file", "file", "url", "url", "latitude", "latitude", "longitude", "longitude",
            "city", "city", "admin1", "admin1", "country", "country")),
    IMAGEO("imageo", true, Map.of(
            "id", "image_id", "file", "img_path", "latitude", "latitude", "longitude", "longitude",
            "city", "city", "admin1", "state", "country", "country")),
    IM2GPS("im2gps", true, Map.of(
            "id", "img_id", "file", "img_id", "latitude", "lat", "longitude", "lon")),
    OSV5M("osv5m", true, Map.of(
            "id", "id", "latitude", "latitude", "longitude", "longitude", "city", "city", "admin1", "region",
            "country", "country"));

    /** The canonical fields, in the order they are reported. */
    public static final List<String> FIELDS = List.of("id", "file", "url", "latitude", "longitude", "city", "admin1",
            "country");

    /** Names accepted in requests (besides the enum's own names), lower case. */
    private static final Map<String, ManifestFormat> ALIASES = aliases();

    private final String label;
    private final boolean findsImagesById;
    private final Map<String, String> columns;

    ManifestFormat(String label, boolean findsImagesById, Map<String, String> columns) {
        this.label = label;
        this.findsImagesById = findsImagesById;
        this.columns = columns;
    }

    /** How reports and docs name the format. */
    public String label() {
        return label;
    }

    /** Images are found in the folder by image id (any common extension) when no file column says where. */
    public boolean findsImagesById() {
        return findsImagesById;
    }

    /** The column (lower case) this format reads a canonical field from; empty when the format has none. */
    public Optional<String> column(String field) {
        return Optional.ofNullable(columns.get(field));
    }

    /** The fields a manifest of this format cannot do without (besides an image source). */
    public List<String> requiredFields() {
        return List.of("id", "latitude", "longitude");
    }

    /** The format named {@code name} (generic, imageo, im2gps, im2gps3k, yfcc4k, mp16, osv5m, ...). */
    public static Optional<ManifestFormat> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ALIASES.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    public static List<String> names() {
        return List.copyOf(ALIASES.keySet());
    }

    /**
     * Recognises a layout from its column names (lower case): IMAGEO-Bench by {@code image_id}, im2gps-style by
     * {@code img_id,lat,lon}, OSV-5M by {@code id,latitude,longitude} with {@code region}/{@code sub-region} and
     * no {@code file}/{@code url}; anything else is generic.
     */
    public static ManifestFormat detect(Collection<String> lowerCaseColumns) {
        if (lowerCaseColumns.contains("image_id") && lowerCaseColumns.contains("latitude")
                && lowerCaseColumns.contains("longitude")) {
            return IMAGEO;
        }
        if (lowerCaseColumns.contains("img_id") && lowerCaseColumns.contains("lat")
                && lowerCaseColumns.contains("lon")) {
            return IM2GPS;
        }
        if (lowerCaseColumns.contains("id") && lowerCaseColumns.contains("latitude")
                && lowerCaseColumns.contains("longitude") && !lowerCaseColumns.contains("file")
                && !lowerCaseColumns.contains("url") && (lowerCaseColumns.contains("region")
                        || lowerCaseColumns.contains("sub-region")
                        || lowerCaseColumns.contains("thumb_original_url"))) {
            return OSV5M;
        }
        return GENERIC;
    }

    private static Map<String, ManifestFormat> aliases() {
        Map<String, ManifestFormat> map = new LinkedHashMap<>();
        map.put("generic", GENERIC);
        map.put("csv", GENERIC);
        map.put("jsonl", GENERIC);
        map.put("imageo", IMAGEO);
        map.put("imageo-bench", IMAGEO);
        map.put("im2gps", IM2GPS);
        map.put("im2gps3k", IM2GPS);
        map.put("yfcc4k", IM2GPS);
        map.put("yfcc", IM2GPS);
        map.put("mp16", IM2GPS);
        map.put("osv5m", OSV5M);
        map.put("osv-5m", OSV5M);
        return Map.copyOf(map);
    }
}
