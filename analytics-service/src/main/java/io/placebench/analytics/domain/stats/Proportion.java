package io.placebench.analytics.domain.stats;

/**
 * A proportion {@code successes / n} with its 95% <b>Wilson score interval</b>.
 *
 * <p>With {@code p = successes/n} and {@code z = 1.959963984540054} (the 0.975 normal quantile):
 * <pre>
 *   centre = (p + z²/(2n)) / (1 + z²/n)
 *   half   = z · sqrt(p(1−p)/n + z²/(4n²)) / (1 + z²/n)
 *   [low, high] = [centre − half, centre + half]
 * </pre>
 * with {@code low} exactly 0 when {@code successes = 0} and {@code high} exactly 1 when {@code successes = n}
 * (their mathematical values, which rounding would miss by ~1e-17), and clamped to [0, 1].
 * the form of statsmodels {@code proportion_confint(count, nobs, alpha=0.05, method='wilson')} (Wilson 1927).
 * {@code n = 0} gives {@code rate}, {@code low} and {@code high} null.
 */
public record Proportion(long successes, long n, Double rate, Double low, Double high) {

    /** The 0.975 quantile of the standard normal distribution. */
    public static final double Z95 = 1.959963984540054;

    /** The proportion {@code successes / n} with its 95% Wilson interval; nulls when {@code n = 0}. */
    public static Proportion wilson(long successes, long n) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " of " + n);
        }
        if (n == 0) {
            return new Proportion(0, 0, null, null, null);
        }
        double p = (double) successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        double low = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
        double high = successes == n ? 1.0 : Math.min(1.0, centre + half);
        return new Proportion(successes, n, p, low, high);
    }
}
