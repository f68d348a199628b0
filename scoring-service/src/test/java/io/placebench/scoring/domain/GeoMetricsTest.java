package io.placebench.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.ThresholdHits;
import org.junit.jupiter.api.Test;

class GeoMetricsTest {

    @Test
    void identicalPointsAreZeroApart() {
        assertEquals(0.0, GeoMetrics.haversineKm(48.8584, 2.2945, 48.8584, 2.2945), 1e-9);
        assertEquals(5000.0, GeoMetrics.geoguessrScore(0), 1e-9);
    }

    @Test
    void knownCityPairs() {
        // Paris - London: 343.5 km on the 6371 km sphere (hand computed with the haversine formula).
        assertEquals(343.56, GeoMetrics.haversineKm(48.8566, 2.3522, 51.5074, -0.1278), 0.05);
        // One degree of latitude is 6371 * pi / 180 = 111.195 km.
        assertEquals(111.195, GeoMetrics.haversineKm(0, 0, 1, 0), 0.001);
    }

    @Test
    void crossesTheAntimeridianTheShortWay() {
        // 179.5E to 179.5W at the equator is one degree of longitude, not 359.
        assertEquals(111.195, GeoMetrics.haversineKm(0, 179.5, 0, -179.5), 0.001);
    }

    @Test
    void polesAndAntipodes() {
        // Every longitude is the same point at a pole.
        assertEquals(0.0, GeoMetrics.haversineKm(90, 0, 90, 123), 1e-6);
        // Pole to pole and (0,0) to its antipode are half the circumference: pi * 6371.
        assertEquals(Math.PI * 6371, GeoMetrics.haversineKm(90, 0, -90, 0), 1e-6);
        assertEquals(Math.PI * 6371, GeoMetrics.haversineKm(0, 0, 0, 180), 1e-6);
    }

    @Test
    void thresholdsAreStrict() {
        assertEquals(new ThresholdHits(false, false, false, false, true), GeoMetrics.hits(750.0));
        assertEquals(new ThresholdHits(false, false, false, true, true), GeoMetrics.hits(749.999));
        assertEquals(new ThresholdHits(false, true, true, true, true), GeoMetrics.hits(1.0));
        assertEquals(ThresholdHits.NONE, GeoMetrics.hits(2500.0));
        assertEquals(new ThresholdHits(true, true, true, true, true), GeoMetrics.hits(0.0));
    }

    @Test
    void geoguessrScoreDecaysWithTheScale() {
        assertEquals(5000 / Math.E, GeoMetrics.geoguessrScore(1492.7), 1e-9);
        assertEquals(5000 * Math.exp(-2), GeoMetrics.geoguessrScore(2 * 1492.7), 1e-9);
    }

    @Test
    void geodesicDistanceOnTheWgs84Ellipsoid() {
        // One degree of longitude on the equator: 2 * pi * 6378.137 km / 360.
        assertEquals(2 * Math.PI * 6378.137 / 360, GeoMetrics.geodesicKm(0, 0, 0, 1), 1e-6);
        // Across the antimeridian the short way, like the haversine distance.
        assertEquals(2 * Math.PI * 6378.137 / 360, GeoMetrics.geodesicKm(0, 179.5, 0, -179.5), 1e-6);
        // Pole to pole: twice the meridian quadrant of WGS-84, 10,001.965729 km.
        assertEquals(20003.931459, GeoMetrics.geodesicKm(90, 0, -90, 0), 1e-5);
        // (0,0) to its antipode: the shortest path runs over a pole, so it is the same half meridian.
        assertEquals(20003.931459, GeoMetrics.geodesicKm(0, 0, 0, 180), 1e-5);
        assertEquals(0.0, GeoMetrics.geodesicKm(90, 0, 90, 123), 1e-9);
        assertEquals(0.0, GeoMetrics.geodesicKm(48.8584, 2.2945, 48.8584, 2.2945), 1e-12);
        // Paris - London: 343.92 km on the ellipsoid against 343.56 km on the 6371 km sphere.
        assertEquals(343.923, GeoMetrics.geodesicKm(48.8566, 2.3522, 51.5074, -0.1278), 0.001);
    }

    @Test
    void thresholdBoundariesJustBelowAndAtEachThreshold() {
        double[] thresholds = GeoMetrics.THRESHOLDS_KM;
        for (int i = 0; i < thresholds.length; i++) {
            boolean[] below = flags(GeoMetrics.hits(Math.nextDown(thresholds[i])));
            boolean[] at = flags(GeoMetrics.hits(thresholds[i]));
            assertTrue(below[i], "just below " + thresholds[i] + " km is a hit");
            assertFalse(at[i], "exactly " + thresholds[i] + " km is not (strict <)");
        }
    }

    private static boolean[] flags(ThresholdHits h) {
        return new boolean[] {h.km1(), h.km25(), h.km200(), h.km750(), h.km2500()};
    }

    @Test
    void coordinatesOutOfRangeAreInvalid() {
        assertTrue(GeoMetrics.validCoordinates(-90.0, 180.0));
        assertFalse(GeoMetrics.validCoordinates(90.5, 0.0));
        assertFalse(GeoMetrics.validCoordinates(0.0, -180.01));
        assertFalse(GeoMetrics.validCoordinates(Double.NaN, 0.0));
        assertFalse(GeoMetrics.validCoordinates(null, 0.0));
    }
}
