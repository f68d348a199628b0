package io.placebench.simulator.domain;

/** A WGS-84 position in degrees. */
public record GeoPoint(double latitude, double longitude) {

    public GeoPoint {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("out of range: " + latitude + ", " + longitude);
        }
    }
}
