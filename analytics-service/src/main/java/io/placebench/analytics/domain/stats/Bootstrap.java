package io.placebench.analytics.domain.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Seeded, reproducible <b>percentile bootstrap</b> (Efron &amp; Tibshirani 1993, ch. 13) with 95% intervals.
 *
 * <p>Rules:
 * <ul>
 * <li>each call starts a fresh {@link SplittableRandom} from the seed, so the same data, seed and number of
 * resamples give the same interval whatever was computed before;</li>
 * <li>one resample draws n indices uniformly with replacement ({@code nextInt(n)}, n draws in order) and
 * computes the statistic on them; for the paired difference the <em>pair</em> index is drawn, so both members
 * of a pair stay together;</li>
 * <li>the interval is the 2.5th and 97.5th percentile of the B resampled statistics, with numpy's default
 * percentile rule ({@link #percentile}: linear interpolation, type 7 of Hyndman &amp; Fan 1996);</li>
 * <li>the estimate is the statistic on the original sample; the median of an even count is the mean of the
 * two middle values;</li>
 * <li>B defaults to 2,000 and must be at least 1,000; samples must not be empty.</li>
 * </ul>
 */
public final class Bootstrap {

    public static final int DEFAULT_RESAMPLES = 2_000;
    public static final int MIN_RESAMPLES = 1_000;

    /** A bootstrap estimate with its 95% percentile interval and what made it. */
    public record Interval(double estimate, double low, double high, int resamples, long seed) {
    }

    private final int resamples;
    private final long seed;

    public Bootstrap(long seed, int resamples) {
        if (resamples < MIN_RESAMPLES) {
            throw new IllegalArgumentException("at least " + MIN_RESAMPLES + " resamples, got " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /** {@value #DEFAULT_RESAMPLES} resamples. */
    public Bootstrap(long seed) {
        this(seed, DEFAULT_RESAMPLES);
    }

    /** Interval of the arithmetic mean. */
    public Interval mean(double[] sample) {
        return run(sample, Bootstrap::sampleMean);
    }

    /**
     * Interval of the median (mean of the two middle values for an even count). The same resamples as sorting each
     * one would give, found in linear time: each draw counts its value's rank in the sorted sample, and the middle
     * ranks are read off the cumulative counts (a run of 10,000 images needs no 2,000 sorts).
     */
    public Interval median(double[] sample) {
        int n = requireFinite(sample);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(sample[x], sample[y]));
        double[] sorted = new double[n];
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            sorted[r] = sample[order[r]];
            rank[order[r]] = r;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] statistics = new double[resamples];
        int[] counts = new int[n];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[rank[random.nextInt(n)]]++;
            }
            statistics[r] = (valueAt(sorted, counts, (n - 1) / 2) + valueAt(sorted, counts, n / 2)) / 2.0;
        }
        Arrays.sort(statistics);
        return new Interval(sampleMedian(sample), sortedPercentile(statistics, 2.5),
                sortedPercentile(statistics, 97.5), resamples, seed);
    }

    /** The value at 0-based position {@code k} of the resample that holds {@code counts[r]} copies of rank r. */
    private static double valueAt(double[] sorted, int[] counts, int k) {
        int seen = 0;
        for (int r = 0; r < counts.length; r++) {
            seen += counts[r];
            if (seen > k) {
                return sorted[r];
            }
        }
        throw new IllegalStateException("position " + k + " beyond the resample");
    }

    /** Interval of the mean of the paired differences {@code a[i] − b[i]}, resampling pairs. */
    public Interval pairedMeanDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        }
        double[] differences = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            differences[i] = a[i] - b[i];
        }
        // resampling the differences by index is resampling the pairs by index
        return run(differences, Bootstrap::sampleMean);
    }

    private static int requireFinite(double[] sample) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("empty sample");
        }
        for (double v : sample) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("sample holds a non-finite value: " + v);
            }
        }
        return sample.length;
    }

    private Interval run(double[] sample, ToDoubleFunction<double[]> statistic) {
        int n = requireFinite(sample);
        SplittableRandom random = new SplittableRandom(seed);
        double[] statistics = new double[resamples];
        double[] resample = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                resample[i] = sample[random.nextInt(n)];
            }
            statistics[r] = statistic.applyAsDouble(resample);
        }
        Arrays.sort(statistics);
        return new Interval(statistic.applyAsDouble(sample.clone()),
                sortedPercentile(statistics, 2.5), sortedPercentile(statistics, 97.5), resamples, seed);
    }

    /**
     * The q-th percentile (0..100) of the values, numpy's default rule ({@code numpy.percentile},
     * method 'linear'): with the values sorted ascending {@code x[0..n-1]}, {@code h = (n−1)·q/100},
     * result {@code x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])}.
     */
    public static double percentile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sortedPercentile(sorted, q);
    }

    /** The arithmetic mean. */
    public static double sampleMean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The median; the mean of the two middle values for an even count. Sorts the array in place. */
    private static double medianInPlace(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    }

    /** The median of a copy of the values (mean of the two middle values for an even count). */
    public static double sampleMedian(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        return medianInPlace(values.clone());
    }

    private static double sortedPercentile(double[] sorted, double q) {
        if (!(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("percentile must be in 0..100, got " + q);
        }
        double h = (sorted.length - 1) * (q / 100.0);
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double fraction = h - lo;
        return sorted[lo] + fraction * (sorted[lo + 1] - sorted[lo]);
    }
}
