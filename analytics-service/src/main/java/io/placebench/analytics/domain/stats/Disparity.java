package io.placebench.analytics.domain.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How unequal an accuracy is across groups (continents, countries, regions). Only groups with
 * {@code n ≥ minN} (default {@value #DEFAULT_MIN_N}) are counted; the others are listed as excluded.
 * Over the k counted groups with accuracies {@code x_1..x_k} (each group weighs the same, whatever its n):
 * <ul>
 * <li>{@code best} / {@code worst}: the group with the highest / lowest accuracy (ties: the smaller id);
 * the worst-group accuracy is {@code worst.accuracy()};</li>
 * <li>{@code gap = best − worst}; {@code ratio = worst / best}, null when best is 0;</li>
 * <li>{@code gini}: the Gini coefficient, the mean absolute difference over all k² ordered pairs (i, j),
 * i = j included, divided by twice the mean: {@code G = Σ_i Σ_j |x_i − x_j| / (2·k²·mean)}; 0 when all are
 * equal (also when all are 0), at most {@code 1 − 1/k}.</li>
 * </ul>
 * With no counted group every figure is null.
 */
public final class Disparity {

    public static final int DEFAULT_MIN_N = 10;

    /** One group: its id, size and accuracy in [0, 1]. */
    public record Group(String id, long n, double accuracy) {
    }

    /** A group named with its accuracy. */
    public record Extreme(String id, double accuracy) {
    }

    public record Result(Extreme best, Extreme worst, Double gap, Double ratio, Double gini, int minN,
                         int groupsCounted, int groupsExcluded, List<String> excluded) {

        /** The accuracy of the worst counted group (null when none is counted). */
        public Double worstGroupAccuracy() {
            return worst == null ? null : worst.accuracy();
        }
    }

    private Disparity() {
    }

    public static Result of(List<Group> groups) {
        return of(groups, DEFAULT_MIN_N);
    }

    public static Result of(List<Group> groups, int minN) {
        List<Group> counted = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (Group g : groups) {
            if (!(g.accuracy() >= 0 && g.accuracy() <= 1)) {
                throw new IllegalArgumentException("accuracy of " + g.id() + " is not in [0, 1]: " + g.accuracy());
            }
            if (g.n() >= minN) {
                counted.add(g);
            } else {
                excluded.add(g.id());
            }
        }
        if (counted.isEmpty()) {
            return new Result(null, null, null, null, null, minN, 0, excluded.size(), List.copyOf(excluded));
        }
        Comparator<Group> byId = Comparator.comparing(Group::id);
        Group best = counted.stream()
                .min(Comparator.comparingDouble(Group::accuracy).reversed().thenComparing(byId)).orElseThrow();
        Group worst = counted.stream()
                .min(Comparator.comparingDouble(Group::accuracy).thenComparing(byId)).orElseThrow();
        double[] x = counted.stream().mapToDouble(Group::accuracy).toArray();
        return new Result(new Extreme(best.id(), best.accuracy()), new Extreme(worst.id(), worst.accuracy()),
                best.accuracy() - worst.accuracy(),
                best.accuracy() == 0 ? null : worst.accuracy() / best.accuracy(),
                gini(x), minN, counted.size(), excluded.size(), List.copyOf(excluded));
    }

    /**
     * Gini coefficient {@code Σ_i Σ_j |x_i − x_j| / (2·k²·mean)} of non-negative values; 0 when all are equal.
     */
    public static double gini(double[] x) {
        int k = x.length;
        if (k == 0) {
            throw new IllegalArgumentException("no values");
        }
        double sum = 0;
        double absoluteDifferences = 0;
        for (int i = 0; i < k; i++) {
            if (!(x[i] >= 0) || Double.isInfinite(x[i])) {
                throw new IllegalArgumentException("Gini needs finite non-negative values, got " + x[i]);
            }
            sum += x[i];
            for (int j = 0; j < k; j++) {
                absoluteDifferences += Math.abs(x[i] - x[j]);
            }
        }
        if (absoluteDifferences == 0) {
            return 0.0;
        }
        double mean = sum / k;
        return absoluteDifferences / (2.0 * k * k * mean);
    }
}
