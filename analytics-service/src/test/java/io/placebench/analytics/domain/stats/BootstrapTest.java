package io.placebench.analytics.domain.stats;

import static io.placebench.analytics.domain.stats.StatsReference.CLOSED_FORM;
import static io.placebench.analytics.domain.stats.StatsReference.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class BootstrapTest {

    private static final double[] SAMPLE = {12.0, 3.5, 7.25, 40.0, 0.5, 18.0, 9.0, 2.0, 33.0, 5.5, 11.0, 27.0};

    @Test
    void percentileRuleIsNumpysLinear() {
        for (JsonNode c : StatsReference.get("percentile")) {
            double[] x = StatsReference.doubles(c.get("x"));
            double[] q = StatsReference.doubles(c.get("q"));
            double[] expected = StatsReference.doubles(c.get("percentiles"));
            for (int i = 0; i < q.length; i++) {
                close(expected[i], Bootstrap.percentile(x, q[i]), CLOSED_FORM, c.get("name").asText() + " q" + q[i]);
            }
            close(c.get("median").asDouble(), Bootstrap.sampleMedian(x), CLOSED_FORM, c.get("name").asText() + " median");
        }
    }

    @Test
    void sameSeedSameInterval() {
        assertEquals(new Bootstrap(42).mean(SAMPLE), new Bootstrap(42).mean(SAMPLE));
        assertEquals(new Bootstrap(42).median(SAMPLE), new Bootstrap(42).median(SAMPLE));
        Bootstrap one = new Bootstrap(7);
        one.median(SAMPLE); // an earlier call does not change a later one
        assertEquals(new Bootstrap(7).mean(SAMPLE), one.mean(SAMPLE));
    }

    @Test
    void otherSeedOtherInterval() {
        Bootstrap.Interval a = new Bootstrap(1).mean(SAMPLE);
        Bootstrap.Interval b = new Bootstrap(2).mean(SAMPLE);
        assertEquals(a.estimate(), b.estimate());
        assertNotEquals(a.low() + "," + a.high(), b.low() + "," + b.high());
        assertEquals(1L, a.seed());
        assertEquals(2_000, a.resamples());
    }

    @Test
    void estimateIsInsideTheInterval() {
        Bootstrap bootstrap = new Bootstrap(2026, 5_000);
        for (Bootstrap.Interval i : new Bootstrap.Interval[] {bootstrap.mean(SAMPLE), bootstrap.median(SAMPLE)}) {
            assertTrue(i.low() < i.estimate() && i.estimate() < i.high(), i.toString());
        }
        Bootstrap.Interval mean = bootstrap.mean(SAMPLE);
        assertEquals(Bootstrap.sampleMean(SAMPLE), mean.estimate(), 0.0);
        assertEquals(10.0, bootstrap.median(SAMPLE).estimate(), 0.0); // (9 + 11) / 2
        // the interval lies within the range of the data
        assertTrue(mean.low() >= 0.5 && mean.high() <= 40.0);
    }

    @Test
    void degenerateSampleCollapses() {
        double[] same = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        for (Bootstrap.Interval i : new Bootstrap.Interval[] {new Bootstrap(3).mean(same), new Bootstrap(3).median(same),
                new Bootstrap(3).pairedMeanDifference(same, new double[] {0, 0, 0, 0, 0, 0, 0})}) {
            assertEquals(i.estimate(), i.low(), 0.0);
            assertEquals(i.estimate(), i.high(), 0.0);
        }
    }

    @Test
    void twoPointSampleCoversItsWholeRange() {
        // resampled means of {0, 1} are 0, 0.5, 1 with probabilities 1/4, 1/2, 1/4: with 2,000 resamples
        // about 500 are 0 and 500 are 1, so the 2.5th and 97.5th percentiles are 0 and 1 (hand computed)
        Bootstrap.Interval i = new Bootstrap(11).mean(new double[] {0, 1});
        assertEquals(0.5, i.estimate(), 0.0);
        assertEquals(0.0, i.low(), 0.0);
        assertEquals(1.0, i.high(), 0.0);
    }

    @Test
    void pairedDifferenceResamplesPairs() {
        double[] a = {10, 20, 30, 40, 50};
        double[] b = {9, 19, 29, 39, 49}; // every pair differs by exactly 1, however different the pairs are
        Bootstrap.Interval i = new Bootstrap(5).pairedMeanDifference(a, b);
        assertEquals(1.0, i.estimate(), 0.0);
        assertEquals(1.0, i.low(), 0.0);
        assertEquals(1.0, i.high(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(5).pairedMeanDifference(a, new double[] {1}));
    }

    @Test
    void rejectsTooFewResamplesAndEmptySamples() {
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(1, 999));
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(1).mean(new double[0]));
    }

    @Test
    void theLinearTimeMedianGivesTheSameIntervalAsSortingEachResample() {
        java.util.Random data = new java.util.Random(7);
        for (int n : new int[] {1, 2, 5, 50, 301}) {
            double[] sample = new double[n];
            for (int i = 0; i < n; i++) {
                sample[i] = data.nextInt(40) / 4.0; // many ties
            }
            java.util.SplittableRandom random = new java.util.SplittableRandom(11);
            double[] medians = new double[1000];
            double[] resample = new double[n];
            for (int r = 0; r < medians.length; r++) {
                for (int i = 0; i < n; i++) {
                    resample[i] = sample[random.nextInt(n)];
                }
                medians[r] = Bootstrap.sampleMedian(resample);
            }
            Bootstrap.Interval fast = new Bootstrap(11, 1000).median(sample);
            assertEquals(Bootstrap.percentile(medians, 2.5), fast.low(), "n " + n);
            assertEquals(Bootstrap.percentile(medians, 97.5), fast.high(), "n " + n);
            assertEquals(Bootstrap.sampleMedian(sample), fast.estimate(), "n " + n);
        }
    }
}
