package io.placebench.simulator.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A small world gazetteer (about 300 large cities on every inhabited continent) used to turn a guessed point
 * into an address. Linear nearest-neighbour search: at this size it is a few microseconds.
 */
public final class Gazetteer {

    public static final String RESOURCE = "/gazetteer.csv";

    private static volatile Gazetteer builtIn;

    private final List<City> cities;

    public Gazetteer(List<City> cities) {
        if (cities.isEmpty()) {
            throw new IllegalArgumentException("a gazetteer needs at least one city");
        }
        this.cities = List.copyOf(cities);
    }

    /** The gazetteer shipped in the jar ({@code gazetteer.csv}), loaded once. */
    public static Gazetteer builtIn() {
        Gazetteer g = builtIn;
        if (g == null) {
            synchronized (Gazetteer.class) {
                if (builtIn == null) {
                    builtIn = load(Gazetteer.class.getResourceAsStream(RESOURCE));
                }
                g = builtIn;
            }
        }
        return g;
    }

    /** Parses the CSV: header line, then name,admin1,country_code,country,latitude,longitude,population. */
    public static Gazetteer load(InputStream in) {
        if (in == null) {
            throw new IllegalStateException("gazetteer resource missing: " + RESOURCE);
        }
        List<City> cities = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine(); // header
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 7) {
                    throw new IllegalStateException("gazetteer line " + lineNo + ": expected 7 fields, got " + f.length);
                }
                cities.add(new City(f[0], f[1], f[2], f[3],
                        new GeoPoint(Double.parseDouble(f[4]), Double.parseDouble(f[5])), Long.parseLong(f[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Gazetteer(cities);
    }

    public List<City> cities() {
        return cities;
    }

    public City nearest(GeoPoint p) {
        City best = null;
        double bestKm = Double.MAX_VALUE;
        for (City c : cities) {
            double d = GeoMath.distanceKm(p, c.location());
            if (d < bestKm) {
                bestKm = d;
                best = c;
            }
        }
        return best;
    }

    /** Cities with at least {@code minPopulation} inhabitants, largest first (what a clueless model guesses). */
    public List<City> bigCities(long minPopulation) {
        return cities.stream()
                .filter(c -> c.population() >= minPopulation)
                .sorted(Comparator.comparingLong(City::population).reversed().thenComparing(City::name))
                .toList();
    }
}
