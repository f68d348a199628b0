package io.placebench.scoring.domain.geo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The acceptance measure: reverse geocode every GeoNames populated place of the committed resource and
 * compare with GeoNames' own labels.
 *
 * <ul>
 * <li><b>Country agreement</b>: the ISO-view alpha-2 equals the place's GeoNames country code. Places that fall in
 * a unit with a documented dispute (docs/geocoder.md) are left aside; the figure with them is printed too.</li>
 * <li><b>Region consistency</b>: GeoNames admin1 codes are not ISO 3166-2, so the two partitions are compared
 * through their majority crosswalk, in both directions: a place is consistent when its region is the one most
 * places of its GeoNames admin1 get, and its GeoNames admin1 is the one most places of its region carry. Over
 * places whose country agrees.</li>
 * </ul>
 */
class GeoNamesAgreementTest {

    @Test
    void countryAndRegionAgreeWithGeoNames() {
        ReverseGeocoder geocoder = SharedGeocoder.iso();
        Places places = geocoder.data().places;
        int total = 0;
        int disputed = 0;
        int agreeAll = 0;
        int agree = 0;
        int[] regionOf = new int[places.size];
        Map<String, Integer> confusions = new HashMap<>();
        Map<String, Map<Integer, Integer>> regionsByAdmin1 = new HashMap<>();
        Map<Integer, Map<String, Integer>> admin1ByRegion = new HashMap<>();
        for (int i = 0; i < places.size; i++) {
            regionOf[i] = -2;
            GeoLabel label = geocoder.lookup(places.latitude[i], places.longitude[i]);
            String code = label.country() == null ? null : label.country().alpha2();
            boolean same = places.country[i].equals(code);
            total++;
            if (same) {
                agreeAll++;
            }
            if (label.dispute() != null) {
                disputed++;
                continue;
            }
            if (same) {
                agree++;
                if (label.region() != null) {
                    int region = label.region().index();
                    regionOf[i] = region;
                    String admin1 = places.country[i] + "." + places.admin1[i];
                    regionsByAdmin1.computeIfAbsent(admin1, k -> new HashMap<>()).merge(region, 1, Integer::sum);
                    admin1ByRegion.computeIfAbsent(region, k -> new HashMap<>()).merge(admin1, 1, Integer::sum);
                }
            } else {
                confusions.merge(places.country[i] + "->" + code + "(" + label.method() + ")", 1, Integer::sum);
            }
        }
        int regionTotal = 0;
        int forward = 0;
        int both = 0;
        Map<String, Integer> regionMisses = new HashMap<>();
        for (int i = 0; i < places.size; i++) {
            if (regionOf[i] < 0) {
                continue;
            }
            String admin1 = places.country[i] + "." + places.admin1[i];
            regionTotal++;
            boolean f = mode(regionsByAdmin1.get(admin1)).equals(regionOf[i]);
            boolean b = mode(admin1ByRegion.get(regionOf[i])).equals(admin1);
            if (f) {
                forward++;
            }
            if (f && b) {
                both++;
            } else {
                regionMisses.merge(places.country[i], 1, Integer::sum);
            }
        }
        double countryPct = 100.0 * agree / (total - disputed);
        double countryAllPct = 100.0 * agreeAll / total;
        double regionPct = 100.0 * both / regionTotal;
        System.out.printf(Locale.ROOT,
                "GeoNames agreement: country %.3f%% of %d places (%.3f%% of all %d, %d in disputed areas);"
                        + " region consistent %.3f%% both ways, %.3f%% admin1->region, of %d places%n",
                countryPct, total - disputed, countryAllPct, total, disputed, regionPct, 100.0 * forward / regionTotal,
                regionTotal);
        System.out.println("Country disagreements (GeoNames->geocoder): " + top(confusions, 40));
        System.out.println("Region inconsistencies by country: " + top(regionMisses, 30));
        String debug = System.getProperty("geonames.debug");
        if (debug != null) {
            for (String cc : debug.split(",")) {
                regionsByAdmin1.forEach((admin1, byRegion) -> {
                    if (admin1.startsWith(cc + ".")) {
                        System.out.println(admin1 + " -> " + byRegion.entrySet().stream()
                                .map(e -> geocoder.data().regions.get(e.getKey()).name() + "/"
                                        + geocoder.data().regions.get(e.getKey()).isoCode() + "=" + e.getValue())
                                .collect(Collectors.joining(", ")));
                    }
                });
            }
        }
        assertTrue(countryPct >= 99.5, "country agreement " + countryPct);
        assertTrue(regionPct >= 97.0, "region consistency " + regionPct);
    }

    private static <K> K mode(Map<K, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.<K, Integer>comparingByValue()
                .thenComparing(e -> String.valueOf(e.getKey()), java.util.Comparator.reverseOrder()))
                .orElseThrow().getKey();
    }

    private static String top(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
