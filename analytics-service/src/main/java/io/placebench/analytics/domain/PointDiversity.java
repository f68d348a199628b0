package io.placebench.analytics.domain;

import io.placebench.analytics.domain.stats.SpatialDiversity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How spread out a run's predicted points are ({@link SpatialDiversity}: equal-area grid occupancy and
 * entropy, spherical convex-hull area, Clark–Evans ratio), beside the same figures of the truth points of the
 * <em>same</em> images: the answered images that have both a predicted and a truth point. Using the same
 * images keeps n equal on both sides (the grid entropy and Clark–Evans ratio depend on n), so a model that
 * collapses its guesses onto a few places shows fewer occupied cells and a lower ratio than its truth.
 */
public final class PointDiversity {

    /** Scored images, answered ones, the images used (both points known) and the figures of both sides. */
    public record Result(long images, long answered, int points, SpatialDiversity.Result predicted,
                         SpatialDiversity.Result truth) {
    }

    private PointDiversity() {
    }

    public static Result of(Collection<PlacedScore> scores) {
        List<SpatialDiversity.Point> predicted = new ArrayList<>();
        List<SpatialDiversity.Point> truth = new ArrayList<>();
        long answered = 0;
        for (PlacedScore s : scores) {
            if (!s.hasDistance()) {
                continue;
            }
            answered++;
            if (s.predicted() != null && s.predicted().hasPoint() && s.truth() != null && s.truth().hasPoint()) {
                predicted.add(new SpatialDiversity.Point(s.predicted().latitude(), s.predicted().longitude()));
                truth.add(new SpatialDiversity.Point(s.truth().latitude(), s.truth().longitude()));
            }
        }
        return new Result(scores.size(), answered, predicted.size(), SpatialDiversity.of(predicted),
                SpatialDiversity.of(truth));
    }
}
