package io.placebench.analytics.domain.stats;

import org.hipparchus.distribution.discrete.BinomialDistribution;

/**
 * McNemar's test for two paired binary outcomes (A and B correct on the same items), two-sided, following
 * statsmodels {@code statsmodels.stats.contingency_tables.mcnemar}.
 *
 * <p>With the discordant counts {@code b} (A right, B wrong) and {@code c} (A wrong, B right):
 * <ul>
 * <li>{@code b + c < 25}: <b>exact</b> binomial test ({@code "mcnemar-exact"}, statsmodels {@code exact=True}):
 * statistic {@code min(b, c)}, {@code p = min(1, 2·P(X ≤ min(b, c)))} for {@code X ~ Bin(b + c, 0.5)}
 * ({@code b = c = 0} gives p = 1);</li>
 * <li>{@code b + c ≥ 25}: <b>chi-square with continuity correction</b> ({@code "mcnemar-chi2"}, statsmodels
 * {@code exact=False, correction=True}): statistic {@code (|b − c| − 1)² / (b + c)}, p from chi-square with 1 df.</li>
 * </ul>
 *
 * <p>When the number of pairs {@code n} is known, {@code difference} is {@code acc(A) − acc(B) = (b − c)/n} with
 * the <b>Wald interval for paired proportions</b> (Agresti, <i>Categorical Data Analysis</i>, 3rd ed. 2013, §11.1 "Comparing dependent proportions"):
 * {@code se = sqrt(b + c − (b − c)²/n) / n}, interval {@code difference ± 1.959963984540054·se} clamped to
 * [−1, 1]. It is poor for few discordant pairs (it collapses to [0, 0] when b = c = 0); the test, not the
 * interval, decides significance.
 */
public final class McNemar {

    /** Below this many discordant pairs the exact test is used. */
    public static final long EXACT_BELOW = 25;

    /**
     * The test used ({@code "mcnemar-exact"} or {@code "mcnemar-chi2"}), its statistic and p-value, the
     * discordant counts, the number of pairs {@code n} (null when unknown) and the difference of proportions
     * A − B with its 95% interval (null when n is unknown).
     */
    public record Result(String test, double statistic, double p, long b, long c, Long n,
                         Double difference, Double low, Double high) {
    }

    private McNemar() {
    }

    /** The test from the outcomes of A and B on the same items ({@code a[i]}, {@code b[i]}: item i correct). */
    public static Result of(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired outcomes differ in length: " + a.length + " vs " + b.length);
        }
        long onlyA = 0;
        long onlyB = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && !b[i]) {
                onlyA++;
            } else if (b[i] && !a[i]) {
                onlyB++;
            }
        }
        return test(onlyA, onlyB, a.length);
    }

    /** The test from the discordant counts and the number of pairs n (for the difference and its interval). */
    public static Result test(long b, long c, long n) {
        if (n < b + c) {
            throw new IllegalArgumentException("n = " + n + " is less than b + c = " + (b + c));
        }
        Result test = test(b, c);
        if (n == 0) {
            return new Result(test.test(), test.statistic(), test.p(), b, c, n, null, null, null);
        }
        double difference = (double) (b - c) / n;
        double se = Math.sqrt(Math.max(0.0, b + c - (double) (b - c) * (b - c) / n)) / n;
        return new Result(test.test(), test.statistic(), test.p(), b, c, n, difference,
                Math.max(-1.0, difference - Proportion.Z95 * se), Math.min(1.0, difference + Proportion.Z95 * se));
    }

    /** The test from the discordant counts alone (no difference). */
    public static Result test(long b, long c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must not be negative: " + b + ", " + c);
        }
        long discordant = b + c;
        if (discordant < EXACT_BELOW) {
            long smaller = Math.min(b, c);
            double p = discordant == 0 ? 1.0
                    : Math.min(1.0, 2 * new BinomialDistribution((int) discordant, 0.5).cumulativeProbability((int) smaller));
            return new Result("mcnemar-exact", smaller, p, b, c, null, null, null, null);
        }
        double statistic = Math.pow(Math.abs(b - c) - 1.0, 2) / discordant;
        return new Result("mcnemar-chi2", statistic, Tails.chiSquareSurvival(statistic, 1), b, c, null, null, null, null);
    }
}
