package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.SpatialDiversity.EARTH_RADIUS_KM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.placebench.analytics.domain.stats.SpatialDiversity.Point;

class SpatialDiversityTest {

    private static final double R2 = EARTH_RADIUS_KM * EARTH_RADIUS_KM;

    @Test
    void haversineKnownDistances() {
        assertEquals(Math.PI / 2 * EARTH_RADIUS_KM, SpatialDiversity.haversineKm(new Point(0, 0), new Point(0, 90)), 1e-9);
        assertEquals(Math.PI * EARTH_RADIUS_KM, SpatialDiversity.haversineKm(new Point(0, 0), new Point(0, 180)), 1e-9);
        assertEquals(Math.PI * EARTH_RADIUS_KM, SpatialDiversity.haversineKm(new Point(90, 0), new Point(-90, 0)), 1e-9);
        assertEquals(0.0, SpatialDiversity.haversineKm(new Point(48.85, 2.35), new Point(48.85, 2.35)), 0.0);
    }

    @Test
    void gridOccupancyCountedByHand() {
        // 2 bands (split at the equator) × 4 columns of 90° from −180°
        List<Point> points = List.of(
                new Point(10, 10), new Point(20, 20),   // north, column 2 (0°..90°)
                new Point(-10, 10),                     // south, column 2
                new Point(10, -170), new Point(90, 180), // north, column 0 (180° wraps to −180°)
                new Point(-90, -180));                  // south, column 0
        SpatialDiversity.GridOccupancy g = SpatialDiversity.grid(points, 2, 4);
        assertEquals(8, g.cells());
        assertEquals(4, g.occupied());
        assertEquals(0.5, g.occupiedShare(), 0.0);
        // counts {2, 2, 1, 1} of 6: H = 2·(1/3)·log2 3 + 2·(1/6)·log2 6
        double log2of3 = Math.log(3) / Math.log(2);
        double log2of6 = Math.log(6) / Math.log(2);
        double h = 2.0 / 3 * log2of3 + 1.0 / 3 * log2of6;
        assertEquals(h, g.entropyBits(), 1e-12);
        assertEquals(h / log2of6, g.evenness(), 1e-12);
        assertEquals(4 * Math.PI * R2 / 8, g.cellAreaKm2(), 1e-6);
    }

    @Test
    void defaultGridHasEqualCellsAndBandsEqualInSinLat() {
        SpatialDiversity.GridOccupancy g = SpatialDiversity.grid(List.of(new Point(0, 0)), 36, 72);
        assertEquals(2592, g.cells());
        assertEquals(4 * Math.PI * R2 / 2592, g.cellAreaKm2(), 1e-6);
        assertEquals(1, g.occupied());
        assertEquals(0.0, g.entropyBits(), 0.0);
        assertNull(g.evenness());
        // 4 bands: sin(lat) boundaries −0.5, 0, 0.5, i.e. latitudes −30°, 0°, 30°
        assertEquals(2 * 1 + 0, SpatialDiversity.cellOf(new Point(29.9, -179), 4, 1));
        assertEquals(3, SpatialDiversity.cellOf(new Point(30.1, -179), 4, 1));
        assertEquals(0, SpatialDiversity.cellOf(new Point(-30.1, 179), 4, 1));
        assertEquals(1, SpatialDiversity.cellOf(new Point(-29.9, 179), 4, 1));
    }

    @Test
    void hullOfAnOctantIsAnEighthOfTheSphere() {
        SpatialDiversity.Hull h = SpatialDiversity.convexHull(List.of(new Point(0, 0), new Point(0, 90), new Point(90, 0)));
        assertEquals(3, h.vertices());
        assertEquals(4 * Math.PI * R2 / 8, h.areaKm2(), 1e-6);
    }

    @Test
    void hullOfASquareByGirardsTheoremIgnoresInteriorPoints() {
        List<Point> corners = List.of(new Point(-10, -10), new Point(-10, 10), new Point(10, 10), new Point(10, -10));
        List<Point> points = new ArrayList<>(corners);
        points.add(new Point(0, 0));
        points.add(new Point(5, -3));
        points.add(new Point(10, 10)); // a repeated corner
        points.add(new Point(0, 10)); // on the east edge (the meridian 10°): not a vertex
        SpatialDiversity.Hull h = SpatialDiversity.convexHull(points);
        assertEquals(4, h.vertices());
        assertEquals(girardArea(corners), h.areaKm2(), 1e-6 * girardArea(corners));
    }

    @Test
    void hullOfATinySquareIsItsFlatArea() {
        double side = Math.toRadians(0.002) * EARTH_RADIUS_KM;
        SpatialDiversity.Hull h = SpatialDiversity.convexHull(List.of(new Point(-0.001, -0.001), new Point(-0.001, 0.001),
                new Point(0.001, 0.001), new Point(0.001, -0.001)));
        assertEquals(side * side, h.areaKm2(), 1e-6 * side * side);
    }

    @Test
    void degenerateHulls() {
        SpatialDiversity.Hull same = SpatialDiversity.convexHull(List.of(new Point(5, 5), new Point(5, 5), new Point(5, 5)));
        assertEquals(0.0, same.areaKm2(), 0.0);
        assertEquals(1, same.vertices());
        SpatialDiversity.Hull line = SpatialDiversity.convexHull(List.of(new Point(0, 0), new Point(0, 10), new Point(0, 20)));
        assertEquals(0.0, line.areaKm2(), 0.0);
        assertEquals(2, line.vertices());
        SpatialDiversity.Hull around = SpatialDiversity.convexHull(List.of(new Point(0, 0), new Point(0, 120), new Point(0, -120)));
        assertNull(around.areaKm2());
        assertNotNull(around.note());
        List<Point> far = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            far.add(new Point(0, 0));
        }
        far.add(new Point(0, 100)); // 91° from the mean direction
        assertNull(SpatialDiversity.convexHull(far).areaKm2());
        assertNull(SpatialDiversity.convexHull(List.of()).areaKm2());
    }

    @Test
    void clarkEvansOfFourCornersIsFour() {
        // side s: every nearest neighbour is at s, A = s², r_exp = 0.5/sqrt(4/s²) = s/4, R = 4
        SpatialDiversity.Result r = SpatialDiversity.of(List.of(new Point(-0.001, -0.001), new Point(-0.001, 0.001),
                new Point(0.001, 0.001), new Point(0.001, -0.001)));
        double side = Math.toRadians(0.002) * EARTH_RADIUS_KM;
        assertEquals(4, r.n());
        assertEquals(side, r.clarkEvans().meanKm(), 1e-6 * side);
        assertEquals(4.0, r.clarkEvans().ratio(), 1e-6);
        assertEquals(4, r.grid().occupied()); // the equator and the prime meridian are cell boundaries
    }

    @Test
    void clarkEvansOfALatticeIsTwoAndAHalf() {
        // 5 × 5 lattice of spacing s: r_obs = s, A = (4s)², r_exp = 0.5/sqrt(25/(16s²)) = 0.4s, R = 2.5
        List<Point> lattice = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                lattice.add(new Point(i * 0.01, j * 0.01));
            }
        }
        SpatialDiversity.Result r = SpatialDiversity.of(lattice);
        assertEquals(2.5, r.clarkEvans().ratio(), 1e-5);
        // the bottom row (equator) and the side columns (meridians) lie on great circles, so only their ends
        // are vertices; the top row lies on a parallel, which runs equatorward of the great circle between
        // its ends (inside the hull): 4 vertices
        assertEquals(4, r.hull().vertices());
    }

    @Test
    void clarkEvansNeedsAnArea() {
        SpatialDiversity.NearestNeighbour same = SpatialDiversity.of(List.of(new Point(1, 1), new Point(1, 1))).clarkEvans();
        assertEquals(0.0, same.meanKm(), 0.0);
        assertNull(same.ratio());
        assertNotNull(same.note());
        assertNull(SpatialDiversity.of(List.of(new Point(1, 1))).clarkEvans().ratio());
    }

    /** Girard's theorem, independent of the class's method: area = (Σ interior angles − (k − 2)π)·R². */
    private static double girardArea(List<Point> polygon) {
        int k = polygon.size();
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double[] v = unit(polygon.get(i));
            double[] prev = unit(polygon.get((i + k - 1) % k));
            double[] next = unit(polygon.get((i + 1) % k));
            double[] t1 = tangent(prev, v);
            double[] t2 = tangent(next, v);
            sum += Math.acos(dot(t1, t2) / Math.sqrt(dot(t1, t1) * dot(t2, t2)));
        }
        return (sum - (k - 2) * Math.PI) * R2;
    }

    private static double[] tangent(double[] towards, double[] at) {
        double d = dot(towards, at);
        return new double[] {towards[0] - d * at[0], towards[1] - d * at[1], towards[2] - d * at[2]};
    }

    private static double[] unit(Point p) {
        double phi = Math.toRadians(p.lat());
        double lambda = Math.toRadians(p.lon());
        return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
