package io.placebench.analytics.domain;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;

/**
 * The figures of one run over its scored predictions (definitions in docs/metrics.md):
 * <ul>
 * <li>{@code n}: scored predictions; the denominator of every accuracy and of {@code meanScore};</li>
 * <li>{@code answered}: those with a usable location; the denominator of mean and median error;</li>
 * <li>{@code meanErrorKm}, {@code medianErrorKm}: over answered only, null when none answered (the median of
 * an even count is the mean of the two middle values);</li>
 * <li>{@code accNkm}: fraction (0..1) of the n predictions strictly closer than N km; an unanswered one is
 * wrong; null when n = 0;</li>
 * <li>{@code meanScore}: GeoGuessr score summed over the n predictions (unanswered = 0) divided by n; null
 * when n = 0;</li>
 * <li>{@code costUsd}: the sum of what the predictions cost, answered or not.</li>
 * </ul>
 *
 * <p>Stored as JSON by RunFiguresCache: a change of shape bumps its {@code Stored.FORMAT}.
 */
public record RunStats(
        long n,
        long answered,
        Double meanErrorKm,
        Double medianErrorKm,
        Double acc1km,
        Double acc25km,
        Double acc200km,
        Double acc750km,
        Double acc2500km,
        Double meanScore,
        BigDecimal costUsd) {

    public static final RunStats EMPTY = new Accumulator().build();

    public static RunStats of(Collection<ScoreRow> rows) {
        Accumulator accumulator = new Accumulator();
        rows.forEach(accumulator::add);
        return accumulator.build();
    }

    /** Folds rows one at a time; keeps only the distances (for the median), not the rows. */
    public static final class Accumulator {
        private long n;
        private long answered;
        private double[] distances = new double[16];
        private double distanceSum;
        private long hit1;
        private long hit25;
        private long hit200;
        private long hit750;
        private long hit2500;
        private double scoreSum;
        private BigDecimal cost = BigDecimal.ZERO;

        public Accumulator add(ScoreRow row) {
            n++;
            if (row.costUsd() != null) {
                cost = cost.add(row.costUsd());
            }
            if (!row.hasDistance()) {
                return this; // unanswered: wrong at every threshold, score 0
            }
            if (answered == distances.length) {
                distances = Arrays.copyOf(distances, distances.length * 2);
            }
            distances[(int) answered++] = row.distanceKm();
            distanceSum += row.distanceKm();
            hit1 += row.hit1km() ? 1 : 0;
            hit25 += row.hit25km() ? 1 : 0;
            hit200 += row.hit200km() ? 1 : 0;
            hit750 += row.hit750km() ? 1 : 0;
            hit2500 += row.hit2500km() ? 1 : 0;
            scoreSum += row.geoguessrScore() == null ? 0 : row.geoguessrScore();
            return this;
        }

        public RunStats build() {
            return new RunStats(n, answered,
                    answered == 0 ? null : distanceSum / answered,
                    median(Arrays.copyOf(distances, (int) answered)),
                    fraction(hit1), fraction(hit25), fraction(hit200), fraction(hit750), fraction(hit2500),
                    n == 0 ? null : scoreSum / n,
                    cost);
        }

        private Double fraction(long hits) {
            return n == 0 ? null : (double) hits / n;
        }

        private static Double median(double[] values) {
            if (values.length == 0) {
                return null;
            }
            Arrays.sort(values);
            int middle = values.length / 2;
            return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }
}
