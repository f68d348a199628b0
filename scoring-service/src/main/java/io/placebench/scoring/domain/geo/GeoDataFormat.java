package io.placebench.scoring.domain.geo;

/**
 * Constants of the compact binary resources written by the converter ({@code GeoDataConverter}, see
 * docs/geocoder.md) and read by {@link GeoData}. Both files are gzipped {@code DataOutputStream}s; coordinates
 * are integers of 1e-5 degree (about 1 m), delta- and zigzag-encoded as varints.
 */
public final class GeoDataFormat {

    public static final int REGIONS_MAGIC = 0x50424752; // "PBGR"
    public static final int PLACES_MAGIC = 0x50424750; // "PBGP"
    public static final int VERSION = 1;
    public static final double SCALE = 1e5;
    public static final String REGIONS_RESOURCE = "geodata/regions.bin.gz";
    public static final String PLACES_RESOURCE = "geodata/places.bin.gz";

    /** Index of a view in the per-unit {@code country[]} / {@code region[]} arrays. */
    public static final int VIEW_ISO = 0;
    public static final int VIEW_DE_FACTO = 1;

    private GeoDataFormat() {
    }
}
