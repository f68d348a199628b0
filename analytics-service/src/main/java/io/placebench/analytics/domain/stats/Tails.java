package io.placebench.analytics.domain.stats;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Gamma;

/** Upper-tail probabilities computed so that small p-values keep their relative precision. */
final class Tails {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    private Tails() {
    }

    /**
     * {@code P(X > x)} for X chi-square with df degrees of freedom: the upper regularized gamma function
     * {@code Q(df/2, x/2)}, i.e. {@code 1 − ChiSquaredDistribution(df).cumulativeProbability(x)} without the
     * cancellation.
     */
    static double chiSquareSurvival(double x, int df) {
        return x <= 0 ? 1.0 : Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
    }

    /** {@code 2·Φ(−|z|)}, capped at 1. */
    static double twoSidedNormal(double z) {
        return Math.min(1.0, 2 * NORMAL.cumulativeProbability(-Math.abs(z)));
    }

    /** {@code 2·F_df(−|t|)} for Student's t with df degrees of freedom, capped at 1; 0 for infinite t. */
    static double twoSidedT(double t, double df) {
        if (Double.isInfinite(t)) {
            return 0.0;
        }
        return Math.min(1.0, 2 * new TDistribution(df).cumulativeProbability(-Math.abs(t)));
    }
}
