package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed paired comparisons (each p-value also checked once with scipy 1.17 {@code wilcoxon} and statsmodels
 * 0.15 {@code mcnemar(exact=True)} / {@code multipletests(method='holm')}; the statistics themselves are pinned in
 * domain.stats). What is tested here is the assembly: which images enter which test, the sign of the differences,
 * and that Holm runs over every test of the request.
 */
class PairedComparisonTest {

    static final double EPS = 1e-12;
    static final BigDecimal COST = new BigDecimal("0.01");

    static PairedComparison.Row answered(double km, double points, Boolean country) {
        return new PairedComparison.Row(new ScoreRow(true, km, points, km < 1, km < 25, km < 200, km < 750,
                km < 2500, COST), country);
    }

    static PairedComparison.Row refused(Boolean country) {
        return new PairedComparison.Row(ScoreRow.unanswered(COST), country);
    }

    static PairedComparison.Run run(String id, Object... imageAndRow) {
        Map<String, PairedComparison.Row> images = new LinkedHashMap<>();
        for (int i = 0; i < imageAndRow.length; i += 2) {
            images.put((String) imageAndRow[i], (PairedComparison.Row) imageAndRow[i + 1]);
        }
        return new PairedComparison.Run(id, images);
    }

    // Six images both were asked, i7 only by A (left out).
    static final PairedComparison.Run A = run("A",
            "i1", answered(10, 4000, true),
            "i2", answered(20, 3000, true),
            "i3", answered(5, 5000, null),
            "i4", answered(1000, 1000, true),
            "i5", refused(false),
            "i6", answered(400, 2000, true),
            "i7", answered(1, 4999, true));
    static final PairedComparison.Run B = run("B",
            "i1", answered(100, 2000, true),
            "i2", answered(300, 1000, false),
            "i3", answered(50, 3000, null),
            "i4", refused(false),
            "i5", answered(3000, 500, true),
            "i6", answered(200, 2500, true));

    @Test
    void mcnemarOnEachThresholdOverTheImagesBothWereAsked() {
        PairedComparison.Pair pair = PairedComparison.compare(List.of(A, B)).pairs().get(0);
        assertEquals("A", pair.a());
        assertEquals("B", pair.b());
        assertEquals(6, pair.n(), "i7 was asked of A only");
        assertEquals(List.of("acc1km", "acc25km", "acc200km", "acc750km", "acc2500km", "country", "distanceKm",
                "score"), pair.tests().stream().map(PairedComparison.Test::figure).toList());

        // acc25km: A right on i1, i2, i3, B on none: b = 3, c = 0; exact p = 2·(1/2)³ = 0.25
        PairedComparison.Test acc25 = pair.test("acc25km");
        assertEquals("mcnemar-exact", acc25.test());
        assertEquals(6, acc25.n());
        assertEquals(3L, acc25.aOnly());
        assertEquals(0L, acc25.bOnly());
        assertEquals(0.0, acc25.statistic(), EPS);
        assertEquals(0.25, acc25.p(), EPS);
        assertEquals(0.5, acc25.difference(), EPS, "acc(A) − acc(B) = 3/6 − 0");
        // paired Wald: se = sqrt(3 − 9/6)/6
        assertEquals(0.09992402697039088, acc25.low(), EPS);
        assertEquals(0.9000759730296091, acc25.high(), EPS);
        assertEquals(0.5, acc25.valueA(), EPS);
        assertEquals(0.0, acc25.valueB(), EPS);

        // acc200km is strict: B's 200 km on i6 misses; b = 1 (i2), c = 0, p = 1
        assertEquals(1L, pair.test("acc200km").aOnly());
        assertEquals(0L, pair.test("acc200km").bOnly());
        assertEquals(1.0, pair.test("acc200km").p(), EPS);
        // acc2500km: B's refusal on i4 counts as wrong (b = 1), B's 3000 km on i5 misses too
        assertEquals(1L, pair.test("acc2500km").aOnly());
        assertEquals(0L, pair.test("acc2500km").bOnly());
        // acc1km: no hit at all
        assertEquals(0.0, pair.test("acc1km").difference(), EPS);
        assertEquals(1.0, pair.test("acc1km").p(), EPS);
    }

    @Test
    void countryMatchUsesImagesWhereBothMatchesAreKnown() {
        PairedComparison.Test country = PairedComparison.compare(List.of(A, B)).pairs().get(0).test("country");
        assertEquals(5, country.n(), "i3 has no truth country");
        assertEquals(2L, country.aOnly(), "i2, and i4 where B refused");
        assertEquals(1L, country.bOnly(), "i5 where A refused");
        assertEquals(1.0, country.p(), EPS);
        assertEquals(0.2, country.difference(), EPS);
        assertEquals(0.8, country.valueA(), EPS);
        assertEquals(0.6, country.valueB(), EPS);
        assertEquals(-0.4559294077244456, country.low(), EPS);
        assertEquals(0.8559294077244457, country.high(), EPS);
    }

    @Test
    void distanceOverImagesBothAnsweredScoreOverAllWithUnansweredZero() {
        PairedComparison.Pair pair = PairedComparison.compare(List.of(A, B)).pairs().get(0);
        // distance: i1, i2, i3, i6; differences −90, −280, −45, +200; ranks 2, 4, 1, 3: W+ = 3, W− = 7
        PairedComparison.Test distance = pair.test("distanceKm");
        assertEquals(4, distance.n());
        assertEquals("wilcoxon-exact", distance.test());
        assertEquals(3.0, distance.statistic(), EPS);
        assertEquals(0.625, distance.p(), EPS);
        assertEquals(-53.75, distance.difference(), EPS, "A is closer: a − b is negative");
        assertEquals(108.75, distance.valueA(), EPS);
        assertEquals(162.5, distance.valueB(), EPS);
        assertEquals("bootstrap-paired", distance.interval());
        assertTrue(distance.low() <= distance.difference() && distance.difference() <= distance.high());
        assertTrue(distance.low() >= -280 && distance.high() <= 200, "a mean of the differences stays within them");

        // score: all six, refusals 0 points; differences 2000, 2000, 2000, 1000, −500, −500 (ties: permutation)
        PairedComparison.Test score = pair.test("score");
        assertEquals(6, score.n());
        assertEquals("wilcoxon-permutation", score.test());
        assertEquals(3.0, score.statistic(), EPS);
        assertEquals(0.15625, score.p(), EPS);
        assertEquals(1000.0, score.difference(), EPS);
        assertEquals(2500.0, score.valueA(), EPS);
        assertEquals(1500.0, score.valueB(), EPS);

        PairedComparison.Pair again = PairedComparison.compare(List.of(A, B)).pairs().get(0);
        assertEquals(distance, again.test("distanceKm"), "seeded: the same rows give the same interval");
    }

    /** 10 images, A within 1 km of all of them, B 5000 km off: every test has p = 2/2¹⁰. */
    static PairedComparison.Run clear(String id, double km, double points) {
        Object[] rows = new Object[20];
        for (int i = 0; i < 10; i++) {
            rows[2 * i] = "img-" + i;
            rows[2 * i + 1] = answered(km, points, null);
        }
        return run(id, rows);
    }

    @Test
    void holmRunsOverEveryTestOfTheRequest() {
        double p = 0.001953125;
        PairedComparison.Result two = PairedComparison.compare(List.of(clear("A", 0.5, 4990), clear("B", 5000, 200)));
        assertEquals(7, two.adjustedTests(), "country has no data (n = 0) and is not adjusted");
        PairedComparison.Pair ab = two.pairs().get(0);
        assertNull(ab.test("country").p());
        assertNull(ab.test("country").pHolm());
        for (PairedComparison.Test t : ab.tests()) {
            if (t.p() != null) {
                assertEquals(p, t.p(), EPS, t.figure());
                assertEquals(7 * p, t.pHolm(), EPS, t.figure());
            }
        }

        // a third run like B: (A,B) and (A,C) 7 tests each at p, (B,C) 7 tests at p = 1: m = 21
        PairedComparison.Result three = PairedComparison.compare(List.of(clear("A", 0.5, 4990),
                clear("B", 5000, 200), clear("C", 5000, 200)));
        assertEquals(21, three.adjustedTests());
        assertEquals(List.of("A/B", "A/C", "B/C"), three.pairs().stream().map(x -> x.a() + "/" + x.b()).toList());
        assertEquals(21 * p, three.pairs().get(0).test("acc25km").pHolm(), EPS);
        assertEquals(21 * p, three.pairs().get(1).test("score").pHolm(), EPS);
        assertEquals(1.0, three.pairs().get(2).test("acc25km").pHolm(), EPS);
        assertEquals("wilcoxon-none", three.pairs().get(2).test("distanceKm").test());
        for (PairedComparison.Pair pair : three.pairs()) {
            for (PairedComparison.Test t : pair.tests()) {
                if (t.p() != null) {
                    assertTrue(t.pHolm() >= t.p(), t.figure());
                }
            }
        }
    }

    @Test
    void summarySaysWhichRunIsBetterAndWhetherHolmSaysSo() {
        PairedComparison.Pair clearPair = PairedComparison.compare(List.of(clear("A", 0.5, 4990),
                clear("B", 5000, 200))).pairs().get(0);
        assertEquals(new PairedComparison.Verdict("acc25km", "A", 1.0, 7 * 0.001953125, true),
                clearPair.summary().acc25km());
        assertEquals("A", clearPair.summary().meanScore().better());
        assertTrue(clearPair.summary().meanScore().significant());
        assertTrue(clearPair.summary().text().startsWith("acc25km: A better by 1.00 (pHolm 0.0137 < 0.05)"),
                clearPair.summary().text());

        // swapped order: b is the better one, differences change sign
        PairedComparison.Pair swapped = PairedComparison.compare(List.of(B, A)).pairs().get(0);
        assertEquals(-0.5, swapped.test("acc25km").difference(), EPS);
        assertEquals(53.75, swapped.test("distanceKm").difference(), EPS);
        assertEquals("A", swapped.summary().acc25km().better());
        assertFalse(swapped.summary().acc25km().significant(), "Holm over 8 tests: 8 × 0.15625 > 1, all adjust to 1");
        assertEquals(1.0, swapped.summary().acc25km().pHolm(), EPS);
    }

    @Test
    void aPairWithoutCommonImagesHasNoFigures() {
        PairedComparison.Result result = PairedComparison.compare(List.of(A, run("empty")));
        PairedComparison.Pair pair = result.pairs().get(0);
        assertEquals(0, pair.n());
        assertEquals(0, result.adjustedTests());
        for (PairedComparison.Test t : pair.tests()) {
            assertNull(t.p(), t.figure());
            assertNull(t.difference(), t.figure());
        }
        assertNull(pair.summary().acc25km().better());
        assertEquals("acc25km: no images to compare; mean score: no images to compare", pair.summary().text());
    }

    @Test
    void needsTwoDistinctRuns() {
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(List.of(A)));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.compare(List.of(A, A)));
    }
}
