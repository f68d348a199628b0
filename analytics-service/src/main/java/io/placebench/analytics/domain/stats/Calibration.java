package io.placebench.analytics.domain.stats;

import java.util.ArrayList;
import java.util.List;

import org.hipparchus.stat.correlation.SpearmansCorrelation;

/**
 * Whether a model's stated confidence (levels 1..5) means anything.
 * <ul>
 * <li><b>Per level</b> k = 1..5 (always all five): n, correct and accuracy with its 95% Wilson interval
 * ({@link Proportion#wilson}); answers without a confidence are counted apart.</li>
 * <li><b>Spearman</b> rank correlation between confidence and error km over the answers that have both, with
 * average ranks for ties (Pearson correlation of the ranks), and the two-sided p-value as
 * {@code scipy.stats.spearmanr} computes it: {@code t = ρ·sqrt((n − 2)/((1 + ρ)(1 − ρ)))}, Student's t with
 * {@code n − 2} df ({@code p = 0} when |ρ| = 1). Null when fewer than 3 such answers or when either variable
 * is constant. A well-calibrated model has ρ &lt; 0 (more confident, smaller error).</li>
 * <li><b>Expected calibration error</b> (after Naeini et al. 2015, with the five levels as bins): level k
 * states the probability {@code conf_k = k/5} of being correct, and
 * {@code ECE = Σ_k (n_k/N)·|acc_k − conf_k|} over the levels with {@code n_k > 0}, N the answers with a
 * confidence; null when N = 0. The mapping k/5 is our choice (1 → 0.2 … 5 → 1.0): the prompt asks for a
 * 1..5 level, not a probability.</li>
 * </ul>
 */
public final class Calibration {

    public static final int LEVELS = 5;

    /** One answer: confidence 1..5 or null, whether it was correct, its error in km (null when unknown). */
    public record Observation(Integer confidence, boolean correct, Double errorKm) {
    }

    /** One level: its stated probability k/5, and its accuracy (n, correct, Wilson interval). */
    public record Level(int level, double statedProbability, Proportion accuracy) {
    }

    public record Result(List<Level> levels, long withConfidence, long withoutConfidence,
                         Double spearmanRho, Double spearmanP, int spearmanN, Double ece) {
    }

    private Calibration() {
    }

    public static Result of(List<Observation> observations) {
        long[] n = new long[LEVELS + 1];
        long[] correct = new long[LEVELS + 1];
        long without = 0;
        List<double[]> pairs = new ArrayList<>();
        for (Observation o : observations) {
            Integer k = o.confidence();
            if (k == null) {
                without++;
                continue;
            }
            if (k < 1 || k > LEVELS) {
                throw new IllegalArgumentException("confidence must be 1.." + LEVELS + ", got " + k);
            }
            n[k]++;
            if (o.correct()) {
                correct[k]++;
            }
            if (o.errorKm() != null && Double.isFinite(o.errorKm())) {
                pairs.add(new double[] {k, o.errorKm()});
            }
        }
        long with = 0;
        List<Level> levels = new ArrayList<>();
        for (int k = 1; k <= LEVELS; k++) {
            with += n[k];
            levels.add(new Level(k, statedProbability(k), Proportion.wilson(correct[k], n[k])));
        }
        Double ece = null;
        if (with > 0) {
            double sum = 0;
            for (int k = 1; k <= LEVELS; k++) {
                if (n[k] > 0) {
                    sum += (double) n[k] / with * Math.abs((double) correct[k] / n[k] - statedProbability(k));
                }
            }
            ece = sum;
        }
        double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
        Spearman spearman = spearman(x, y);
        return new Result(List.copyOf(levels), with, without,
                spearman == null ? null : spearman.rho(), spearman == null ? null : spearman.p(), x.length, ece);
    }

    /** The probability level k states: k/5. */
    public static double statedProbability(int level) {
        return (double) level / LEVELS;
    }

    /** Spearman's ρ (average ranks for ties) and its two-sided p-value (t with n − 2 df, as scipy). */
    public record Spearman(double rho, double p, int n) {
    }

    /** Spearman's ρ and p as {@code scipy.stats.spearmanr}; null when n &lt; 3 or either input is constant. */
    public static Spearman spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        int n = x.length;
        if (n < 3 || constant(x) || constant(y)) {
            return null;
        }
        double rho = new SpearmansCorrelation().correlation(x, y);
        rho = Math.max(-1.0, Math.min(1.0, rho));
        double df = n - 2;
        double t = rho * Math.sqrt(Math.max(0.0, df / ((rho + 1.0) * (1.0 - rho))));
        return new Spearman(rho, Tails.twoSidedT(t, df), n);
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }
}
