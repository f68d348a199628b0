package io.placebench.scoring.domain.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-checked points (coordinates from GeoNames / Wikipedia). */
class ReverseGeocoderTest {

    static String describe(GeoLabel l) {
        return (l.continent() == null ? "-" : l.continent().code()) + " "
                + (l.country() == null ? "-" : l.country().key()) + " "
                + (l.region() == null ? "-" : l.region().isoCode() + "/" + l.region().name()) + " "
                + l.method() + " " + (l.place() == null ? "-" : l.place().name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // name; lat; lon; continent; ISO country; ISO 3166-2 of the first-level region ("" = none)
            "Paris; 48.8566; 2.3522; EU; FR; FR-IDF",
            "Lyon (department rolled up to region); 45.7640; 4.8357; EU; FR; FR-ARA",
            "Milan (province rolled up); 45.4642; 9.1900; EU; IT; IT-25",
            "Barcelona (province rolled up); 41.3874; 2.1686; EU; ES; ES-CT",
            "Edinburgh (council area rolled up to nation); 55.9533; -3.1883; EU; GB; GB-SCT",
            "Cardiff; 51.4816; -3.1791; EU; GB; GB-WLS",
            "Antwerp (province rolled up); 51.2194; 4.4025; EU; BE; BE-VLG",
            "Dublin (county rolled up to province); 53.3498; -6.2603; EU; IE; IE-L",
            "Bergen (2020 county); 60.3913; 5.3221; EU; NO; NO-46",
            "San Francisco; 37.7749; -122.4194; NA; US; US-CA",
            "Moscow city; 55.7558; 37.6173; EU; RU; RU-MOW",
            "Vladivostok (Asian Russia); 43.1155; 131.8855; AS; RU; RU-PRI",
            "Tokyo; 35.6762; 139.6503; AS; JP; JP-13",
            "Cayenne (French Guiana unfolded); 4.9224; -52.3135; SA; GF; ",
            "Saint-Denis (Reunion unfolded); -20.8821; 55.4507; AF; RE; ",
            "Longyearbyen (Svalbard unfolded); 78.2232; 15.6267; EU; SJ; ",
            "Kralendijk (Bonaire unfolded); 12.1443; -68.2655; NA; BQ; BQ-BO",
            "Suva, Fiji; -18.1416; 178.4419; OC; FJ; ",
            "Taveuni east of the antimeridian; -16.80; -179.97; OC; FJ; ",
            "Taveuni west of the antimeridian; -16.85; 179.99; OC; FJ; ",
            "Chukotka east of the antimeridian; 66.0; -172.0; AS; RU; RU-CHU",
            "South Pole; -90; 0; AN; AQ; ",
            "Near the South Pole; -89.5; 123.0; AN; AQ; ",
            "Simferopol (Crimea: ISO UA); 44.9521; 34.1024; EU; UA; UA-43",
            "Pristina (Kosovo: ISO RS); 42.6629; 21.1655; EU; RS; RS-KM",
            "Laayoune (Western Sahara: ISO EH); 27.1536; -13.2033; AF; EH; ",
            "Tarfaya (Morocco proper); 27.9390; -12.9260; AF; MA; ",
            "Kyrenia (Northern Cyprus: ISO CY); 35.3364; 33.3199; EU; CY; ",
            "Hargeisa (Somaliland: ISO SO); 9.5624; 44.0770; AF; SO; ",
            "Nice, 5 km off the coast; 43.65; 7.27; EU; FR; FR-PAC"})
    void labelsHandCheckedPoints(String name, double lat, double lon, String continent, String country,
            String region) {
        GeoLabel label = SharedGeocoder.iso().lookup(lat, lon);
        String got = describe(label);
        assertNotNull(label.country(), got);
        assertEquals(continent, label.continent().code(), got);
        assertEquals(country, label.country().alpha2(), got);
        if (region != null) {
            assertEquals(region, label.region().isoCode(), got);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "Simferopol; 44.9521; 34.1024; RU",
            "Pristina; 42.6629; 21.1655; XK",
            "Laayoune; 27.1536; -13.2033; MA",
            "Kyrenia; 35.3364; 33.3199; Northern Cyprus",
            "Hargeisa; 9.5624; 44.0770; Somaliland",
            "Paris; 48.8566; 2.3522; FR"})
    void theDeFactoViewFollowsTheLineOfControl(String name, double lat, double lon, String country) {
        GeoLabel label = SharedGeocoder.deFacto().lookup(lat, lon);
        assertEquals(country, label.country().key(), describe(label));
    }

    @Test
    void disputedAreasCarryTheirNote() {
        assertTrue(SharedGeocoder.iso().lookup(44.9521, 34.1024).dispute().startsWith("Crimea"));
        assertNull(SharedGeocoder.iso().lookup(48.8566, 2.3522).dispute());
    }

    @Test
    void openSeaAndTheNorthPoleHaveNoArea() {
        for (double[] p : new double[][] {{0, 0}, {90, 0}, {90, 180}, {-45, -120}}) {
            GeoLabel label = SharedGeocoder.iso().lookup(p[0], p[1]);
            assertEquals(GeoLabel.Method.NONE, label.method(), describe(label));
            assertNull(label.country());
            assertNull(label.region());
        }
        // (0,0) is far from any town too: the nearest place is beyond the 50 km cap.
        assertNull(SharedGeocoder.iso().lookup(0, 0).place());
    }

    @Test
    void coastalPointsTakeTheNearestRegionWithItsDistance() {
        GeoLabel offNice = SharedGeocoder.iso().lookup(43.65, 7.27);
        assertEquals(GeoLabel.Method.NEAREST, offNice.method());
        assertTrue(offNice.areaDistanceKm() > 0 && offNice.areaDistanceKm() < 25, describe(offNice));
        GeoLabel paris = SharedGeocoder.iso().lookup(48.8566, 2.3522);
        assertEquals(GeoLabel.Method.INSIDE, paris.method());
        assertEquals(0.0, paris.areaDistanceKm());
        // 60 km out to sea west of Brittany: beyond the 25 km fallback.
        assertEquals(GeoLabel.Method.NONE, SharedGeocoder.iso().lookup(48.4, -5.9).method());
    }

    @Test
    void nearestPlaceIsTheGeoNamesTown() {
        GeoLabel.NearestPlace place = SharedGeocoder.iso().lookup(48.8566, 2.3522).place();
        assertEquals("Paris", place.name());
        assertEquals(2988507L, place.geonameId());
        assertTrue(place.population() > 2_000_000);
        assertTrue(place.distanceKm() < 1, "distance " + place.distanceKm());
        assertEquals("FR", place.country());
    }

    @Test
    void nearestPlaceWorksAcrossTheAntimeridian() {
        // Egvekinot, Chukotka (66.32166 N, 179.12198 W) seen from 179.95 E: 0.93 degrees of longitude, about 42 km.
        GeoLabel.NearestPlace place = SharedGeocoder.iso().lookup(66.32166, 179.95).place();
        assertNotNull(place);
        assertEquals("Egvekinot", place.name());
        assertEquals(41.6, place.distanceKm(), 0.5);
        assertEquals(place.geonameId(), SharedGeocoder.iso().lookup(66.32166, 180.0).place().geonameId());
        assertEquals(place.geonameId(), SharedGeocoder.iso().lookup(66.32166, -180.0).place().geonameId());
    }

    @Test
    void rejectsImpossibleCoordinates() {
        assertThrows(IllegalArgumentException.class, () -> SharedGeocoder.iso().lookup(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> SharedGeocoder.iso().lookup(91, 0));
        assertThrows(IllegalArgumentException.class, () -> SharedGeocoder.iso().lookup(0, 180.5));
    }
}
