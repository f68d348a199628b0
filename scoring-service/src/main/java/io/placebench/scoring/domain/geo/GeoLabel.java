package io.placebench.scoring.domain.geo;

/**
 * What the reverse geocoder says about one point. Any part may be null (open sea, Antarctica has no region, no
 * place within the cap). {@code method} tells how the area was decided: inside a polygon, the nearest region
 * within the coastal distance ({@code areaDistanceKm} away), or none.
 */
public record GeoLabel(
        double latitude,
        double longitude,
        Continent continent,
        Country country,
        Region region,
        Unit unit,
        Method method,
        double areaDistanceKm,
        NearestPlace place,
        String dispute) {

    public enum Method {
        INSIDE,
        NEAREST,
        NONE
    }

    /** A GeoNames populated place and its great-circle distance from the point. */
    public record NearestPlace(int index, long geonameId, String name, String country, String admin1,
            int population, double latitude, double longitude, double distanceKm, double radiusKm) {
    }
}
