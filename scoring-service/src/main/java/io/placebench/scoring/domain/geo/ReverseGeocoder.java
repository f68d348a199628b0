package io.placebench.scoring.domain.geo;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Offline reverse geocoder: continent, country, first-level region and nearest populated place of a point.
 *
 * <p>Areas: a JTS {@link STRtree} over every polygon of the Natural Earth units, each with an
 * {@link IndexedPointInAreaLocator}; a point on a boundary counts as inside. A point outside every polygon
 * (usually a coastal point the 10m coastline misses) takes the nearest unit whose boundary lies within
 * {@code coastalKm}, measured on the sphere (point to great-circle arc), so it is right across the antimeridian
 * and near the poles. Places: {@link PlaceIndex}, nearest within {@code placeCapKm}.
 *
 * <p>Immutable once built and safe to share between threads.
 */
public final class ReverseGeocoder {

    public static final double DEFAULT_COASTAL_KM = 25.0;
    public static final double DEFAULT_PLACE_CAP_KM = 50.0;
    private static final double EARTH_RADIUS_KM = 6371.0;
    private static final double KM_PER_DEGREE = EARTH_RADIUS_KM * Math.PI / 180.0;
    private static final int CHUNK_POINTS = 24;

    private record Part(Unit unit, IndexedPointInAreaLocator locator) {
    }

    /** Consecutive boundary points {@code from..to} (inclusive) of one ring, packed x,y. */
    private record Chunk(Unit unit, double[] xy, int from, int to) {
    }

    private final GeoData data;
    private final GeoView view;
    private final double coastalKm;
    private final double placeCapKm;
    private final STRtree parts = new STRtree();
    private final STRtree edges = new STRtree();
    private final PlaceIndex placeIndex;
    private final AreaGrid grid;

    public ReverseGeocoder(GeoData data, GeoView view, double coastalKm, double placeCapKm) {
        this.data = data;
        this.view = view;
        this.coastalKm = coastalKm;
        this.placeCapKm = placeCapKm;
        for (Unit unit : data.units) {
            Geometry g = unit.geometry();
            for (int i = 0; i < g.getNumGeometries(); i++) {
                Polygon polygon = (Polygon) g.getGeometryN(i);
                IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(polygon);
                parts.insert(polygon.getEnvelopeInternal(), new Part(unit, locator));
                addChunks(unit, polygon.getExteriorRing().getCoordinateSequence());
                for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                    addChunks(unit, polygon.getInteriorRingN(h).getCoordinateSequence());
                }
            }
        }
        parts.build();
        edges.build();
        grid = new AreaGrid(data.units, (lat, lon) -> {
            Unit unit = insideExact(lat, lon);
            return unit == null ? -1 : unit.index();
        }, coastalKm);
        placeIndex = new PlaceIndex(data.places);
    }

    public ReverseGeocoder(GeoData data) {
        this(data, GeoView.ISO, DEFAULT_COASTAL_KM, DEFAULT_PLACE_CAP_KM);
    }

    private void addChunks(Unit unit, CoordinateSequence sequence) {
        double[] xy;
        if (sequence instanceof PackedCoordinateSequence.Double packed && packed.getDimension() == 2) {
            xy = packed.getRawCoordinates();
        } else {
            xy = new double[sequence.size() * 2];
            for (int i = 0; i < sequence.size(); i++) {
                xy[2 * i] = sequence.getX(i);
                xy[2 * i + 1] = sequence.getY(i);
            }
        }
        int n = xy.length / 2;
        for (int from = 0; from < n - 1; from += CHUNK_POINTS - 1) {
            int to = Math.min(n - 1, from + CHUNK_POINTS - 1);
            Envelope env = new Envelope();
            for (int k = from; k <= to; k++) {
                env.expandToInclude(xy[2 * k], xy[2 * k + 1]);
            }
            edges.insert(env, new Chunk(unit, xy, from, to));
        }
    }

    public GeoData data() {
        return data;
    }

    public GeoView view() {
        return view;
    }

    public double coastalKm() {
        return coastalKm;
    }

    public double placeCapKm() {
        return placeCapKm;
    }

    /** Reverse geocodes one point in the geocoder's view; throws {@link IllegalArgumentException} for bad input. */
    public GeoLabel lookup(double lat, double lon) {
        return lookup(lat, lon, view);
    }

    /** Reverse geocodes one point; throws {@link IllegalArgumentException} for NaN or out-of-range input. */
    public GeoLabel lookup(double lat, double lon, GeoView view) {
        if (!Double.isFinite(lat) || !Double.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("Coordinates out of range: lat " + lat + ", lon " + lon);
        }
        short cell = grid.at(lat, lon);
        Unit unit = cell == AreaGrid.BOUNDARY ? insideExact(lat, lon)
                : cell > 0 ? data.units.get(cell - 1) : null;
        GeoLabel.Method method = GeoLabel.Method.INSIDE;
        double areaKm = 0;
        if (cell == AreaGrid.FAR) {
            method = GeoLabel.Method.NONE;
        } else if (unit == null) {
            double[] best = {Double.MAX_VALUE};
            unit = nearestUnit(lat, lon, best);
            method = unit == null ? GeoLabel.Method.NONE : GeoLabel.Method.NEAREST;
            areaKm = unit == null ? Double.NaN : best[0];
        }
        GeoLabel.NearestPlace place = nearestPlace(lat, lon);
        if (unit == null) {
            return new GeoLabel(lat, lon, null, null, null, null, method, Double.NaN, place, null);
        }
        return new GeoLabel(lat, lon, data.continent(unit.continent()), data.country(unit.country(view.index)),
                data.region(unit.region(view.index)), unit, method, areaKm, place, unit.dispute());
    }

    /** The nearest populated place within the cap, or null. */
    public GeoLabel.NearestPlace nearestPlace(double lat, double lon) {
        PlaceIndex.Hit hit = placeIndex.nearest(lat, lon, placeCapKm);
        if (hit.place() < 0) {
            return null;
        }
        Places p = data.places;
        int i = hit.place();
        return new GeoLabel.NearestPlace(i, p.geonameId[i], p.name[i], p.country[i], p.admin1[i], p.population[i],
                p.latitude[i], p.longitude[i], hit.km(), p.radiusKm(i));
    }

    /** The unit whose polygon contains the point (boundary included), or null. */
    Unit inside(double lat, double lon) {
        short cell = grid.at(lat, lon);
        if (cell != AreaGrid.BOUNDARY) {
            return cell > 0 ? data.units.get(cell - 1) : null;
        }
        return insideExact(lat, lon);
    }

    /** {@link #inside} without the raster: the polygons themselves. */
    Unit insideExact(double lat, double lon) {
        Unit unit = insideAt(lat, lon);
        if (unit == null && Math.abs(lon) == 180) {
            unit = insideAt(lat, -lon);
        }
        return unit;
    }

    private Unit insideAt(double lat, double lon) {
        Coordinate c = new Coordinate(lon, lat);
        Unit[] found = {null};
        parts.query(new Envelope(c), item -> {
            Part part = (Part) item;
            if ((found[0] == null || part.unit().index() < found[0].index())
                    && part.locator().locate(c) != Location.EXTERIOR) {
                found[0] = part.unit();
            }
        });
        return found[0];
    }

    /** The unit with the nearest boundary within {@code coastalKm}; its distance in km goes to {@code best[0]}. */
    Unit nearestUnit(double lat, double lon, double[] best) {
        if (coastalKm <= 0) {
            return null;
        }
        double[] p = new double[3];
        PlaceIndex.unitVector(lat, lon, p, 0);
        double dLat = coastalKm / KM_PER_DEGREE * 1.01;
        double south = Math.max(-90, lat - dLat);
        double north = Math.min(90, lat + dLat);
        double maxAbsLat = Math.max(Math.abs(south), Math.abs(north));
        double cos = Math.cos(Math.toRadians(maxAbsLat));
        double dLon = cos < 1e-6 ? 360 : dLat / cos;
        List<Envelope> windows = new ArrayList<>(2);
        if (dLon >= 180 || maxAbsLat >= 89.999) {
            windows.add(new Envelope(-180, 180, south, north));
        } else {
            windows.add(new Envelope(Math.max(-180, lon - dLon), Math.min(180, lon + dLon), south, north));
            if (lon - dLon < -180) {
                windows.add(new Envelope(lon - dLon + 360, 180, south, north));
            }
            if (lon + dLon > 180) {
                windows.add(new Envelope(-180, lon + dLon - 360, south, north));
            }
        }
        // Candidate chunks, nearest first by a lower bound of their distance (latitude gap, and longitude gap at
        // the window's widest latitude), so that the exact test runs on a few chunks only.
        List<Chunk> chunks = new ArrayList<>();
        for (Envelope window : windows) {
            edges.query(window, item -> chunks.add((Chunk) item));
        }
        int n = chunks.size();
        double[] bounds = new double[n];
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            bounds[i] = lowerBoundKm(chunks.get(i), lat, lon, cos);
            // Sort by bound, keeping the index in the low bits (bounds are non-negative, so their bits sort).
            order[i] = ((long) Float.floatToIntBits((float) bounds[i]) << 20) | i;
        }
        java.util.Arrays.sort(order);
        // Within 80 degrees of the equator a local equirectangular frame is exact to a fraction of a percent over
        // 25 km; nearer the poles the distance is measured on the sphere.
        boolean planar = Math.abs(lat) < 80;
        double kx = KM_PER_DEGREE * Math.cos(Math.toRadians(lat));
        Unit nearest = null;
        best[0] = coastalKm;
        double[] a = new double[3];
        double[] b = new double[3];
        for (long packed : order) {
            int i = (int) (packed & 0xFFFFF);
            if (bounds[i] > best[0]) {
                break;
            }
            Chunk chunk = chunks.get(i);
            double[] xy = chunk.xy();
            if (planar) {
                double ax = wrap(xy[2 * chunk.from()] - lon) * kx;
                double ay = (xy[2 * chunk.from() + 1] - lat) * KM_PER_DEGREE;
                for (int k = chunk.from() + 1; k <= chunk.to(); k++) {
                    double bx = wrap(xy[2 * k] - lon) * kx;
                    double by = (xy[2 * k + 1] - lat) * KM_PER_DEGREE;
                    double km = segmentDistance(ax, ay, bx, by);
                    if (km < best[0] || (km == best[0] && nearest != null && chunk.unit().index() < nearest.index())) {
                        best[0] = km;
                        nearest = chunk.unit();
                    }
                    ax = bx;
                    ay = by;
                }
                continue;
            }
            PlaceIndex.unitVector(xy[2 * chunk.from() + 1], xy[2 * chunk.from()], a, 0);
            for (int k = chunk.from() + 1; k <= chunk.to(); k++) {
                PlaceIndex.unitVector(xy[2 * k + 1], xy[2 * k], b, 0);
                double km = arcDistance(p, a, b) * EARTH_RADIUS_KM;
                if (km < best[0] || (km == best[0] && nearest != null && chunk.unit().index() < nearest.index())) {
                    best[0] = km;
                    nearest = chunk.unit();
                }
                System.arraycopy(b, 0, a, 0, 3);
            }
        }
        return nearest;
    }

    /** A longitude difference brought into [-180, 180]. */
    private static double wrap(double dLon) {
        return dLon > 180 ? dLon - 360 : dLon < -180 ? dLon + 360 : dLon;
    }

    /** Distance from the origin to the segment (a, b) in the plane. */
    static double segmentDistance(double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
        double x = ax + t * dx;
        double y = ay + t * dy;
        return Math.sqrt(x * x + y * y);
    }

    /** A lower bound (km) of the distance from (lat, lon) to anything in the chunk's envelope. */
    private static double lowerBoundKm(Chunk chunk, double lat, double lon, double cosWidest) {
        double[] xy = chunk.xy();
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int k = chunk.from(); k <= chunk.to(); k++) {
            minX = Math.min(minX, xy[2 * k]);
            maxX = Math.max(maxX, xy[2 * k]);
            minY = Math.min(minY, xy[2 * k + 1]);
            maxY = Math.max(maxY, xy[2 * k + 1]);
        }
        double dy = lat < minY ? minY - lat : lat > maxY ? lat - maxY : 0;
        double dx = lon < minX ? minX - lon : lon > maxX ? lon - maxX : 0;
        dx = Math.min(dx, 360 - dx);
        return Math.max(dy * KM_PER_DEGREE, dx * KM_PER_DEGREE * cosWidest) * 0.99;
    }

    /** Angle (radians) from unit vector p to the shorter great-circle arc between unit vectors a and b. */
    static double arcDistance(double[] p, double[] a, double[] b) {
        double nx = a[1] * b[2] - a[2] * b[1];
        double ny = a[2] * b[0] - a[0] * b[2];
        double nz = a[0] * b[1] - a[1] * b[0];
        double norm = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (norm > 1e-12) {
            nx /= norm;
            ny /= norm;
            nz /= norm;
            double pn = p[0] * nx + p[1] * ny + p[2] * nz;
            // p projected onto the arc's plane lies between a and b when it is on the inner side of both ends.
            double qx = p[0] - pn * nx;
            double qy = p[1] - pn * ny;
            double qz = p[2] - pn * nz;
            double sideA = nx * (a[1] * qz - a[2] * qy) + ny * (a[2] * qx - a[0] * qz) + nz * (a[0] * qy - a[1] * qx);
            double sideB = nx * (qy * b[2] - qz * b[1]) + ny * (qz * b[0] - qx * b[2]) + nz * (qx * b[1] - qy * b[0]);
            if (sideA >= 0 && sideB >= 0) {
                return Math.asin(Math.min(1.0, Math.abs(pn)));
            }
        }
        return Math.min(angle(p, a), angle(p, b));
    }

    static double angle(double[] u, double[] v) {
        double cx = u[1] * v[2] - u[2] * v[1];
        double cy = u[2] * v[0] - u[0] * v[2];
        double cz = u[0] * v[1] - u[1] * v[0];
        double dot = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
        return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), dot);
    }
}
