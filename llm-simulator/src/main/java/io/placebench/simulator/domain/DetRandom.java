package io.placebench.simulator.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A small seeded random generator (SplitMix64). Written out here rather than using java.util.Random so
 * that the simulator's answers stay identical across JDK versions: the same image must always get the
 * same answer.
 */
public final class DetRandom {

    private long state;

    public DetRandom(long seed) {
        this.state = seed;
    }

    /** A generator seeded from the SHA-256 of the given parts, so any mix of keys gives a well-spread seed. */
    public static DetRandom of(Object... parts) {
        return new DetRandom(seedOf(parts));
    }

    public static long seedOf(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f); // separator so ("ab","c") differs from ("a","bc")
            }
            byte[] d = sha.digest();
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (d[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        return (int) Math.floor(nextDouble() * bound);
    }

    /** Standard normal by Box-Muller (one value per call; simplicity beats speed here). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1], avoids log(0)
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    public <T> T pick(java.util.List<T> items) {
        return items.get(nextInt(items.size()));
    }
}
