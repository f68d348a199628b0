package io.placebench.simulator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NoiseProfileTest {

    private static final GeoPoint PARIS = new GeoPoint(48.8566, 2.3522);

    @Test
    void sameSeedSameGuess() {
        for (NoiseProfile p : NoiseProfile.ALL) {
            for (int i = 0; i < 50; i++) {
                NoiseProfile.Guess a = p.guess(PARIS, false, DetRandom.of("k", i));
                NoiseProfile.Guess b = p.guess(PARIS, false, DetRandom.of("k", i));
                assertEquals(a, b);
            }
            assertNotEquals(p.guess(PARIS, false, DetRandom.of("k", 1)), p.guess(PARIS, false, DetRandom.of("k", 2)));
        }
    }

    @Test
    void mixtureMediansAreAsSpecified() {
        // the median of the lognormal mixture lies between its components' medians, weighted towards the heavy one
        double strong = median(NoiseProfile.STRONG, false);
        double weak = median(NoiseProfile.WEAK, false);
        assertTrue(strong > 5 && strong < 40, "sim-strong median " + strong);
        assertTrue(weak > 150 && weak < 600, "sim-weak median " + weak);
    }

    @Test
    void harderRegionsMultiplyTheError() {
        double easy = median(NoiseProfile.STRONG, false);
        double hard = median(NoiseProfile.STRONG, true);
        assertEquals(HardRegions.ERROR_MULTIPLIER, hard / easy, 0.05);
    }

    @Test
    void outcomeRates() {
        int n = 20000;
        int[] weak = new int[3];
        int[] strong = new int[3];
        for (int i = 0; i < n; i++) {
            weak[NoiseProfile.WEAK.guess(PARIS, false, DetRandom.of("rate", i)).outcome().ordinal()]++;
            strong[NoiseProfile.STRONG.guess(PARIS, false, DetRandom.of("rate", i)).outcome().ordinal()]++;
        }
        assertEquals(0.03, weak[NoiseProfile.Outcome.REFUSAL.ordinal()] / (double) n, 0.006);
        assertEquals(0.02, weak[NoiseProfile.Outcome.TRUNCATED.ordinal()] / (double) n, 0.005);
        assertEquals(n, strong[NoiseProfile.Outcome.ANSWER.ordinal()]);
    }

    @Test
    void guessesStayOnTheGlobe() {
        GeoPoint[] edges = {new GeoPoint(89.99, 0), new GeoPoint(-89.99, 179.99), new GeoPoint(0, -180), new GeoPoint(0, 180)};
        for (GeoPoint p : edges) {
            for (int i = 0; i < 500; i++) {
                NoiseProfile.Guess g = NoiseProfile.WEAK.guess(p, true, DetRandom.of("edge", i));
                assertTrue(g.point().latitude() >= -90 && g.point().latitude() <= 90);
                assertTrue(g.point().longitude() >= -180 && g.point().longitude() <= 180);
                assertTrue(g.errorKm() <= Math.PI * GeoMath.EARTH_RADIUS_KM + 1);
            }
        }
    }

    @Test
    void unknownModelsHaveNoProfile() {
        assertTrue(NoiseProfile.forModel("gpt-4o").isEmpty());
        assertEquals(NoiseProfile.STRONG, NoiseProfile.forModel("sim-strong").orElseThrow());
        assertEquals(NoiseProfile.WEAK, NoiseProfile.forModel("sim-weak").orElseThrow());
    }

    private static double median(NoiseProfile p, boolean harder) {
        int n = 20001;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = p.guess(PARIS, harder, DetRandom.of("median", i)).errorKm();
        }
        Arrays.sort(d);
        return d[n / 2];
    }
}
