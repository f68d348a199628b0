package io.placebench.scoring.domain;

import io.placebench.events.ThresholdHits;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;

/**
 * The field's distance conventions: great-circle (haversine) error on a sphere of radius 6371 km, as
 * IMAGEO-Bench and OSV-5M use; threshold accuracy with a strict "less than"; GeoGuessr's world score. The
 * WGS-84 geodesic distance (GeographicLib, Karney's algorithm) is reported beside it; thresholds and the score
 * use the haversine distance, as the field does.
 */
public final class GeoMetrics {

    public static final double EARTH_RADIUS_KM = 6371.0;
    public static final double GEOGUESSR_SCALE_KM = 1492.7;
    public static final double[] THRESHOLDS_KM = {1, 25, 200, 750, 2500};

    private GeoMetrics() {
    }

    /** Haversine distance in km; the formula stays accurate for tiny and antipodal separations (asin of a clamped value). */
    public static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1.0, Math.max(0.0, a))));
    }

    /** Shortest distance on the WGS-84 ellipsoid in km (GeographicLib; accurate to nanometres, antipodes included). */
    public static double geodesicKm(double lat1, double lon1, double lat2, double lon2) {
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12 / 1000.0;
    }

    /** GeoGuessr world-map score: 5000 at zero error, decaying as e^(-d / 1492.7 km). */
    public static double geoguessrScore(double distanceKm) {
        return 5000.0 * Math.exp(-distanceKm / GEOGUESSR_SCALE_KM);
    }

    public static ThresholdHits hits(double distanceKm) {
        return new ThresholdHits(distanceKm < 1, distanceKm < 25, distanceKm < 200, distanceKm < 750,
                distanceKm < 2500);
    }

    public static boolean validCoordinates(Double lat, Double lon) {
        return lat != null && lon != null && Double.isFinite(lat) && Double.isFinite(lon)
                && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
    }
}
