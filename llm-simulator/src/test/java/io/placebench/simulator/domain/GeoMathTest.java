package io.placebench.simulator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeoMathTest {

    @Test
    void distanceParisLondon() {
        double d = GeoMath.distanceKm(new GeoPoint(48.8566, 2.3522), new GeoPoint(51.5074, -0.1278));
        assertEquals(343.5, d, 1.5);
    }

    @Test
    void destinationTravelsTheRequestedDistance() {
        DetRandom r = new DetRandom(5);
        for (int i = 0; i < 1000; i++) {
            GeoPoint start = new GeoPoint(r.nextDouble() * 178 - 89, r.nextDouble() * 360 - 180);
            double km = r.nextDouble() * 15000;
            GeoPoint end = GeoMath.destination(start, r.nextDouble() * 360, km);
            assertEquals(km, GeoMath.distanceKm(start, end), 1e-3 * Math.max(1, km));
        }
    }

    @Test
    void crossesTheAntimeridianAndThePoles() {
        GeoPoint fiji = new GeoPoint(-17.7, 179.9);
        GeoPoint east = GeoMath.destination(fiji, 90, 100);
        assertTrue(east.longitude() < -179 && east.longitude() >= -180, "wrapped: " + east);

        GeoPoint nearPole = new GeoPoint(89.5, 10);
        GeoPoint over = GeoMath.destination(nearPole, 0, 200); // over the pole and down the other side
        assertTrue(over.latitude() <= 90 && over.latitude() > 88, over.toString());
        assertEquals(-170, over.longitude(), 1e-6);

        GeoPoint pole = GeoMath.destination(new GeoPoint(90, 0), 123, 10);
        assertTrue(pole.latitude() < 90 && pole.latitude() > 89.9);
    }

    @Test
    void wrapsLongitudes() {
        assertEquals(-170, GeoMath.wrapLongitude(190), 1e-9);
        assertEquals(170, GeoMath.wrapLongitude(-190), 1e-9);
        assertEquals(0, GeoMath.wrapLongitude(720), 1e-9);
        assertEquals(-180, GeoMath.wrapLongitude(180), 1e-9);
    }
}
