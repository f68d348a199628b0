package io.placebench.scoring.domain.geo;

/**
 * Nearest GeoNames place by great-circle distance: a static k-d tree over the places' unit vectors (x, y, z on
 * the unit sphere). Chord length grows monotonically with arc length, so the nearest point in 3-D is the nearest
 * on the sphere; there is no seam at the antimeridian and no singularity at the poles. Immutable and thread-safe.
 */
public final class PlaceIndex {

    /** Ranges of at most this many places are scanned rather than split. */
    private static final int LEAF = 8;

    private final int[] order;
    private final double[] xyz;
    private final byte[] splitAxis;
    private final double[] splitValue;

    public PlaceIndex(Places places) {
        int n = places.size;
        order = new int[n];
        xyz = new double[3 * n];
        splitAxis = new byte[n];
        splitValue = new double[n];
        double[] raw = new double[3 * n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            unitVector(places.latitude[i], places.longitude[i], raw, 3 * i);
        }
        build(raw, 0, n);
        for (int k = 0; k < n; k++) {
            System.arraycopy(raw, 3 * order[k], xyz, 3 * k, 3);
        }
    }

    /** Writes the unit vector of (lat, lon) into {@code out[at..at+2]}. */
    public static void unitVector(double lat, double lon, double[] out, int at) {
        double phi = Math.toRadians(lat);
        double lambda = Math.toRadians(lon);
        double c = Math.cos(phi);
        out[at] = c * Math.cos(lambda);
        out[at + 1] = c * Math.sin(lambda);
        out[at + 2] = Math.sin(phi);
    }

    /** Squared chord on the unit sphere for a great-circle distance in km (R = 6371 km). */
    public static double chord2(double km) {
        double angle = Math.min(Math.PI, km / 6371.0);
        double chord = 2 * Math.sin(angle / 2);
        return chord * chord;
    }

    /** Great-circle km (R = 6371 km) for a squared chord on the unit sphere. */
    public static double km(double chord2) {
        double chord = Math.sqrt(Math.max(0, chord2));
        return 2 * 6371.0 * Math.asin(Math.min(1.0, chord / 2));
    }

    /** Splits [lo, hi) at its median along the widest axis into [lo, mid) and [mid, hi), down to leaves. */
    private void build(double[] raw, int lo, int hi) {
        if (hi - lo <= LEAF) {
            return;
        }
        int axis = widestAxis(raw, lo, hi);
        int mid = (lo + hi) >>> 1;
        select(raw, lo, hi - 1, mid, axis);
        splitAxis[mid] = (byte) axis;
        splitValue[mid] = raw[3 * order[mid] + axis];
        build(raw, lo, mid);
        build(raw, mid, hi);
    }

    private int widestAxis(double[] raw, int lo, int hi) {
        double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int k = lo; k < hi; k++) {
            int p = 3 * order[k];
            for (int a = 0; a < 3; a++) {
                min[a] = Math.min(min[a], raw[p + a]);
                max[a] = Math.max(max[a], raw[p + a]);
            }
        }
        int best = 0;
        for (int a = 1; a < 3; a++) {
            if (max[a] - min[a] > max[best] - min[best]) {
                best = a;
            }
        }
        return best;
    }

    /**
     * Quickselect on {@code order[lo..hi]}: afterwards position k holds the k-th smallest along {@code axis},
     * with nothing larger before it and nothing smaller after it.
     */
    private void select(double[] raw, int lo, int hi, int k, int axis) {
        while (hi > lo) {
            double pivot = raw[3 * order[(lo + hi) >>> 1] + axis];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (raw[3 * order[i] + axis] < pivot) {
                    i++;
                }
                while (raw[3 * order[j] + axis] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    /** A search result: place index (or -1) and squared chord. */
    public record Hit(int place, double chord2) {
        public double km() {
            return PlaceIndex.km(chord2);
        }
    }

    /** The nearest place within {@code maxKm} of (lat, lon), or a hit with place -1. */
    public Hit nearest(double lat, double lon, double maxKm) {
        double[] q = new double[3];
        unitVector(lat, lon, q, 0);
        Search s = new Search(q[0], q[1], q[2], chord2(maxKm));
        search(s, 0, order.length);
        return new Hit(s.best < 0 ? -1 : order[s.best], s.bestD2);
    }

    private static final class Search {
        final double x;
        final double y;
        final double z;
        double bestD2;
        int best = -1;

        Search(double x, double y, double z, double bound) {
            this.x = x;
            this.y = y;
            this.z = z;
            this.bestD2 = bound;
        }
    }

    private void search(Search s, int lo, int hi) {
        if (hi - lo <= LEAF) {
            for (int k = lo; k < hi; k++) {
                int p = 3 * k;
                double dx = s.x - xyz[p];
                double dy = s.y - xyz[p + 1];
                double dz = s.z - xyz[p + 2];
                double d2 = dx * dx + dy * dy + dz * dz;
                if (d2 < s.bestD2 || (d2 == s.bestD2 && s.best >= 0 && order[k] < order[s.best])) {
                    s.bestD2 = d2;
                    s.best = k;
                }
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        int axis = splitAxis[mid];
        double diff = (axis == 0 ? s.x : axis == 1 ? s.y : s.z) - splitValue[mid];
        if (diff < 0) {
            search(s, lo, mid);
            if (diff * diff <= s.bestD2) {
                search(s, mid, hi);
            }
        } else {
            search(s, mid, hi);
            if (diff * diff <= s.bestD2) {
                search(s, lo, mid);
            }
        }
    }
}
