package io.placebench.scoring.domain.geo;

import org.locationtech.jts.geom.Geometry;

/**
 * One Natural Earth admin-1 unit (possibly second-level, like a French department) with its geometry, the
 * first-level region it belongs to and its country, per view ({@link GeoDataFormat#VIEW_ISO},
 * {@link GeoDataFormat#VIEW_DE_FACTO}). {@code country} or {@code region} entries are -1 where there is none.
 * {@code dispute} is a short note where the two views differ or sovereignty is contested, else null.
 */
public record Unit(int index, String name, String neCode, int[] region, int[] country, int continent,
        String dispute, Geometry geometry) {

    public int country(int view) {
        return country[view];
    }

    public int region(int view) {
        return region[view];
    }
}
