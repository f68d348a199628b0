package io.placebench.scoring.tools;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.placebench.scoring.domain.geo.Country;
import io.placebench.scoring.domain.geo.GeoData;
import io.placebench.scoring.domain.geo.GeoDataFormat;
import io.placebench.scoring.domain.geo.Region;
import io.placebench.scoring.domain.geo.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * Writes the static map data of analytics-service's web page (no tile server) from the geocoder's committed
 * resource ({@link GeoData#loadDefault()}, ISO view): {@code countries.json} and {@code regions.json}, compact
 * GeoJSON FeatureCollections (RFC 7946: counter-clockwise shells, clockwise holes) whose {@code code} property
 * is the key analytics groups by, so the page can join its figures to the shapes:
 * <ul>
 * <li>country: the ISO 3166-1 alpha-2 code ({@code truth_country_code}/{@code pred_country_code}), with
 * {@code name} and {@code continent} (name);</li>
 * <li>region: the ISO 3166-2 code ({@code truth_region_code}), or for a region without one
 * {@code <alpha-2>/<region name>}, the group id analytics' region table uses then (its stored code is null);
 * with {@code name} and {@code country} (alpha-2).</li>
 * </ul>
 * Each feature is the union of its Natural Earth units (sliver gaps between them filled, enclaves kept as
 * holes), simplified with {@link TopologyPreservingSimplifier} and rounded (default 2 decimals, about 1 km);
 * repeated points are dropped and so are rings that collapse (fewer than 4 points or no area). A feature that
 * would vanish entirely (Vatican City; in regions.json some Maltese councils and atolls) keeps more decimals,
 * up to {@value #MAX_DECIMALS}. Natural Earth polygons are cut at ±180, so no edge crosses the antimeridian
 * (Leaflet would draw it across the map); the only edges longer than 180 degrees run along the South Pole
 * (Antarctica) and are split into {@value #POLE_STEP_DEGREES}-degree steps. Any other such edge fails the run.
 * Run by {@code tools/geodata/webmap.sh}; documented in tools/geodata/README.md. The output is deterministic.
 */
public final class WebMapWriter {

    private static final int VIEW = GeoDataFormat.VIEW_ISO;
    private static final int MAX_DECIMALS = 5;
    /** Longest step, in degrees, of an edge along a pole. */
    private static final int POLE_STEP_DEGREES = 90;

    /** One output feature before serialisation: properties in order, rings as scaled integers. */
    record Feature(Map<String, String> properties, List<List<long[]>> polygons, int decimals) {
    }

    private final GeoData data;
    private final int decimals;
    /** All units by envelope, to tell an enclave from a gap. */
    private final STRtree unitIndex = new STRtree();
    private final Map<Integer, PreparedGeometry> prepared = new HashMap<>();
    private int gapsFilled;
    private int enclavesKept;
    private int poleEdges;

    WebMapWriter(GeoData data, int decimals) {
        this.data = data;
        this.decimals = decimals;
        for (Unit u : data.units) {
            unitIndex.insert(u.geometry().getEnvelopeInternal(), u);
        }
        unitIndex.build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Path out = Path.of(opts.getOrDefault("--out", "analytics-service/src/main/resources/web/public/map"));
        double countryTolerance = Double.parseDouble(opts.getOrDefault("--country-tolerance", "0.05"));
        double regionTolerance = Double.parseDouble(opts.getOrDefault("--region-tolerance", "0.03"));
        int decimals = Integer.parseInt(opts.getOrDefault("--decimals", "2"));
        long start = System.nanoTime();
        GeoData data = GeoData.loadDefault();
        System.out.println(data);
        WebMapWriter writer = new WebMapWriter(data, decimals);
        Files.createDirectories(out);
        writer.write(out.resolve("countries.json"), writer.countries(countryTolerance), countryTolerance);
        writer.write(out.resolve("regions.json"), writer.regions(regionTolerance), regionTolerance);
        System.out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    // ---------------------------------------------------------------- features

    /** One feature per country of the ISO view that has units, sorted by code. */
    Map<String, Feature> countries(double tolerance) {
        Map<Integer, List<Unit>> parts = new TreeMap<>();
        for (Unit u : data.units) {
            if (u.country(VIEW) >= 0) {
                parts.computeIfAbsent(u.country(VIEW), k -> new ArrayList<>()).add(u);
            }
        }
        Map<String, Feature> features = new TreeMap<>();
        for (Map.Entry<Integer, List<Unit>> e : parts.entrySet()) {
            Country c = data.country(e.getKey());
            if (c.alpha2() == null) {
                // analytics stores a null country code for such an entity: nothing could join to it
                System.out.println("skipped country without an alpha-2 code: " + c.name());
                continue;
            }
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("code", c.alpha2());
            properties.put("name", c.name());
            properties.put("continent", data.continent(c.continent()).name());
            features.put(c.alpha2(), feature(properties, e.getValue(), tolerance));
        }
        return features;
    }

    /** One feature per first-level region of the ISO view that has units, sorted by code. */
    Map<String, Feature> regions(double tolerance) {
        Map<Integer, List<Unit>> parts = new TreeMap<>();
        for (Unit u : data.units) {
            if (u.region(VIEW) >= 0) {
                parts.computeIfAbsent(u.region(VIEW), k -> new ArrayList<>()).add(u);
            }
        }
        Map<String, Feature> features = new TreeMap<>();
        for (Map.Entry<Integer, List<Unit>> e : parts.entrySet()) {
            Region r = data.region(e.getKey());
            String country = data.country(r.country()).alpha2();
            if (country == null) {
                System.out.println("skipped region of a country without an alpha-2 code: " + r.name());
                continue;
            }
            String code = regionCode(r, country);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("code", code);
            properties.put("name", r.name());
            properties.put("country", country);
            if (features.put(code, feature(properties, e.getValue(), tolerance)) != null) {
                throw new IllegalStateException("Two regions share the code " + code);
            }
        }
        return features;
    }

    /**
     * The region's key in analytics: its ISO 3166-2 code (what scoring sends as {@code GeoPlace.regionCode} and
     * analytics stores as {@code truth_region_code}), else {@code country/name} as analytics' region table
     * groups a region without a code.
     */
    static String regionCode(Region region, String countryAlpha2) {
        return region.isoCode() != null ? region.isoCode() : countryAlpha2 + "/" + region.name();
    }

    private Feature feature(Map<String, String> properties, List<Unit> units, double tolerance) {
        Geometry union = units.size() == 1 ? units.get(0).geometry()
                : OverlayNGRobust.union(units.stream().map(Unit::geometry).toList());
        Geometry simplified = TopologyPreservingSimplifier.simplify(fillGaps(union, units), tolerance);
        for (int d = decimals; d <= MAX_DECIMALS; d++) {
            List<List<long[]>> polygons = rings(simplified, d);
            if (!polygons.isEmpty()) {
                return new Feature(properties, polygons, d);
            }
        }
        throw new IllegalStateException("No polygon left for " + properties);
    }

    /**
     * {@code union} without the holes that are gaps between its own units: the geocoder's units were simplified
     * one by one (0.001 degree), so neighbours no longer share their border exactly and a union leaves thousands
     * of sliver holes. A hole is kept only when it holds another unit (an enclave: Lesotho, San Marino...).
     */
    private Geometry fillGaps(Geometry union, List<Unit> members) {
        List<Polygon> polygons = new ArrayList<>();
        for (int i = 0; i < union.getNumGeometries(); i++) {
            Polygon p = (Polygon) union.getGeometryN(i);
            List<LinearRing> holes = new ArrayList<>();
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                LinearRing hole = p.getInteriorRingN(h);
                if (holdsOtherUnit(GeoData.GEOMETRY.createPolygon(hole).getInteriorPoint(), members)) {
                    holes.add(hole);
                    enclavesKept++;
                } else {
                    gapsFilled++;
                }
            }
            polygons.add(GeoData.GEOMETRY.createPolygon(p.getExteriorRing(), holes.toArray(LinearRing[]::new)));
        }
        return polygons.size() == 1 ? polygons.get(0)
                : GeoData.GEOMETRY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    private boolean holdsOtherUnit(Point point, List<Unit> members) {
        for (Object o : unitIndex.query(point.getEnvelopeInternal())) {
            Unit u = (Unit) o;
            if (!members.contains(u) && prepared.computeIfAbsent(u.index(),
                    k -> PreparedGeometryFactory.prepare(u.geometry())).covers(point)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- rings

    /** The polygons of {@code g} rounded to {@code d} decimals: shell first, then holes; empty when all collapse. */
    private List<List<long[]>> rings(Geometry g, int d) {
        double scale = Math.pow(10, d);
        List<List<long[]>> polygons = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            long[] shell = ring(p.getExteriorRing().getCoordinates(), scale, true);
            if (shell == null) {
                continue;
            }
            List<long[]> polygon = new ArrayList<>();
            polygon.add(shell);
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                long[] hole = ring(p.getInteriorRingN(h).getCoordinates(), scale, false);
                if (hole != null) {
                    polygon.add(hole);
                }
            }
            polygons.add(polygon);
        }
        return polygons;
    }

    /**
     * A closed ring as x0,y0,x1,y1... scaled integers: rounded, repeated points dropped, oriented (RFC 7946),
     * edges along a pole split into steps of at most {@value #POLE_STEP_DEGREES} degrees; null when fewer than 4
     * points or no area remain.
     */
    private long[] ring(Coordinate[] coordinates, double scale, boolean shell) {
        List<long[]> points = new ArrayList<>();
        for (Coordinate c : coordinates) {
            long[] p = {Math.round(c.x * scale), Math.round(c.y * scale)};
            if (points.isEmpty() || !Arrays.equals(points.get(points.size() - 1), p)) {
                points.add(p);
            }
        }
        if (points.size() < 4 || !Arrays.equals(points.get(0), points.get(points.size() - 1))) {
            return null;
        }
        long twiceArea = 0;
        for (int k = 1; k < points.size(); k++) {
            twiceArea += points.get(k - 1)[0] * points.get(k)[1] - points.get(k)[0] * points.get(k - 1)[1];
        }
        if (twiceArea == 0) {
            return null;
        }
        if ((twiceArea > 0) != shell) {
            Collections.reverse(points);
        }
        long half = Math.round(180 * scale);
        long pole = Math.round(90 * scale);
        long step = Math.round(POLE_STEP_DEGREES * scale);
        List<long[]> out = new ArrayList<>();
        out.add(points.get(0));
        for (int k = 1; k < points.size(); k++) {
            long[] a = points.get(k - 1);
            long[] b = points.get(k);
            if (Math.abs(b[0] - a[0]) > half) {
                if (a[1] != b[1] || Math.abs(a[1]) != pole) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "Edge (%d, %d) -> (%d, %d) crosses the antimeridian (scale %.0f)", a[0], a[1], b[0],
                            b[1], scale));
                }
                poleEdges++;
                long direction = Long.signum(b[0] - a[0]);
                for (long x = a[0] + direction * step; direction * (b[0] - x) > 0; x += direction * step) {
                    out.add(new long[] {x, a[1]});
                }
            }
            out.add(b);
        }
        long[] flat = new long[out.size() * 2];
        for (int k = 0; k < out.size(); k++) {
            flat[2 * k] = out.get(k)[0];
            flat[2 * k + 1] = out.get(k)[1];
        }
        return flat;
    }

    // ---------------------------------------------------------------- output

    private void write(Path file, Map<String, Feature> features, double tolerance) throws IOException {
        System.out.printf(Locale.ROOT,
                "%s: %d gaps between units filled, %d enclaves kept as holes, %d edges along a pole split%n",
                file.getFileName(), gapsFilled, enclavesKept, poleEdges);
        gapsFilled = 0;
        enclavesKept = 0;
        poleEdges = 0;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 22);
        int polygons = 0;
        int rings = 0;
        long points = 0;
        List<String> finer = new ArrayList<>();
        try (JsonGenerator json = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("type", "FeatureCollection");
            json.writeArrayFieldStart("features");
            for (Feature f : features.values()) {
                if (f.decimals() != decimals) {
                    finer.add(f.properties().get("code") + " (" + f.decimals() + ")");
                }
                json.writeStartObject();
                json.writeStringField("type", "Feature");
                json.writeObjectFieldStart("properties");
                for (Map.Entry<String, String> p : f.properties().entrySet()) {
                    json.writeStringField(p.getKey(), p.getValue());
                }
                json.writeEndObject();
                json.writeObjectFieldStart("geometry");
                boolean multi = f.polygons().size() > 1;
                json.writeStringField("type", multi ? "MultiPolygon" : "Polygon");
                json.writeArrayFieldStart("coordinates");
                for (List<long[]> polygon : f.polygons()) {
                    if (multi) {
                        json.writeStartArray();
                    }
                    for (long[] ring : polygon) {
                        json.writeStartArray();
                        for (int k = 0; k < ring.length; k += 2) {
                            json.writeStartArray();
                            json.writeNumber(number(ring[k], f.decimals()));
                            json.writeNumber(number(ring[k + 1], f.decimals()));
                            json.writeEndArray();
                        }
                        json.writeEndArray();
                        rings++;
                        points += ring.length / 2;
                    }
                    if (multi) {
                        json.writeEndArray();
                    }
                    polygons++;
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        byte[] raw = bytes.toByteArray();
        Files.write(file, raw);
        System.out.printf(Locale.ROOT,
                "%s: %d features, %d polygons, %d rings, %d points (tolerance %.3f deg, %d decimals); "
                        + "%,d bytes, %,d gzipped%n",
                file, features.size(), polygons, rings, points, tolerance, decimals, raw.length, gzippedSize(raw));
        if (!finer.isEmpty()) {
            System.out.println("  kept with more decimals: " + finer);
        }
    }

    private static String number(long scaled, int decimals) {
        return scaled == 0 ? "0" : BigDecimal.valueOf(scaled, decimals).stripTrailingZeros().toPlainString();
    }

    static int gzippedSize(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.size();
    }
}
