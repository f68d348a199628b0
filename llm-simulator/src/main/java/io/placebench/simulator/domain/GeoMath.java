package io.placebench.simulator.domain;

/** Great-circle helpers on a sphere of mean Earth radius (good enough for a simulator). */
public final class GeoMath {

    public static final double EARTH_RADIUS_KM = 6371.0088;

    private GeoMath() {
    }

    /** Haversine distance in km. */
    public static double distanceKm(GeoPoint a, GeoPoint b) {
        double p1 = Math.toRadians(a.latitude());
        double p2 = Math.toRadians(b.latitude());
        double dp = p2 - p1;
        double dl = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dp / 2) * Math.sin(dp / 2)
                + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }

    /**
     * The point reached by travelling {@code distanceKm} from {@code start} along the great circle with the
     * initial bearing {@code bearingDeg} (0 = north, clockwise). Crossing a pole or the antimeridian is fine:
     * the latitude is clamped to [-90, 90] and the longitude wrapped to [-180, 180].
     */
    public static GeoPoint destination(GeoPoint start, double bearingDeg, double distanceKm) {
        double d = distanceKm / EARTH_RADIUS_KM;
        double th = Math.toRadians(bearingDeg);
        double p1 = Math.toRadians(start.latitude());
        double l1 = Math.toRadians(start.longitude());
        double sinP2 = Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(th);
        double p2 = Math.asin(Math.max(-1.0, Math.min(1.0, sinP2)));
        double l2 = l1 + Math.atan2(Math.sin(th) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * sinP2);
        return new GeoPoint(clampLatitude(Math.toDegrees(p2)), wrapLongitude(Math.toDegrees(l2)));
    }

    public static double clampLatitude(double lat) {
        return Math.max(-90.0, Math.min(90.0, lat));
    }

    /** Wraps any longitude into [-180, 180). */
    public static double wrapLongitude(double lon) {
        double w = ((lon + 180.0) % 360.0 + 360.0) % 360.0 - 180.0;
        return w == -0.0 ? 0.0 : w;
    }
}
