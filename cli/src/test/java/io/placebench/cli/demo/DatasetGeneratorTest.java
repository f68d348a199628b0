package io.placebench.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DatasetGeneratorTest {

    private final List<DemoCity> cities = DemoCities.load();

    @Test
    void bundledCitiesCoverEveryContinent() {
        assertTrue(cities.size() >= 150, "about 150 cities or more, got " + cities.size());
        Set<String> continents = cities.stream().map(DemoCity::continent).collect(Collectors.toSet());
        assertEquals(Set.of("Africa", "Antarctica", "Asia", "Europe", "North America", "Oceania", "South America"),
                continents);
        for (DemoCity c : cities) {
            assertTrue(c.latitude() >= -90 && c.latitude() <= 90, c.name());
            assertTrue(c.longitude() >= -180 && c.longitude() <= 180, c.name());
            assertTrue(c.country().matches("[A-Z]{2}"), c.name() + " country " + c.country());
            assertTrue(!c.name().isBlank() && !c.admin1().isBlank(), c.name());
        }
        assertEquals(cities.size(), cities.stream().map(c -> c.name() + "/" + c.country()).distinct().count(),
                "no duplicate cities");
    }

    @Test
    void samplesStayWithin15KmOfTheirCityAndCycleThroughAllCities() {
        List<DemoImage> images = DatasetGenerator.sample(cities, 400, 42);
        assertEquals(400, images.size());
        Set<String> ids = new HashSet<>();
        Set<DemoCity> used = new HashSet<>();
        for (DemoImage image : images) {
            assertTrue(ids.add(image.id()), "unique id " + image.id());
            assertEquals("images/" + image.id() + ".jpg", image.file());
            double d = DatasetGenerator.haversineKm(image.city().latitude(), image.city().longitude(),
                    image.latitude(), image.longitude());
            assertTrue(d <= DatasetGenerator.MAX_DISPLACEMENT_KM + 1e-3, image.id() + " is " + d + " km away");
            used.add(image.city());
        }
        assertEquals(new HashSet<>(cities), used, "400 > city count, so every city appears");
    }

    @Test
    void theSameSeedGivesTheSameDataset() {
        assertEquals(DatasetGenerator.sample(cities, 240, 7), DatasetGenerator.sample(cities, 240, 7));
        assertNotEquals(DatasetGenerator.sample(cities, 240, 7), DatasetGenerator.sample(cities, 240, 8));
    }

    @Test
    void destinationHandlesTheAntimeridian() {
        double[] p = DatasetGenerator.destination(-13.8333, 179.99, Math.PI / 2, 10);
        assertTrue(p[1] < -179 && p[1] >= -180, "wrapped to " + p[1]);
        assertEquals(10, DatasetGenerator.haversineKm(-13.8333, 179.99, p[0], p[1]), 1e-6);
    }
}
