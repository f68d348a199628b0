package io.placebench.scoring.domain.geo;

/**
 * GeoNames populated places, column by column (about 130,000 of them, population at least 1000 or an
 * administrative seat). Coordinates are in degrees; {@code country} holds ISO 3166-1 alpha-2 codes as GeoNames
 * gives them and {@code admin1} GeoNames' own first-level codes (not ISO).
 */
public final class Places {

    public final int size;
    public final long[] geonameId;
    public final double[] latitude;
    public final double[] longitude;
    public final int[] population;
    public final String[] name;
    public final String[] country;
    public final String[] admin1;
    public final String[] featureCode;

    Places(int size) {
        this.size = size;
        geonameId = new long[size];
        latitude = new double[size];
        longitude = new double[size];
        population = new int[size];
        name = new String[size];
        country = new String[size];
        admin1 = new String[size];
        featureCode = new String[size];
    }

    /** Index of the place with this GeoNames id (places are sorted by id), or -1. */
    public int indexOfId(long id) {
        int i = java.util.Arrays.binarySearch(geonameId, id);
        return i >= 0 ? i : -1;
    }

    /** Radius of the settled area assumed for city matches: sqrt(population / (pi * 3000 /km2)), 2..40 km. */
    public double radiusKm(int i) {
        return radiusForPopulation(population[i]);
    }

    public static double radiusForPopulation(long population) {
        double r = Math.sqrt(Math.max(0, population) / (Math.PI * 3000.0));
        return Math.max(2.0, Math.min(40.0, r));
    }
}
