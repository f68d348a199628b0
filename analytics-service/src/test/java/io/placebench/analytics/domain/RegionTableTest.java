package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.analytics.domain.stats.Disparity;
import io.placebench.analytics.domain.stats.Proportion;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-computed region tables of a six-image run; the Wilson, Gini and chi-square arithmetic is checked in domain.stats. */
class RegionTableTest {

    static final PlacedScore.Place PARIS = new PlacedScore.Place(48.85, 2.35, "EU", "FR", "France", "Île-de-France",
            "FR-IDF");
    static final PlacedScore.Place LYON = new PlacedScore.Place(45.76, 4.84, "EU", "FR", "France",
            "Auvergne-Rhône-Alpes", "FR-ARA");
    static final PlacedScore.Place ROME = new PlacedScore.Place(41.9, 12.5, "EU", "IT", "Italy", "Lazio", null);
    static final PlacedScore.Place NAIROBI = new PlacedScore.Place(-1.29, 36.82, "AF", "KE", "Kenya", null, null);
    static final PlacedScore.Place SEA = new PlacedScore.Place(0.0, -30.0, null, null, null, null, null);

    static PlacedScore answered(PlacedScore.Place truth, double km, PlacedScore.Place predicted, Boolean continent,
            Boolean country, Integer confidence) {
        return new PlacedScore(ScoreRow.answered(km, 5000 * Math.exp(-km / 1492.7), BigDecimal.ZERO), continent,
                country, confidence, truth, predicted);
    }

    static PlacedScore refused(PlacedScore.Place truth) {
        return new PlacedScore(ScoreRow.unanswered(BigDecimal.ZERO), false, false, null, truth,
                PlacedScore.Place.NONE);
    }

    static final List<PlacedScore> RUN = List.of(
            answered(PARIS, 10, PARIS, true, true, 5),        // within 25 km
            answered(LYON, 400, PARIS, true, true, 4),        // within 750 km, same country
            answered(ROME, 1100, PARIS, true, false, 3),      // within 2500 km, other country
            refused(NAIROBI),                                 // wrong everywhere
            answered(NAIROBI, 3000, PARIS, false, false, 2),  // wrong everywhere
            answered(SEA, 50, SEA, null, null, 1));           // truth at sea: no continent, no country

    static RegionTable.Group group(RegionTable.Result r, String id) {
        return r.groups().stream().filter(g -> id.equals(g.group())).findFirst().orElseThrow();
    }

    @Test
    void countryGroupsCountEveryImageOfTheirTruthCountry() {
        RegionTable.Result r = RegionTable.of(RUN, RegionTable.Level.COUNTRY, 1);
        assertEquals(6, r.n());
        assertEquals(List.of("FR", "KE", "IT"), r.groups().stream().map(RegionTable.Group::group).toList(),
                "by n descending, then id");
        RegionTable.Group fr = group(r, "FR");
        assertEquals("France", fr.name());
        assertEquals(2, fr.n());
        assertEquals(2, fr.answered());
        assertEquals(Proportion.wilson(1, 2), fr.acc25km());
        assertEquals(Proportion.wilson(1, 2), fr.acc200km());
        assertEquals(Proportion.wilson(2, 2), fr.acc750km());
        assertEquals(Proportion.wilson(2, 2), fr.acc2500km());
        assertEquals(Proportion.wilson(2, 2), fr.country());
        assertEquals(Proportion.wilson(2, 2), fr.continent());
        assertEquals(205.0, fr.medianErrorKm(), 0.0, "(10 + 400) / 2");
        RegionTable.Group ke = group(r, "KE");
        assertEquals(2, ke.n());
        assertEquals(1, ke.answered());
        assertEquals(Proportion.wilson(0, 2), ke.acc2500km(), "the refusal is wrong in the all-images denominator");
        assertEquals(Proportion.wilson(0, 2), ke.country());
        assertEquals(3000.0, ke.medianErrorKm(), 0.0, "answered only");
        RegionTable.Group it = group(r, "IT");
        assertEquals(Proportion.wilson(1, 1), it.acc2500km());
        assertEquals(Proportion.wilson(0, 1), it.country());
        assertEquals(Proportion.wilson(1, 1), it.continent());

        RegionTable.Group none = r.unlabelled();
        assertNull(none.group());
        assertEquals("(none)", none.name());
        assertEquals(1, none.n());
        assertEquals(Proportion.wilson(0, 1), none.acc25km());
        assertEquals(Proportion.wilson(1, 1), none.acc200km());
        assertEquals(Proportion.wilson(0, 0), none.country(), "no truth country: no country match to count");
        assertEquals(50.0, none.medianErrorKm(), 0.0);
    }

    @Test
    void disparityOverTheLabelledGroupsWithEnoughImages() {
        RegionTable.Result r = RegionTable.of(RUN, RegionTable.Level.COUNTRY, 1);
        Disparity.Result acc25 = r.disparity().get("acc25km");
        // FR 0.5, KE 0, IT 0: worst is the tie KE/IT broken by the smaller id
        assertEquals(new Disparity.Extreme("FR", 0.5), acc25.best());
        assertEquals(new Disparity.Extreme("IT", 0.0), acc25.worst());
        assertEquals(0.5, acc25.gap(), 1e-12);
        assertEquals(0.0, acc25.ratio(), 0.0);
        // ordered pairs of {0.5, 0, 0}: Σ|xi − xj| = 2·(0.5 + 0.5 + 0) = 2, mean 1/6: G = 2 / (2·9·(1/6)) = 2/3
        assertEquals(2.0 / 3, acc25.gini(), 1e-12);
        assertEquals(3, acc25.groupsCounted(), "the unlabelled group never counts");
        Disparity.Result acc750 = r.disparity().get("acc750km");
        assertEquals(new Disparity.Extreme("FR", 1.0), acc750.best());
        assertEquals(1.0, acc750.gap(), 1e-12);
        assertEquals(List.of("acc25km", "acc750km", "country"), List.copyOf(r.disparity().keySet()));

        RegionTable.Result atLeast2 = RegionTable.of(RUN, RegionTable.Level.COUNTRY, 2);
        Disparity.Result d = atLeast2.disparity().get("acc25km");
        assertEquals(List.of("IT"), d.excluded());
        assertEquals(2, d.minN());
        assertEquals(new Disparity.Extreme("KE", 0.0), d.worst());
        // {0.5, 0}: Σ = 1, mean 0.25: G = 1 / (2·4·0.25) = 0.5
        assertEquals(0.5, d.gini(), 1e-12);

        Disparity.Result none = RegionTable.of(RUN, RegionTable.Level.COUNTRY, 10).disparity().get("country");
        assertNull(none.best());
        assertEquals(3, none.groupsExcluded());
    }

    @Test
    void continentsAndRegions() {
        RegionTable.Result continents = RegionTable.of(RUN, RegionTable.Level.CONTINENT, 1);
        assertEquals(List.of("EU", "AF"), continents.groups().stream().map(RegionTable.Group::group).toList());
        RegionTable.Group eu = group(continents, "EU");
        assertEquals("Europe", eu.name());
        assertEquals(Proportion.wilson(1, 3), eu.acc25km());
        assertEquals(Proportion.wilson(2, 3), eu.country());
        assertEquals(Proportion.wilson(3, 3), eu.continent());
        assertEquals(400.0, eu.medianErrorKm(), 0.0);
        assertEquals(1, continents.unlabelled().n());

        RegionTable.Result regions = RegionTable.of(RUN, RegionTable.Level.REGION, 1);
        assertEquals(List.of("FR-ARA", "FR-IDF", "IT/Lazio"),
                regions.groups().stream().map(RegionTable.Group::group).toList(),
                "ISO 3166-2 code, else country/name");
        assertEquals("Lazio", group(regions, "IT/Lazio").name());
        assertEquals("Île-de-France", group(regions, "FR-IDF").name());
        assertEquals(3, regions.unlabelled().n(), "both Nairobi images (no region) and the one at sea");
    }

    @Test
    void chiSquareOfCountryMatchByContinentWhateverTheLevel() {
        for (RegionTable.Level level : RegionTable.Level.values()) {
            RegionTable.ChiSquare c = RegionTable.of(RUN, level, 10).chiSquare();
            assertEquals(List.of("AF", "EU"), c.columns());
            assertEquals(List.of("correct", "wrong"), c.rows());
            assertArrayEquals(new long[] {0, 2}, c.table()[0]);
            assertArrayEquals(new long[] {2, 1}, c.table()[1]);
            // N(ad − bc)² / (r1·r2·c1·c2) = 5·(0·1 − 2·2)² / (2·3·2·3) = 20/9; df 1;
            // p = erfc(sqrt(χ²/2)) = 0.13603712811414 (scipy chi2.sf(20/9, 1) = 0.13603712811414423)
            assertEquals(20.0 / 9, c.test().statistic(), 1e-12);
            assertEquals(1, c.test().df());
            assertEquals(0.13603712811414423, c.test().p(), 1e-12);
            assertEquals(5, c.test().total(), "the image at sea has no continent and no country match");
            assertTrue(c.test().sparse());
        }
    }

    @Test
    void overPredictionAndEntropyOfCountries() {
        RegionTable.Result r = RegionTable.of(RUN, RegionTable.Level.COUNTRY, 10);
        // predicted (answered, with a country): FR ×4; true (all, with a country): FR 2, IT 1, KE 2
        assertEquals(4, r.overPrediction().predictedTotal());
        assertEquals(5, r.overPrediction().trueTotal());
        assertEquals(1, r.overPrediction().top().size(), "only FR is over-predicted");
        var fr = r.overPrediction().top().get(0);
        assertEquals("FR", fr.category());
        assertEquals(4, fr.predicted());
        assertEquals(2, fr.actual());
        assertEquals(1.0 - 0.4, fr.excess(), 1e-12);
        // support {FR, IT, KE}: predicted {4, 0, 0} → 0 bits; true {2, 1, 2} → −(2·0.4·log2 0.4 + 0.2·log2 0.2)
        assertEquals(0.0, r.entropy().predicted().bits(), 0.0);
        assertEquals(3, r.entropy().predicted().categories());
        assertEquals(1.5219280948873621, r.entropy().truth().bits(), 1e-12);
        assertEquals(0.9602297178607612, r.entropy().truth().normalised(), 1e-12, "/ log2 3");
    }

    @Test
    void levelsParseAndMinNIsChecked() {
        assertEquals(Optional.of(RegionTable.Level.REGION), RegionTable.Level.parse("Region"));
        assertEquals(Optional.empty(), RegionTable.Level.parse("city"));
        assertEquals(Optional.empty(), RegionTable.Level.parse(""));
        assertThrows(IllegalArgumentException.class, () -> RegionTable.of(RUN, RegionTable.Level.COUNTRY, 0));
        RegionTable.Result empty = RegionTable.of(List.of(), RegionTable.Level.COUNTRY, 10);
        assertTrue(empty.groups().isEmpty());
        assertNull(empty.unlabelled());
        assertNull(empty.chiSquare().test().statistic());
        assertNull(empty.entropy().truth().normalised());
    }
}
