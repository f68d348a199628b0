package io.placebench.cli.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Samples demo locations: the cities are shuffled (seeded) and cycled, and each point is displaced from its
 * city by a random bearing and a distance of at most {@link #MAX_DISPLACEMENT_KM}. Same seed, same dataset.
 */
public final class DatasetGenerator {

    public static final double MAX_DISPLACEMENT_KM = 15.0;
    public static final double EARTH_RADIUS_KM = 6371.0;

    private DatasetGenerator() {
    }

    public static List<DemoImage> sample(List<DemoCity> cities, int count, long seed) {
        if (cities.isEmpty()) {
            throw new IllegalArgumentException("no cities to sample from");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        Random random = new Random(seed);
        List<DemoCity> order = new ArrayList<>(cities);
        Collections.shuffle(order, random);
        int digits = Math.max(4, Integer.toString(count).length());
        List<DemoImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            DemoCity city = order.get(i % order.size());
            double bearing = random.nextDouble() * 2 * Math.PI;
            double distanceKm = MAX_DISPLACEMENT_KM * Math.sqrt(random.nextDouble()); // uniform over the disc
            double[] p = destination(city.latitude(), city.longitude(), bearing, distanceKm);
            String id = String.format(Locale.ROOT, "demo-%0" + digits + "d", i + 1);
            images.add(new DemoImage(id, "images/" + id + ".jpg", round6(p[0]), round6(p[1]), city));
        }
        return images;
    }

    /** The point {@code distanceKm} from (lat, lon) along the initial {@code bearing} (radians), on a sphere. */
    public static double[] destination(double lat, double lon, double bearing, double distanceKm) {
        double d = distanceKm / EARTH_RADIUS_KM;
        double phi1 = Math.toRadians(lat);
        double lambda1 = Math.toRadians(lon);
        double phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(bearing));
        double lambda2 = lambda1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(phi1),
                Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
        double lon2 = Math.toDegrees(lambda2);
        lon2 = ((lon2 + 540) % 360) - 180; // normalise to [-180, 180)
        return new double[] {Math.toDegrees(phi2), lon2};
    }

    /** Great-circle distance in km (haversine, R = 6371 km). */
    public static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double dPhi = Math.toRadians(lat2 - lat1);
        double dLambda = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2) + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2)) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
