package io.placebench.analytics.domain;

import io.placebench.analytics.domain.stats.Calibration;
import java.util.Collection;

/**
 * A run's stated confidence against its outcome ({@link Calibration}): every scored image is one observation
 * with its confidence (null when the answer gave none; unanswered images normally have none), <b>correct =
 * within 25 km</b> of the truth (strict, city level as IMAGEO-Bench; an unanswered image is wrong) and its error
 * in km (answered only, so Spearman's ρ is over the answered images with a confidence).
 */
public final class ConfidenceCalibration {

    /** The images the calibration was made of, and the figures. */
    public record Result(long n, Calibration.Result calibration) {
    }

    private ConfidenceCalibration() {
    }

    public static Result of(Collection<PlacedScore> scores) {
        return new Result(scores.size(), Calibration.of(scores.stream()
                .map(s -> new Calibration.Observation(s.confidence(), s.within25km(),
                        s.hasDistance() ? s.row().distanceKm() : null))
                .toList()));
    }
}
