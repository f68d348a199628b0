package io.placebench.simulator.domain;

import java.util.List;
import java.util.Optional;

/**
 * How wrong a simulated model is. The error distance is a mixture of lognormals (each component given by
 * its weight and median), the bearing is uniform, and a share of answers are refusals or truncated JSON.
 * Every draw comes from the caller's seeded {@link DetRandom}, so the same seed gives the same guess.
 */
public record NoiseProfile(String model, List<Component> mixture, double sigma, double refusalRate,
                           double truncationRate, double reasoningFactor) {

    /** One lognormal component: chosen with probability {@code weight}, median error {@code medianKm}. */
    public record Component(double weight, double medianKm) {
    }

    public enum Outcome { ANSWER, REFUSAL, TRUNCATED }

    /** A sampled guess: what the model does, where it points, and how far that is from the truth. */
    public record Guess(Outcome outcome, GeoPoint point, double errorKm, double bearingDeg) {
    }

    /** Spread of each lognormal component (log-space standard deviation). */
    public static final double DEFAULT_SIGMA = 0.8;

    public static final NoiseProfile STRONG = new NoiseProfile("sim-strong", List.of(
            new Component(0.55, 5), new Component(0.30, 80), new Component(0.15, 700)),
            DEFAULT_SIGMA, 0.0, 0.0, 0.0);

    public static final NoiseProfile WEAK = new NoiseProfile("sim-weak", List.of(
            new Component(0.25, 20), new Component(0.40, 300), new Component(0.35, 1500)),
            DEFAULT_SIGMA, 0.03, 0.02, 0.0);

    /**
     * A reasoning model: the best guesses, and three reasoning (thinking) tokens per answer token, reported as
     * each wire format does (OpenAI inside completion tokens, Anthropic inside output tokens, Gemini apart as
     * thoughtsTokenCount).
     */
    public static final NoiseProfile THINK = new NoiseProfile("sim-think", List.of(
            new Component(0.60, 3), new Component(0.30, 50), new Component(0.10, 500)),
            DEFAULT_SIGMA, 0.0, 0.0, 3.0);

    public static final List<NoiseProfile> ALL = List.of(STRONG, WEAK, THINK);

    public NoiseProfile {
        mixture = List.copyOf(mixture);
        double total = mixture.stream().mapToDouble(Component::weight).sum();
        if (Math.abs(total - 1.0) > 1e-9) {
            throw new IllegalArgumentException("mixture weights must sum to 1, got " + total);
        }
        if (reasoningFactor < 0) {
            throw new IllegalArgumentException("reasoning factor must be >= 0, got " + reasoningFactor);
        }
    }

    public static Optional<NoiseProfile> forModel(String model) {
        return ALL.stream().filter(p -> p.model().equals(model)).findFirst();
    }

    /**
     * Samples a guess around {@code truth}. Always consumes the same number of draws whatever the outcome,
     * so a refusal does not shift the answers of other keys. {@code harder} multiplies the error by
     * {@link HardRegions#ERROR_MULTIPLIER}.
     */
    public Guess guess(GeoPoint truth, boolean harder, DetRandom rng) {
        double u = rng.nextDouble();
        Outcome outcome = u < refusalRate ? Outcome.REFUSAL
                : u < refusalRate + truncationRate ? Outcome.TRUNCATED : Outcome.ANSWER;
        double distanceKm = sampleErrorKm(rng) * (harder ? HardRegions.ERROR_MULTIPLIER : 1.0);
        double bearing = rng.nextDouble() * 360.0;
        GeoPoint point = GeoMath.destination(truth, bearing, distanceKm);
        return new Guess(outcome, point, GeoMath.distanceKm(truth, point), bearing);
    }

    /** One draw from the lognormal mixture, in km (before any regional multiplier). */
    double sampleErrorKm(DetRandom rng) {
        double pick = rng.nextDouble();
        double z = rng.nextGaussian();
        Component chosen = mixture.get(mixture.size() - 1);
        double acc = 0;
        for (Component c : mixture) {
            acc += c.weight();
            if (pick < acc) {
                chosen = c;
                break;
            }
        }
        // Cap at half the Earth's circumference: beyond that a great circle comes back towards the truth.
        return Math.min(chosen.medianKm() * Math.exp(sigma * z), Math.PI * GeoMath.EARTH_RADIUS_KM);
    }
}
