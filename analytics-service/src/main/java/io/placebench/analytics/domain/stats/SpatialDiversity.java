package io.placebench.analytics.domain.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How spread out a run's predicted points are. WanderBench publishes no formulas, so these are ours; all on
 * a sphere of radius {@value #EARTH_RADIUS_KM} km (the IUGG mean Earth radius), distances by haversine.
 *
 * <p><b>(a) Equal-area grid.</b> The sphere is cut into {@code bands} latitude bands equally spaced in
 * {@code sin(lat)} (band i holds {@code −1 + 2i/bands ≤ sin(lat) < −1 + 2(i+1)/bands}) and {@code columns}
 * longitude columns equally spaced from −180° (column j holds {@code −180 + 360j/columns ≤ lon < …}; longitude
 * is first wrapped into [−180, 180), so 180° is column 0; lat 90° goes to the top band). Every cell has the
 * same area {@code 4πR²/(bands·columns)} (Archimedes: a zone's area is proportional to its height). Default
 * {@value #DEFAULT_BANDS} × {@value #DEFAULT_COLUMNS} = 2,592 cells of about 196,800 km². Reported: occupied
 * cells, their share of all cells, the Shannon entropy in bits of the points per occupied cell, and the
 * evenness {@code H / log2(min(n, cells))} (1 when no two points share a cell as far as the grid allows; null
 * when that minimum is below 2).
 *
 * <p><b>(b) Convex hull area on the sphere.</b> The points become unit vectors; m is their normalised vector
 * sum (mean direction). The method needs every point strictly within 90° of m ({@code v·m > 1e-9}); otherwise
 * (points around the globe, or no mean direction) the area is null with the reason. The points are projected
 * gnomonically onto the plane tangent at m ({@code (v·e1, v·e2)/(v·m)}); the gnomonic projection maps great
 * circles to straight lines, so the planar convex hull (Andrew's monotone chain, collinear points dropped)
 * picks the vertices of the spherical convex hull (turns below 1e-12 rad count as straight, so points on
 * a hull edge are not vertices). Its area is that of the spherical polygon through those
 * vertices, summed over a fan of triangles from the first vertex, each by the Van Oosterom–Strackee formula
 * {@code tan(E/2) = a·(b×c) / (1 + a·b + b·c + c·a)}, times R². Fewer than 3 hull vertices (all points equal
 * or on one great circle) give area 0.
 *
 * <p><b>(c) Clark–Evans ratio</b> (Clark &amp; Evans 1954): {@code R = r̄_obs / r̄_exp} with {@code r̄_obs} the
 * mean great-circle distance from each point to its nearest other point (a duplicate point is at distance 0)
 * and {@code r̄_exp = 0.5 / sqrt(n / A)}, A the hull area of (b): about 1 for a random (Poisson) pattern, below
 * 1 clustered, up to ≈2.15 for a hexagonal lattice. Needs n ≥ 2 and A &gt; 0, else null with the reason.
 * Caveats: no edge correction (Donnelly 1978) — points near the hull boundary have neighbours on one side only,
 * and the hull is the smallest region holding the points, so for small n R is biased; the expectation is the
 * planar one, fine while the hull is small against the sphere. The nearest-neighbour search is exhaustive,
 * O(n²).
 */
public final class SpatialDiversity {

    public static final double EARTH_RADIUS_KM = 6371.0088;
    public static final int DEFAULT_BANDS = 36;
    public static final int DEFAULT_COLUMNS = 72;

    /** A point in degrees. */
    public record Point(double lat, double lon) {
        public Point {
            if (!(lat >= -90 && lat <= 90) || !Double.isFinite(lon)) {
                throw new IllegalArgumentException("not a point: " + lat + ", " + lon);
            }
        }
    }

    /** Occupancy and entropy of the points over the equal-area grid. */
    public record GridOccupancy(int bands, int columns, int cells, double cellAreaKm2, int points, int occupied,
                                double occupiedShare, double entropyBits, Double evenness) {
    }

    /** Spherical convex hull: area in km² (null with a note when the method does not apply), hull vertices. */
    public record Hull(Double areaKm2, int vertices, String note) {
    }

    /** Clark–Evans: observed and expected mean nearest-neighbour distance (km) and their ratio. */
    public record NearestNeighbour(Double meanKm, Double expectedKm, Double ratio, String note) {
    }

    public record Result(int n, GridOccupancy grid, Hull hull, NearestNeighbour clarkEvans) {
    }

    private SpatialDiversity() {
    }

    /** All three with the default grid. */
    public static Result of(List<Point> points) {
        Hull hull = convexHull(points);
        return new Result(points.size(), grid(points, DEFAULT_BANDS, DEFAULT_COLUMNS), hull,
                clarkEvans(points, hull.areaKm2()));
    }

    /** Occupancy and entropy over the equal-area grid of {@code bands × columns} cells. */
    public static GridOccupancy grid(List<Point> points, int bands, int columns) {
        if (bands < 1 || columns < 1) {
            throw new IllegalArgumentException("grid must have at least one band and one column");
        }
        int cells = bands * columns;
        Map<Integer, Long> counts = new HashMap<>();
        for (Point p : points) {
            counts.merge(cellOf(p, bands, columns), 1L, Long::sum);
        }
        double cellArea = 4 * Math.PI * EARTH_RADIUS_KM * EARTH_RADIUS_KM / cells;
        long[] occupied = counts.values().stream().mapToLong(Long::longValue).toArray();
        double bits = Distribution.entropy(occupied).bits();
        int most = Math.min(points.size(), cells);
        Double evenness = most < 2 ? null : bits / (Math.log(most) / Math.log(2));
        return new GridOccupancy(bands, columns, cells, cellArea, points.size(), occupied.length,
                (double) occupied.length / cells, bits, evenness);
    }

    /** The grid cell of a point: {@code band · columns + column}. */
    static int cellOf(Point p, int bands, int columns) {
        double s = Math.sin(Math.toRadians(p.lat()));
        int band = Math.min(bands - 1, Math.max(0, (int) Math.floor((s + 1) / 2 * bands)));
        double lon = wrap(p.lon());
        int column = Math.min(columns - 1, Math.max(0, (int) Math.floor((lon + 180) / 360 * columns)));
        return band * columns + column;
    }

    private static double wrap(double lon) {
        double w = ((lon + 180) % 360 + 360) % 360 - 180;
        return w;
    }

    /** The area of the spherical convex hull of the points (see the class comment). */
    public static Hull convexHull(List<Point> points) {
        int n = points.size();
        if (n == 0) {
            return new Hull(null, 0, "no points");
        }
        double[][] v = new double[n][];
        double[] m = new double[3];
        for (int i = 0; i < n; i++) {
            v[i] = unit(points.get(i));
            for (int k = 0; k < 3; k++) {
                m[k] += v[i][k];
            }
        }
        double norm = Math.sqrt(dot(m, m));
        if (norm < 1e-9 * n) {
            return new Hull(null, 0, "the points have no mean direction (spread around the sphere)");
        }
        for (int k = 0; k < 3; k++) {
            m[k] /= norm;
        }
        // orthonormal basis of the plane tangent at m
        double[] helper = Math.abs(m[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double[] e1 = normalise(cross(helper, m));
        double[] e2 = cross(m, e1);
        double[][] xy = new double[n][];
        for (int i = 0; i < n; i++) {
            double d = dot(v[i], m);
            if (d <= 1e-9) {
                return new Hull(null, 0, "not all points lie within 90 degrees of their mean direction");
            }
            xy[i] = new double[] {dot(v[i], e1) / d, dot(v[i], e2) / d};
        }
        int[] hull = planarHull(xy);
        if (hull.length < 3) {
            return new Hull(0.0, hull.length, "fewer than 3 hull vertices (points equal or on one great circle)");
        }
        double excess = 0;
        double[] a = v[hull[0]];
        for (int i = 1; i + 1 < hull.length; i++) {
            double[] b = v[hull[i]];
            double[] c = v[hull[i + 1]];
            double triple = dot(a, cross(sub(b, a), sub(c, a)));
            double denominator = 1 + dot(a, b) + dot(b, c) + dot(c, a);
            excess += 2 * Math.atan2(triple, denominator);
        }
        return new Hull(Math.abs(excess) * EARTH_RADIUS_KM * EARTH_RADIUS_KM, hull.length, null);
    }

    /** Indices of the planar convex hull, counter-clockwise, without collinear or repeated points. */
    private static int[] planarHull(double[][] xy) {
        Integer[] order = new Integer[xy.length];
        for (int i = 0; i < xy.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> xy[i][0] != xy[j][0] ? Double.compare(xy[i][0], xy[j][0])
                : Double.compare(xy[i][1], xy[j][1]));
        int[] chain = new int[2 * xy.length + 1];
        int k = 0;
        for (int idx = 0; idx < order.length; idx++) {
            int p = order[idx];
            while (k >= 2 && turn(xy[chain[k - 2]], xy[chain[k - 1]], xy[p]) <= 0) {
                k--;
            }
            chain[k++] = p;
        }
        for (int idx = order.length - 2, lower = k + 1; idx >= 0; idx--) {
            int p = order[idx];
            while (k >= lower && turn(xy[chain[k - 2]], xy[chain[k - 1]], xy[p]) <= 0) {
                k--;
            }
            chain[k++] = p;
        }
        // the last point repeats the first; a single distinct point yields it twice
        int size = Math.max(1, k - 1);
        int[] hull = Arrays.copyOf(chain, size);
        if (size == 2 && xy[hull[0]][0] == xy[hull[1]][0] && xy[hull[0]][1] == xy[hull[1]][1]) {
            return new int[] {hull[0]};
        }
        return hull;
    }

    /**
     * The cross product (a − o) × (b − o), with turns of less than 1e-12 rad (rounding on a great circle) counted
     * as straight.
     */
    private static double turn(double[] o, double[] a, double[] b) {
        double ax = a[0] - o[0];
        double ay = a[1] - o[1];
        double bx = b[0] - o[0];
        double by = b[1] - o[1];
        double cross = ax * by - ay * bx;
        return Math.abs(cross) <= 1e-12 * Math.hypot(ax, ay) * Math.hypot(bx, by) ? 0.0 : cross;
    }

    /**
     * Clark–Evans ratio for the points over an area in km² (normally {@link #convexHull}'s); null with a reason
     * when n &lt; 2 or the area is null or 0.
     */
    public static NearestNeighbour clarkEvans(List<Point> points, Double areaKm2) {
        int n = points.size();
        if (n < 2) {
            return new NearestNeighbour(null, null, null, "needs at least 2 points");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double nearest = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    nearest = Math.min(nearest, haversineKm(points.get(i), points.get(j)));
                }
            }
            sum += nearest;
        }
        double mean = sum / n;
        if (areaKm2 == null || !(areaKm2 > 0)) {
            return new NearestNeighbour(mean, null, null, "no area (hull area null or 0)");
        }
        double expected = 0.5 / Math.sqrt(n / areaKm2);
        return new NearestNeighbour(mean, expected, mean / expected, null);
    }

    /** Great-circle distance in km by the haversine formula on a sphere of radius {@value #EARTH_RADIUS_KM} km. */
    public static double haversineKm(Point a, Point b) {
        double phi1 = Math.toRadians(a.lat());
        double phi2 = Math.toRadians(b.lat());
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dPhi / 2), 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.pow(Math.sin(dLambda / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }

    private static double[] unit(Point p) {
        double phi = Math.toRadians(p.lat());
        double lambda = Math.toRadians(p.lon());
        return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] normalise(double[] a) {
        double norm = Math.sqrt(dot(a, a));
        return new double[] {a[0] / norm, a[1] / norm, a[2] / norm};
    }
}
