package io.placebench.simulator.domain;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * The simulated vision-language model: reads the image's code strip, perturbs the true location with the
 * model's noise profile and writes an IMAGEO-layout answer. Deterministic per (seed, model, decoded code,
 * image sha256): the same image always gets the same answer.
 */
public final class GeolocationModel {

    public static final String REFUSAL_TEXT = "I can't help identify the location of this image.";
    /** Cities a clueless model picks from. */
    static final long BIG_CITY_POPULATION = 5_000_000;

    private final Gazetteer gazetteer;
    private final long seed;
    private final List<City> bigCities;

    public GeolocationModel(Gazetteer gazetteer, long seed) {
        this.gazetteer = gazetteer;
        this.seed = seed;
        this.bigCities = gazetteer.bigCities(BIG_CITY_POPULATION);
    }

    public ModelReply reply(NoiseProfile profile, BufferedImage image, String imageSha256) {
        return reply(profile, image, imageSha256, Layout.IMAGEO);
    }

    /** The reply in the requested answer layout (the sampled guess does not depend on the layout). */
    public ModelReply reply(NoiseProfile profile, BufferedImage image, String imageSha256, Layout layout) {
        Optional<LocationCode> code = CodeStrip.read(image);
        String codeKey = code.map(c -> c.latitudeCode() + ":" + c.longitudeCode()).orElse("none");
        DetRandom rng = DetRandom.of(seed, profile.model(), codeKey, imageSha256);

        GeoPoint truth = code.map(LocationCode::toPoint).orElse(null);
        boolean harder = truth != null && HardRegions.isHard(truth, gazetteer);
        // Without a code there is no truth to perturb; the sampled outcome still decides refusal/truncation.
        NoiseProfile.Guess guess = profile.guess(truth != null ? truth : new GeoPoint(0, 0), harder, rng);

        if (guess.outcome() == NoiseProfile.Outcome.REFUSAL) {
            return new ModelReply(null, REFUSAL_TEXT, "stop", ModelReply.REFUSAL);
        }
        String content;
        String outcome;
        if (truth == null) {
            content = AnswerComposer.clueless(rng.pick(bigCities), rng, layout);
            outcome = ModelReply.NO_LOCATION;
        } else {
            City nearest = gazetteer.nearest(guess.point());
            content = AnswerComposer.located(guess.point(), AnswerComposer.confidenceFor(guess.errorKm()), nearest, rng,
                    layout);
            outcome = ModelReply.ANSWER;
        }
        if (guess.outcome() == NoiseProfile.Outcome.TRUNCATED) {
            return new ModelReply(ModelReply.cutMidObject(content, rng), null, "length", ModelReply.TRUNCATED);
        }
        return new ModelReply(content, null, "stop", outcome);
    }
}
