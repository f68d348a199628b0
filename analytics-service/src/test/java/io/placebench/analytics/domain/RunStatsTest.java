package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStatsTest {

    private static final double EPS = 1e-12;

    private static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }

    @Test
    void figuresOfAMixedRunUseTheirOwnDenominators() {
        RunStats stats = RunStats.of(List.of(
                ScoreRow.answered(10, 4900, usd("0.001")),
                ScoreRow.answered(0.5, 5000, usd("0.002")),
                ScoreRow.answered(300, 3000, null),
                ScoreRow.answered(3000, 600, usd("0")),
                ScoreRow.unanswered(usd("0.0005")),
                ScoreRow.unanswered(null)));

        assertEquals(6, stats.n());
        assertEquals(4, stats.answered());
        // over the 4 answered: (0.5 + 10 + 300 + 3000) / 4; even count -> mean of 10 and 300
        assertEquals(827.625, stats.meanErrorKm(), EPS);
        assertEquals(155.0, stats.medianErrorKm(), EPS);
        // over all 6: the two unanswered count as misses
        assertEquals(1.0 / 6, stats.acc1km(), EPS);
        assertEquals(2.0 / 6, stats.acc25km(), EPS);
        assertEquals(2.0 / 6, stats.acc200km(), EPS);
        assertEquals(3.0 / 6, stats.acc750km(), EPS);
        assertEquals(3.0 / 6, stats.acc2500km(), EPS, "3000 km is not within 2500 km");
        // (4900 + 5000 + 3000 + 600 + 0 + 0) / 6
        assertEquals(2250.0, stats.meanScore(), EPS);
        assertEquals(0, usd("0.0035").compareTo(stats.costUsd()));
    }

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        RunStats stats = RunStats.of(List.of(
                ScoreRow.answered(5, 100, null),
                ScoreRow.answered(1, 200, null),
                ScoreRow.answered(30, 300, null),
                ScoreRow.unanswered(null)));
        assertEquals(5.0, stats.medianErrorKm(), EPS);
        assertEquals(12.0, stats.meanErrorKm(), EPS);
        assertEquals(150.0, stats.meanScore(), EPS, "(100 + 200 + 300 + 0) / 4");
        assertEquals(0.5, stats.acc25km(), EPS, "1 and 5 km of 4 predictions");
    }

    @Test
    void withNothingAnsweredErrorsAreNullAndAccuraciesZero() {
        RunStats stats = RunStats.of(List.of(ScoreRow.unanswered(usd("0.25")), ScoreRow.unanswered(usd("0.5"))));
        assertEquals(2, stats.n());
        assertEquals(0, stats.answered());
        assertNull(stats.meanErrorKm());
        assertNull(stats.medianErrorKm());
        assertEquals(0.0, stats.acc1km());
        assertEquals(0.0, stats.acc2500km());
        assertEquals(0.0, stats.meanScore());
        assertEquals(0, usd("0.75").compareTo(stats.costUsd()));
    }

    @Test
    void anEmptyRunHasNoFigures() {
        RunStats stats = RunStats.EMPTY;
        assertEquals(0, stats.n());
        assertNull(stats.meanErrorKm());
        assertNull(stats.acc1km());
        assertNull(stats.meanScore());
        assertEquals(0, BigDecimal.ZERO.compareTo(stats.costUsd()));
    }

    @Test
    void anUnansweredRowNeverCountsAsAHitOrAScore() {
        RunStats stats = RunStats.of(List.of(
                new ScoreRow(false, 0.2, 4999.0, true, true, true, true, true, null),
                ScoreRow.answered(20, 4000, null)));
        assertEquals(1, stats.answered());
        assertEquals(20.0, stats.medianErrorKm(), EPS);
        assertEquals(0.0, stats.acc1km(), EPS);
        assertEquals(0.5, stats.acc25km(), EPS);
        assertEquals(2000.0, stats.meanScore(), EPS);
    }

    @Test
    void thresholdsAreStrict() {
        RunStats stats = RunStats.of(List.of(ScoreRow.answered(25, 4000, null)));
        assertEquals(0.0, stats.acc25km(), EPS);
        assertEquals(1.0, stats.acc200km(), EPS);
    }
}
