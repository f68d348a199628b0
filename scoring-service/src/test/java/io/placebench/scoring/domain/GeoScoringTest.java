package io.placebench.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.Address;
import io.placebench.events.GeoPlace;
import io.placebench.events.GroundTruth;
import io.placebench.events.RegionMatches;
import io.placebench.events.TextMatches;
import io.placebench.scoring.domain.geo.SharedGeocoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Region and text matches on hand-checked cases. */
class GeoScoringTest {

    static final GeoScoring GEO = new GeoScoring(SharedGeocoder.iso());

    static RegionMatches regions(double tLat, double tLon, double pLat, double pLon) {
        GeoPlace truth = GEO.label(tLat, tLon);
        return GEO.regionMatches(tLat, tLon, truth, pLat, pLon, GEO.label(pLat, pLon));
    }

    @Test
    void identicalPointsMatchAtEveryLevel() {
        assertEquals(new RegionMatches(true, true, true, true), regions(48.8566, 2.3522, 48.8566, 2.3522));
    }

    @Test
    void versaillesIsParisRegionButAnotherCity() {
        // Versailles is 17 km from Paris: beyond Paris' 15 km radius and Paris is beyond Versailles' 3 km.
        assertEquals(new RegionMatches(true, true, true, false), regions(48.8566, 2.3522, 48.8049, 2.1204));
        // A point 5 km from the centre of Paris, nearer to a suburb, is still the city of Paris.
        assertEquals(new RegionMatches(true, true, true, true), regions(48.8566, 2.3522, 48.8566, 2.42));
    }

    @Test
    void lyonAndParisShareOnlyTheCountry() {
        assertEquals(new RegionMatches(true, true, false, false), regions(48.8566, 2.3522, 45.7640, 4.8357));
    }

    @Test
    void neighbouringCountriesShareTheContinent() {
        // Strasbourg and Kehl, either side of the Rhine: same continent, not the same country.
        RegionMatches m = regions(48.5734, 7.7521, 48.5711, 7.8152);
        assertEquals(true, m.continent());
        assertEquals(false, m.country());
        assertEquals(false, m.region());
    }

    @Test
    void acrossTheAntimeridianFijiIsFiji() {
        RegionMatches m = regions(-16.80, -179.97, -16.85, 179.99);
        assertEquals(true, m.country());
        assertEquals(true, m.continent());
    }

    @Test
    void atTheSouthPoleAntarcticaMatchesButThereIsNoCity() {
        RegionMatches m = regions(-90, 0, -89.0, 45.0);
        assertEquals(new RegionMatches(true, true, true, null), m);
    }

    @Test
    void aTruthAtNullIslandCannotBeScoredByRegion() {
        // (0,0) is open sea: no continent, country, region or town, so every level is null (not wrong).
        assertEquals(new RegionMatches(null, null, null, null), regions(0, 0, 48.8566, 2.3522));
    }

    @Test
    void anUnansweredPredictionMissesEveryLevelTheTruthHas() {
        GeoPlace truth = GEO.label(48.8566, 2.3522);
        assertEquals(new RegionMatches(false, false, false, false),
                GEO.regionMatches(48.8566, 2.3522, truth, null, null, null));
    }

    static TextMatches text(String city, String state, String country, GroundTruth truth) {
        return GEO.textMatches(new Address(null, city, state, country), truth,
                GEO.label(truth.latitude(), truth.longitude()));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', value = {
            "USA; United States", "U.S.A.; US", "United States of America; USA", "america; U.S.",
            "UK; United Kingdom", "Great Britain; GB", "England; United Kingdom", "U.K.; GBR",
            "Deutschland; DE", "Germany; DEU", "Holland; Netherlands", "Ivory Coast; Côte d'Ivoire",
            "Czech Republic; Czechia", "South Korea; Korea, Republic of", "Viet Nam; Vietnam",
            "RUSSIA; Russian Federation", "Türkiye; Turkey", "the Netherlands; NL"})
    void countryAliasesCodesAndNamesMatch(String answered, String truth) {
        TextMatches m = text(null, null, answered, new GroundTruth(0, 0, null, null, truth));
        assertEquals(true, m.country(), answered + " vs " + truth);
    }

    @ParameterizedTest(name = "{0} != {1}")
    @CsvSource(delimiter = ';', value = {"Austria; Australia", "Niger; Nigeria", "North Korea; South Korea",
            "Guinea; Guinea-Bissau", "Congo; Democratic Republic of the Congo"})
    void similarCountriesDoNotMatch(String answered, String truth) {
        TextMatches m = text(null, null, answered, new GroundTruth(0, 0, null, null, truth));
        assertEquals(false, m.country(), answered + " vs " + truth);
    }

    @Test
    void usStatesByNameOrCode() {
        GroundTruth sf = new GroundTruth(37.7749, -122.4194, "San Francisco", "CA", "US");
        assertEquals(true, text("san francisco", "California", "USA", sf).state());
        assertEquals(true, text(null, "ca", null, sf).state());
        assertEquals(true, text(null, "US-CA", null, sf).state());
        assertEquals(false, text(null, "Nevada", null, sf).state());
        GroundTruth dc = new GroundTruth(38.9072, -77.0369, "Washington", "District of Columbia", "US");
        assertEquals(true, text("Washington", "Washington, D.C.", "USA", dc).state());
        assertEquals(true, text("Washington", "DC", "USA", dc).state());
    }

    @Test
    void regionNamesWithAccentsPunctuationAndOtherLanguages() {
        GroundTruth paris = new GroundTruth(48.8566, 2.3522, "Paris", "Île-de-France", "France");
        assertEquals(true, text("PARIS", "ile de france", "france", paris).state());
        assertEquals(true, text("Paris", "IDF", "FR", paris).state());
        GroundTruth barcelona = new GroundTruth(41.3874, 2.1686, "Barcelona", "Catalonia", "Spain");
        assertEquals(true, text("Barcelona", "Cataluña", "España", barcelona).state());
        assertEquals(true, text("Barcelona", "Catalunya", "ES", barcelona).state());
        GroundTruth edinburgh = new GroundTruth(55.9533, -3.1883, "Edinburgh", "Scotland", "United Kingdom");
        assertEquals(true, text("Edinburgh", "SCT", "UK", edinburgh).state());
    }

    @Test
    void cityNamesAreNormalised() {
        GroundTruth stLouis = new GroundTruth(38.627, -90.1994, "Saint Louis", "Missouri", "US");
        assertEquals(true, text("St. Louis", "MO", "USA", stLouis).city());
        GroundTruth saoPaulo = new GroundTruth(-23.5505, -46.6333, "São Paulo", "São Paulo", "Brazil");
        assertEquals(true, text("Sao Paulo", "SP", "Brasil", saoPaulo).city());
        GroundTruth nyc = new GroundTruth(40.7128, -74.006, "New York", "New York", "US");
        assertEquals(true, text("New York City", "NY", "USA", nyc).city());
        assertEquals(true, text("NYC", "NY", "USA", nyc).city());
        assertEquals(false, text("Newark", "NJ", "USA", nyc).city());
    }

    @Test
    void globeRuleIsASubstringWithLengthRatioOfAtLeastSevenTenths() {
        assertTrue(TextNormalizer.globeMatch("Lyon", "Lyons"));           // 4/5 = 0.8
        assertTrue(TextNormalizer.globeMatch("Rome", "Rome"));
        assertFalse(TextNormalizer.globeMatch("Paris", "Paris 15e"));      // 5/9 < 0.7
        assertFalse(TextNormalizer.globeMatch("York", "New York"));         // 4/8 < 0.7
        assertTrue(TextNormalizer.globeMatch("New York", "New York NY"));  // 8/11 = 0.73
        assertFalse(TextNormalizer.globeMatch("", "Paris"));
        // The exact matcher and GLOBE's disagree on purpose here.
        GroundTruth lyon = new GroundTruth(45.764, 4.8357, "Lyons", null, "France");
        TextMatches m = text("Lyon", null, "France", lyon);
        assertEquals(false, m.city());
        assertEquals(true, m.cityGlobe());
    }

    @Test
    void aTruthWithoutAddressUsesTheReverseGeocodedLabels() {
        GroundTruth bare = new GroundTruth(48.8566, 2.3522, null, null, null);
        TextMatches m = text("Paris", "Ile-de-France", "France", bare);
        assertEquals(new TextMatches(true, true, true, true, true, true, true), m);
    }

    @Test
    void missingAnswersCountAsWrongAndUnscorableLevelsAreNull() {
        GroundTruth paris = new GroundTruth(48.8566, 2.3522, "Paris", null, "France");
        TextMatches none = GEO.textMatches(null, paris, GEO.label(48.8566, 2.3522));
        assertFalse(none.answered());
        assertEquals(false, none.city());
        assertEquals(false, none.country());
        // The truth has no admin1 but the geocoder gives Île-de-France: the state is scorable, and wrong.
        assertEquals(false, none.state());
        TextMatches onlyCountry = text(null, null, "France", paris);
        assertTrue(onlyCountry.answered());
        assertEquals(false, onlyCountry.city());
        assertEquals(true, onlyCountry.country());
        // A truth at sea with no address has nothing to compare with.
        TextMatches sea = text("Paris", "IDF", "France", new GroundTruth(0, 0, null, null, null));
        assertNull(sea.city());
        assertNull(sea.state());
        assertNull(sea.country());
    }
}
