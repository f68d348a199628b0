package io.placebench.analytics.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The web page's committed map data ({@code web/public/map/*.json}, written by tools/geodata/webmap.sh): valid
 * polygon FeatureCollections that Leaflet draws without stripes across the map (no edge jumps the
 * antimeridian), keyed by the codes analytics stores (ISO 3166-1 alpha-2, ISO 3166-2), within the page's size
 * budget.
 */
class MapDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNTRIES = "web/public/map/countries.json";
    private static final String REGIONS = "web/public/map/regions.json";

    @Test
    void countriesAreValidPolygonsKeyedByAlpha2() throws IOException {
        byte[] raw = resource(COUNTRIES);
        Map<String, JsonNode> features = checkFeatureCollection(raw);
        for (String code : List.of("RU", "FJ", "US", "FR", "BR", "AU")) {
            assertTrue(features.containsKey(code), "country " + code);
        }
        features.forEach((code, f) -> {
            assertTrue(code.matches("[A-Z]{2}"), "alpha-2 code " + code);
            assertFalse(f.at("/properties/name").asText().isBlank(), code);
            assertFalse(f.at("/properties/continent").asText().isBlank(), code);
        });
        List<double[]> russia = points(features.get("RU").get("geometry"));
        assertTrue(russia.stream().anyMatch(p -> p[0] > 170), "Russia east of 170 E");
        assertTrue(russia.stream().anyMatch(p -> p[0] < -170), "Russia's Chukotka west of 170 W");
        assertTrue(gzippedSize(raw) < 500_000, "countries.json gzipped " + gzippedSize(raw));
    }

    @Test
    void regionsAreValidPolygonsKeyedByIsoCodes() throws IOException {
        byte[] raw = resource(REGIONS);
        Map<String, JsonNode> features = checkFeatureCollection(raw);
        // scoring's first-level regions: French regions (not departments), the UK's four nations
        for (String code : List.of("US-CA", "US-TX", "FR-IDF", "FR-HDF", "FR-ARA", "GB-ENG", "GB-SCT", "GB-WLS",
                "GB-NIR")) {
            assertTrue(features.containsKey(code), "region " + code);
        }
        assertFalse(features.containsKey("FR-75"), "no French department");
        Set<String> countries = checkFeatureCollection(resource(COUNTRIES)).keySet();
        features.forEach((code, f) -> {
            String country = f.at("/properties/country").asText();
            assertTrue(countries.contains(country), code + " in a known country");
            // ISO 3166-2 code, or analytics' group id country/name for a region without one
            String name = f.at("/properties/name").asText();
            assertTrue(code.startsWith(country + "-") || code.equals(country + "/" + name), code);
        });
        assertEquals("California", features.get("US-CA").at("/properties/name").asText());
        assertTrue(gzippedSize(raw) < 1_500_000, "regions.json gzipped " + gzippedSize(raw));
    }

    /** Checks the structure and every ring; returns the features by their code (which must be unique). */
    private static Map<String, JsonNode> checkFeatureCollection(byte[] raw) throws IOException {
        JsonNode root = JSON.readTree(raw);
        assertEquals("FeatureCollection", root.path("type").asText());
        assertTrue(root.path("features").isArray() && !root.path("features").isEmpty());
        Map<String, JsonNode> byCode = new HashMap<>();
        for (JsonNode f : root.get("features")) {
            assertEquals("Feature", f.path("type").asText());
            String code = f.at("/properties/code").asText();
            assertFalse(code.isBlank(), "code of " + f.get("properties"));
            assertTrue(byCode.put(code, f) == null, "unique code " + code);
            for (JsonNode polygon : polygons(f.get("geometry"))) {
                assertFalse(polygon.isEmpty(), code);
                for (JsonNode ring : polygon) {
                    checkRing(code, ring);
                }
            }
        }
        return byCode;
    }

    private static void checkRing(String code, JsonNode ring) {
        assertTrue(ring.size() >= 4, code + ": ring of " + ring.size() + " points");
        assertEquals(ring.get(0), ring.get(ring.size() - 1), code + ": ring not closed");
        double previous = Double.NaN;
        for (JsonNode p : ring) {
            assertEquals(2, p.size(), code);
            double lon = p.get(0).asDouble();
            double lat = p.get(1).asDouble();
            assertTrue(lon >= -180 && lon <= 180, code + ": longitude " + lon);
            assertTrue(lat >= -90 && lat <= 90, code + ": latitude " + lat);
            assertFalse(Math.abs(lon - previous) > 180, code + ": edge across the antimeridian at " + p);
            previous = lon;
        }
    }

    private static List<JsonNode> polygons(JsonNode geometry) {
        assertNotNull(geometry);
        List<JsonNode> polygons = new ArrayList<>();
        switch (geometry.path("type").asText()) {
            case "Polygon" -> polygons.add(geometry.get("coordinates"));
            case "MultiPolygon" -> geometry.get("coordinates").forEach(polygons::add);
            default -> throw new AssertionError("not a (Multi)Polygon: " + geometry.path("type"));
        }
        return polygons;
    }

    private static List<double[]> points(JsonNode geometry) {
        List<double[]> points = new ArrayList<>();
        for (JsonNode polygon : polygons(geometry)) {
            for (JsonNode ring : polygon) {
                ring.forEach(p -> points.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()}));
            }
        }
        return points;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = MapDataTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name + " on the class path (regenerate: tools/geodata/webmap.sh)");
            return in.readAllBytes();
        }
    }

    private static int gzippedSize(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.size();
    }
}
