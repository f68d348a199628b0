package io.placebench.scoring.domain.geo;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;

/**
 * The geocoder's data: continents, countries, first-level regions, Natural Earth units with their polygons, and
 * GeoNames places, read from the committed resources ({@link GeoDataFormat}). Pure Java, no framework.
 */
public final class GeoData {

    public static final GeometryFactory GEOMETRY = new GeometryFactory(PackedCoordinateSequenceFactory.DOUBLE_FACTORY);

    public final String version;
    public final List<Continent> continents;
    public final List<Country> countries;
    public final List<Region> regions;
    public final List<Unit> units;
    public final Places places;

    public GeoData(String version, List<Continent> continents, List<Country> countries, List<Region> regions,
            List<Unit> units, Places places) {
        this.version = version;
        this.continents = List.copyOf(continents);
        this.countries = List.copyOf(countries);
        this.regions = List.copyOf(regions);
        this.units = List.copyOf(units);
        this.places = places;
    }

    /** Loads both resources from the class path. */
    public static GeoData loadDefault() {
        ClassLoader loader = GeoData.class.getClassLoader();
        try (InputStream regions = loader.getResourceAsStream(GeoDataFormat.REGIONS_RESOURCE);
                InputStream places = loader.getResourceAsStream(GeoDataFormat.PLACES_RESOURCE)) {
            if (regions == null || places == null) {
                throw new IllegalStateException("Geocoder resources " + GeoDataFormat.REGIONS_RESOURCE + " and "
                        + GeoDataFormat.PLACES_RESOURCE + " are not on the class path (regenerate: tools/geodata)");
            }
            return load(regions, places);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GeoData load(InputStream regionsGz, InputStream placesGz) throws IOException {
        Places places = readPlaces(placesGz);
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(new GZIPInputStream(regionsGz, 1 << 16), 1 << 16))) {
            check(in.readInt(), GeoDataFormat.REGIONS_MAGIC, in.readInt());
            String version = in.readUTF();
            int n = in.readInt();
            List<Continent> continents = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                continents.add(new Continent(in.readUTF(), in.readUTF()));
            }
            n = in.readInt();
            List<Country> countries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                countries.add(new Country(i, nullIfEmpty(in.readUTF()), nullIfEmpty(in.readUTF()), in.readUTF(),
                        nullIfEmpty(in.readUTF()), in.readByte(), split(in.readUTF())));
            }
            n = in.readInt();
            List<Region> regions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                regions.add(new Region(i, in.readInt(), in.readUTF(), nullIfEmpty(in.readUTF()), split(in.readUTF())));
            }
            n = in.readInt();
            List<Unit> units = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                String neCode = in.readUTF();
                int[] region = {in.readInt(), in.readInt()};
                int[] country = {in.readInt(), in.readInt()};
                int continent = in.readByte();
                String dispute = nullIfEmpty(in.readUTF());
                units.add(new Unit(i, name, neCode, region, country, continent, dispute, readGeometry(in)));
            }
            return new GeoData(version, continents, countries, regions, units, places);
        }
    }

    private static Geometry readGeometry(DataInputStream in) throws IOException {
        int polygons = (int) VarInts.readUnsigned(in);
        Polygon[] parts = new Polygon[polygons];
        long x = 0;
        long y = 0;
        for (int p = 0; p < polygons; p++) {
            int rings = (int) VarInts.readUnsigned(in);
            LinearRing shell = null;
            LinearRing[] holes = new LinearRing[Math.max(0, rings - 1)];
            for (int r = 0; r < rings; r++) {
                int points = (int) VarInts.readUnsigned(in);
                double[] packed = new double[points * 2];
                for (int k = 0; k < points; k++) {
                    x += VarInts.readSigned(in);
                    y += VarInts.readSigned(in);
                    packed[2 * k] = x / GeoDataFormat.SCALE;
                    packed[2 * k + 1] = y / GeoDataFormat.SCALE;
                }
                LinearRing ring = GEOMETRY.createLinearRing(
                        PackedCoordinateSequenceFactory.DOUBLE_FACTORY.create(packed, 2));
                if (r == 0) {
                    shell = ring;
                } else {
                    holes[r - 1] = ring;
                }
            }
            parts[p] = GEOMETRY.createPolygon(shell, holes);
        }
        return parts.length == 1 ? parts[0] : GEOMETRY.createMultiPolygon(parts);
    }

    static Places readPlaces(InputStream placesGz) throws IOException {
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(new GZIPInputStream(placesGz, 1 << 16), 1 << 16))) {
            check(in.readInt(), GeoDataFormat.PLACES_MAGIC, in.readInt());
            int n = in.readInt();
            Places places = new Places(n);
            long id = 0;
            for (int i = 0; i < n; i++) {
                id += VarInts.readUnsigned(in);
                places.geonameId[i] = id;
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v += VarInts.readSigned(in);
                places.latitude[i] = v / GeoDataFormat.SCALE;
            }
            v = 0;
            for (int i = 0; i < n; i++) {
                v += VarInts.readSigned(in);
                places.longitude[i] = v / GeoDataFormat.SCALE;
            }
            for (int i = 0; i < n; i++) {
                places.population[i] = (int) VarInts.readUnsigned(in);
            }
            readDictionaryColumn(in, places.country);
            readDictionaryColumn(in, places.featureCode);
            readDictionaryColumn(in, places.admin1);
            for (int i = 0; i < n; i++) {
                places.name[i] = in.readUTF();
            }
            return places;
        }
    }

    private static void readDictionaryColumn(DataInputStream in, String[] column) throws IOException {
        int size = (int) VarInts.readUnsigned(in);
        String[] dictionary = new String[size];
        for (int i = 0; i < size; i++) {
            dictionary[i] = in.readUTF();
        }
        for (int i = 0; i < column.length; i++) {
            column[i] = dictionary[(int) VarInts.readUnsigned(in)];
        }
    }

    private static void check(int magic, int expected, int version) throws IOException {
        if (magic != expected || version != GeoDataFormat.VERSION) {
            throw new IOException("Not a geodata resource of format version " + GeoDataFormat.VERSION);
        }
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split("\\|"));
    }

    public Country country(int index) {
        return index < 0 ? null : countries.get(index);
    }

    public Region region(int index) {
        return index < 0 ? null : regions.get(index);
    }

    public Continent continent(int index) {
        return index < 0 ? null : continents.get(index);
    }

    @Override
    public String toString() {
        return "GeoData[" + version + ", " + countries.size() + " countries, " + regions.size() + " regions, "
                + units.size() + " units, " + places.size + " places]";
    }
}
