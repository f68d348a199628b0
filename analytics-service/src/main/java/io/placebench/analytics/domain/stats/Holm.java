package io.placebench.analytics.domain.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm–Bonferroni adjusted p-values (Holm 1979), as statsmodels {@code multipletests(p, method='holm')}:
 * with the m p-values sorted ascending {@code p(1) ≤ … ≤ p(m)},
 * {@code adj(i) = min(1, max_{j ≤ i} (m − j + 1)·p(j))}, returned in the input order. The adjusted values are
 * monotone in the raw ones and capped at 1; tied p-values get the same adjusted value.
 */
public final class Holm {

    private Holm() {
    }

    /** The adjusted p-values, in the order of the input. */
    public static double[] adjust(double... p) {
        int m = p.length;
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("p-values must be in [0, 1], got " + v);
            }
        }
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
