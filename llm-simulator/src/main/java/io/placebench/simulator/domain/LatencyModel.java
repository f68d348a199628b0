package io.placebench.simulator.domain;

/**
 * Simulated model latency: the mean varied by +/- jitter, plus a small prefill term that grows with the
 * image tokens (about +15 % of the mean for a 765-token image). A mean of 0 means no delay at all.
 */
public final class LatencyModel {

    /** Image tokens that add one whole mean latency. */
    static final double TOKENS_PER_MEAN = 5000.0;

    private LatencyModel() {
    }

    public static long delayMillis(long meanMs, double jitter, int imageTokens, DetRandom rng) {
        if (meanMs <= 0) {
            return 0;
        }
        double base = meanMs * (1.0 + jitter * (2.0 * rng.nextDouble() - 1.0));
        double prefill = meanMs * imageTokens / TOKENS_PER_MEAN;
        return Math.max(0, Math.round(base + prefill));
    }
}
