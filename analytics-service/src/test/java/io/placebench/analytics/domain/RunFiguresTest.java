package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.analytics.domain.stats.Proportion;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed figures of small runs; the Wilson and bootstrap arithmetic itself is checked in domain.stats. */
class RunFiguresTest {

    static final ScoredImage.Labels PARIS = ScoredImage.Labels.of("FR", "Île-de-France", "FR-IDF", "Paris");
    static final ScoredImage.Labels LYON = ScoredImage.Labels.of("FR", "Auvergne-Rhône-Alpes", "FR-ARA", "Lyon");
    static final ScoredImage.Labels ROME = ScoredImage.Labels.of("IT", "Lazio", null, "Rome");

    static ScoredImage answered(double km, ScoredImage.Labels truth, ScoredImage.Labels predicted, Boolean country,
            Boolean textCity) {
        return new ScoredImage(ScoreRow.answered(km, 5000 * Math.exp(-km / 1492.7), new BigDecimal("0.01")), "OK",
                true, country, country, km < 25, true, textCity, null, true, textCity, null, true, truth, predicted);
    }

    static ScoredImage failed(String status, ScoredImage.Labels truth) {
        return new ScoredImage(ScoreRow.unanswered(new BigDecimal("0.01")), status, false, false, false, false,
                false, false, false, false, false, false, false, truth, ScoredImage.Labels.NONE);
    }

    final List<ScoredImage> run = List.of(
            answered(10, PARIS, PARIS, true, true),      // Paris guessed Paris
            answered(400, PARIS, LYON, true, false),     // Paris guessed Lyon
            answered(1100, ROME, PARIS, false, null),    // Rome guessed Paris (no city text to compare)
            failed("REFUSED", LYON),
            failed("TIMEOUT", ROME));

    @Test
    void everyRateHasBothDenominators() {
        RunFigures f = RunFigures.of(run);
        assertEquals(Proportion.wilson(1, 5), f.rates().get("acc25km").all());
        assertEquals(Proportion.wilson(1, 3), f.rates().get("acc25km").answered());
        assertEquals(Proportion.wilson(3, 5), f.rates().get("acc2500km").all());
        // country: matches are null-free here, 2 of 5 / 2 of 3 answered
        assertEquals(Proportion.wilson(2, 5), f.rates().get("country").all());
        assertEquals(Proportion.wilson(2, 3), f.rates().get("country").answered());
        // text city: the Rome row has no truth text (null) and leaves both denominators
        assertEquals(Proportion.wilson(1, 4), f.rates().get("textCity").all());
        assertEquals(Proportion.wilson(1, 2), f.rates().get("textCity").answered());
        // text state: only the two failed rows have a truth state; neither gave an address
        assertEquals(Proportion.wilson(0, 2), f.rates().get("textState").all());
        assertEquals(Proportion.wilson(0, 0), f.rates().get("textState").answered());
    }

    @Test
    void failuresCostsAndIntervals() {
        RunFigures f = RunFigures.of(run);
        assertEquals(List.of("REFUSED", "TIMEOUT"), List.copyOf(f.failures().keySet()));
        assertEquals(Proportion.wilson(1, 5), f.failures().get("TIMEOUT"));
        assertEquals(0, new BigDecimal("0.01").compareTo(f.costPerImageUsd()));
        assertEquals(0, new BigDecimal("0.05").compareTo(f.costPerCorrectUsd()), "5 paid calls, 1 within 25 km");
        assertEquals((10 + 400 + 1100) / 3.0, f.meanErrorKm().estimate(), 1e-9);
        assertEquals(400, f.medianErrorKm().estimate(), 1e-9);
        assertTrue(f.meanErrorKm().low() <= f.meanErrorKm().estimate()
                && f.meanErrorKm().estimate() <= f.meanErrorKm().high());
        assertEquals(f, RunFigures.of(run), "seeded: the same rows give the same intervals");
    }

    @Test
    void macroRecallAndF1OverTheTruthsLabels() {
        RunFigures f = RunFigures.of(run);
        // country: FR truths (3: Paris, Paris, Lyon) -> predicted FR, FR, none: TP 2, FN 1; IT truths (2) ->
        // FR (a FP for FR), none: TP 0, FN 2. FR: R 2/3, P 2/3, F1 2/3. IT: R 0, P 0, F1 0.
        assertEquals(new RunFigures.Macro(2, (2.0 / 3) / 2, (2.0 / 3) / 2), f.macro().get("country"));
        // city: Paris (2 truths: 1 hit, 1 Lyon), Lyon (1: refused), Rome (2: Paris, none); predictions Paris x2
        // Paris: R 1/2, P 1/2 (Paris predicted twice, once right), F1 1/2; Lyon: R 0 (Lyon predicted once, wrong):
        // F1 0; Rome: 0.
        RunFigures.Macro city = f.macro().get("city");
        assertEquals(3, city.labels());
        assertEquals((0.5 + 0 + 0) / 3, city.recall(), 1e-12);
        assertEquals((0.5 + 0 + 0) / 3, city.f1(), 1e-12);
    }

    @Test
    void anEmptyRunHasNoFigures() {
        RunFigures f = RunFigures.EMPTY;
        assertNull(f.meanErrorKm());
        assertNull(f.costPerImageUsd());
        assertNull(f.costPerCorrectUsd());
        assertEquals(Proportion.wilson(0, 0), f.rates().get("acc25km").all());
        assertEquals(new RunFigures.Macro(0, null, null), f.macro().get("region"));
    }
}
