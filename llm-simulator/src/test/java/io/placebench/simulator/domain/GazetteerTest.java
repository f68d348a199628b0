package io.placebench.simulator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GazetteerTest {

    private final Gazetteer g = Gazetteer.builtIn();

    @Test
    void hasAboutTwoHundredOrMoreValidCities() {
        List<City> cities = g.cities();
        assertTrue(cities.size() >= 200, "cities: " + cities.size());
        Set<String> keys = new HashSet<>();
        for (City c : cities) {
            assertTrue(c.countryCode().matches("[A-Z]{2}"), c.toString());
            assertTrue(!c.name().isBlank() && !c.admin1().isBlank() && !c.country().isBlank(), c.toString());
            assertTrue(c.population() > 0, c.toString());
            assertTrue(keys.add(c.name() + "|" + c.countryCode()), "duplicate " + c.name());
        }
    }

    @Test
    void coversEveryInhabitedContinent() {
        Set<String> codes = new HashSet<>();
        g.cities().forEach(c -> codes.add(c.countryCode()));
        for (String cc : List.of("US", "CA", "MX", "BR", "AR", "NG", "ZA", "KE", "EG", "FR", "DE", "RU", "CN", "IN",
                "JP", "ID", "KZ", "AU", "NZ")) {
            assertTrue(codes.contains(cc), "missing " + cc);
        }
        long africa = g.cities().stream().filter(c -> HardRegions.isHardCountry(c.countryCode())).count();
        assertTrue(africa >= 40, "hard-region cities: " + africa);
    }

    @Test
    void nearestCity() {
        assertEquals("Paris", g.nearest(new GeoPoint(48.86, 2.29)).name());
        assertEquals("Nairobi", g.nearest(new GeoPoint(-1.3, 36.9)).name());
        assertEquals("Wellington", g.nearest(new GeoPoint(-41.3, 174.8)).name());
        assertEquals("Honolulu", g.nearest(new GeoPoint(21.0, -157.0)).name());
    }

    @Test
    void bigCitiesAreLargestFirst() {
        List<City> big = g.bigCities(5_000_000);
        assertTrue(big.size() >= 30);
        assertEquals("Tokyo", big.get(0).name());
        assertTrue(big.stream().allMatch(c -> c.population() >= 5_000_000));
    }

    @Test
    void hardRegions() {
        assertTrue(HardRegions.isHard(new GeoPoint(-1.29, 36.82), g));   // Nairobi
        assertTrue(HardRegions.isHard(new GeoPoint(-23.55, -46.63), g)); // Sao Paulo
        assertTrue(HardRegions.isHard(new GeoPoint(43.24, 76.89), g));   // Almaty
        assertTrue(!HardRegions.isHard(new GeoPoint(48.86, 2.35), g));   // Paris
        assertTrue(!HardRegions.isHard(new GeoPoint(35.68, 139.69), g)); // Tokyo
    }
}
