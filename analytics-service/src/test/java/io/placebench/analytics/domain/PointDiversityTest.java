package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.placebench.analytics.domain.stats.SpatialDiversity;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The predicted and truth points of the same answered images; hand-computed figures. */
class PointDiversityTest {

    static PlacedScore.Place at(double lat, double lon) {
        return new PlacedScore.Place(lat, lon, null, null, null, null, null);
    }

    @Test
    void collapsedGuessesAgainstSpreadTruth() {
        List<PlacedScore> run = List.of(
                RegionTableTest.answered(at(0, 0), 10, at(10, 10), null, null, 3),
                RegionTableTest.answered(at(0, 90), 10, at(10, 10), null, null, 3),
                RegionTableTest.refused(at(45, 45)),                                 // not answered: left out
                new PlacedScore(ScoreRow.answered(5, 4900, BigDecimal.ZERO), null, null, null, at(30, 30),
                        PlacedScore.Place.NONE));                                    // no predicted point: left out
        PointDiversity.Result r = PointDiversity.of(run);
        assertEquals(4, r.images());
        assertEquals(3, r.answered());
        assertEquals(2, r.points());
        assertEquals(2, r.predicted().n());
        assertEquals(2, r.truth().n());
        assertEquals(1, r.predicted().grid().occupied(), "both guesses in one cell");
        assertEquals(0.0, r.predicted().grid().entropyBits(), 0.0);
        assertEquals(2, r.truth().grid().occupied());
        assertEquals(1.0, r.truth().grid().entropyBits(), 1e-12, "two cells, one point each");
        assertEquals(0.0, r.predicted().clarkEvans().meanKm(), 0.0, "a duplicate point is at distance 0");
        // (0, 0) and (0, 90) are a quarter of a great circle apart
        assertEquals(Math.PI / 2 * SpatialDiversity.EARTH_RADIUS_KM, r.truth().clarkEvans().meanKm(), 1e-9);
    }
}
