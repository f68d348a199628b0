package io.placebench.analytics.domain.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Figures of a categorical distribution (e.g. the predicted countries of a run).
 * <ul>
 * <li><b>Entropy</b> in bits of counts {@code c_1..c_k} with total N: {@code H = −Σ (c_i/N)·log2(c_i/N)} over
 * the positive counts; {@code normalised = H / log2(k)} with k the number of categories <em>passed</em>
 * (zero counts included, so the caller fixes the support: pass 0 for a category that could occur but did
 * not); 1 for a uniform distribution, null when k &lt; 2 or N = 0.</li>
 * <li><b>Over-prediction</b>: for each category in either map, {@code predictedShare − trueShare}, where a
 * share is the category's count over its map's total; sorted by that excess descending (most over-predicted
 * first), ties by category ascending.</li>
 * </ul>
 */
public final class Distribution {

    /** Entropy in bits, normalised entropy (null when undefined), categories k and total N. */
    public record Entropy(double bits, Double normalised, int categories, long total) {
    }

    /** One category's predicted and true counts, shares and the excess {@code predictedShare − trueShare}. */
    public record OverPrediction(String category, long predicted, long actual, double predictedShare,
                                 double trueShare, double excess) {
    }

    private Distribution() {
    }

    public static Entropy entropy(long... counts) {
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
            total += c;
        }
        int k = counts.length;
        if (total == 0) {
            return new Entropy(0.0, null, k, 0);
        }
        double bits = 0;
        for (long c : counts) {
            if (c > 0) {
                double share = (double) c / total;
                bits -= share * Math.log(share);
            }
        }
        bits /= Math.log(2);
        bits = Math.max(0.0, bits); // −0.0 and rounding below zero for a single category
        return new Entropy(bits, k < 2 ? null : bits / (Math.log(k) / Math.log(2)), k, total);
    }

    public static Entropy entropy(Map<String, Long> counts) {
        return entropy(counts.values().stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Per category: predicted share − true share, most over-predicted first. A map with total 0 gives shares
     * of 0.
     */
    public static List<OverPrediction> overPrediction(Map<String, Long> predicted, Map<String, Long> actual) {
        long predictedTotal = predicted.values().stream().mapToLong(Long::longValue).sum();
        long actualTotal = actual.values().stream().mapToLong(Long::longValue).sum();
        TreeSet<String> categories = new TreeSet<>(predicted.keySet());
        categories.addAll(actual.keySet());
        List<OverPrediction> rows = new ArrayList<>();
        for (String category : categories) {
            long p = predicted.getOrDefault(category, 0L);
            long a = actual.getOrDefault(category, 0L);
            double pShare = predictedTotal == 0 ? 0.0 : (double) p / predictedTotal;
            double aShare = actualTotal == 0 ? 0.0 : (double) a / actualTotal;
            rows.add(new OverPrediction(category, p, a, pShare, aShare, pShare - aShare));
        }
        rows.sort(Comparator.comparingDouble(OverPrediction::excess).reversed()
                .thenComparing(OverPrediction::category));
        return rows;
    }
}
