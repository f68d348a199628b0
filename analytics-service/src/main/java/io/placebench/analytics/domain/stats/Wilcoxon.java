package io.placebench.analytics.domain.stats;

import java.util.Arrays;

import org.hipparchus.stat.ranking.NaNStrategy;
import org.hipparchus.stat.ranking.NaturalRanking;
import org.hipparchus.stat.ranking.TiesStrategy;

/**
 * Wilcoxon signed-rank test on paired differences, two-sided, reproducing <b>scipy.stats.wilcoxon with its
 * defaults</b> ({@code zero_method='wilcox', correction=False, alternative='two-sided', method='auto'}) as
 * implemented in scipy 1.17:
 * <ul>
 * <li>zero differences are dropped; the others are ranked by |d| with average ranks for ties;
 * {@code W+} / {@code W−} are the rank sums of the positive / negative differences, n the non-zero count;</li>
 * <li>the statistic reported is {@code min(W+, W−)};</li>
 * <li>the method is chosen on the number of pairs <em>before</em> zeros are dropped (N):
 *   <ul>
 *   <li>{@code "exact"}: N ≤ 50, no zeros and no ties: the exact null distribution of W+ (all 2ⁿ sign
 *   assignments equally likely), {@code p = min(1, 2·min(P(W ≥ W+), P(W ≤ W+)))};</li>
 *   <li>{@code "permutation"}: N ≤ 13 with zeros or ties: scipy runs an exhaustive (hence exact) sign-flip
 *   permutation test of W+ with the observed average ranks; p is computed the same way over the 2ⁿ flips;</li>
 *   <li>{@code "normal"}: otherwise (N &gt; 50, or 13 &lt; N ≤ 50 with zeros or ties): normal approximation
 *   {@code z = (W+ − n(n+1)/4) / σ}, {@code σ² = (n(n+1)(2n+1) − Σ(t³ − t)/2) / 24} over the tie groups t of
 *   the non-zero |d|, no continuity correction, {@code p = 2·Φ(−|z|)}.</li>
 *   </ul></li>
 * <li>all differences zero (n = 0): statistic 0, p = 1, method {@code "none"} (scipy gives 1 for N ≤ 13 and
 * NaN above).</li>
 * </ul>
 */
public final class Wilcoxon {

    /** Above this many pairs the normal approximation is used (scipy's 'auto'). */
    public static final int EXACT_MAX_N = 50;
    /** Up to this many pairs, zeros or ties lead to the exhaustive permutation test (scipy's 'auto'). */
    public static final int PERMUTATION_MAX_N = 13;

    /** Statistic min(W+, W−), two-sided p, non-zero differences used, zeros dropped, method. */
    public record Result(double statistic, double p, int n, int zeros, String method) {
    }

    private Wilcoxon() {
    }

    /** The test on the differences {@code x[i] − y[i]}. */
    public static Result test(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + x.length + " vs " + y.length);
        }
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i] - y[i];
        }
        return test(d);
    }

    /** The test on the paired differences. */
    public static Result test(double[] differences) {
        int total = differences.length;
        double[] nonZero = Arrays.stream(differences).filter(v -> v != 0.0).toArray();
        for (double v : nonZero) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("non-finite difference: " + v);
            }
        }
        int n = nonZero.length;
        int zeros = total - n;
        if (n == 0) {
            return new Result(0.0, 1.0, 0, zeros, "none");
        }
        double[] magnitudes = Arrays.stream(nonZero).map(Math::abs).toArray();
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(magnitudes);
        double wPlus = 0;
        double wMinus = 0;
        for (int i = 0; i < n; i++) {
            if (nonZero[i] > 0) {
                wPlus += ranks[i];
            } else {
                wMinus += ranks[i];
            }
        }
        double[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        double tieTerm = 0;
        boolean ties = false;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double t = j - i + 1;
            if (t > 1) {
                ties = true;
                tieTerm += t * t * t - t;
            }
            i = j + 1;
        }
        double statistic = Math.min(wPlus, wMinus);
        if (total <= EXACT_MAX_N && !ties && zeros == 0) {
            return new Result(statistic, exactP(n, (long) Math.rint(wPlus)), n, zeros, "exact");
        }
        if (total <= PERMUTATION_MAX_N) {
            return new Result(statistic, permutationP(ranks, wPlus), n, zeros, "permutation");
        }
        double mean = n * (n + 1) / 4.0;
        double sd = Math.sqrt((n * (n + 1.0) * (2.0 * n + 1.0) - tieTerm / 2.0) / 24.0);
        double z = (wPlus - mean) / sd;
        return new Result(statistic, Tails.twoSidedNormal(z), n, zeros, "normal");
    }

    /** Two-sided p from the exact null distribution of W+ for n untied ranks 1..n. */
    private static double exactP(int n, long wPlus) {
        int max = n * (n + 1) / 2;
        // counts[s] = number of subsets of {1..n} with rank sum s; at most 2^50, exact in a long
        long[] counts = new long[max + 1];
        counts[0] = 1;
        for (int rank = 1; rank <= n; rank++) {
            for (int s = rank * (rank + 1) / 2; s >= rank; s--) {
                counts[s] += counts[s - rank];
            }
        }
        long atMost = 0;
        long atLeast = 0;
        for (int s = 0; s <= max; s++) {
            if (s <= wPlus) {
                atMost += counts[s];
            }
            if (s >= wPlus) {
                atLeast += counts[s];
            }
        }
        double all = Math.scalb(1.0, n);
        return Math.min(1.0, 2 * Math.min(atMost, atLeast) / all);
    }

    /** Two-sided p of the exhaustive sign-flip permutation test of W+ (ranks are multiples of 1/2). */
    private static double permutationP(double[] ranks, double wPlus) {
        int n = ranks.length;
        long[] doubled = new long[n];
        for (int i = 0; i < n; i++) {
            doubled[i] = Math.round(2 * ranks[i]);
        }
        long observed = Math.round(2 * wPlus);
        long atMost = 0;
        long atLeast = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    sum += doubled[i];
                }
            }
            if (sum <= observed) {
                atMost++;
            }
            if (sum >= observed) {
                atLeast++;
            }
        }
        return Math.min(1.0, 2.0 * Math.min(atMost, atLeast) / (1L << n));
    }
}
