package io.placebench.analytics.domain;

import java.math.BigDecimal;

/**
 * One scored prediction as the aggregates see it. {@code answered} false means the model gave no usable
 * location (refused, failed, unparsable): it has no distance and no score and counts as wrong everywhere.
 */
public record ScoreRow(
        boolean answered,
        Double distanceKm,
        Double geoguessrScore,
        boolean hit1km,
        boolean hit25km,
        boolean hit200km,
        boolean hit750km,
        boolean hit2500km,
        BigDecimal costUsd) {

    /** An answered prediction; the hits follow the strict {@code distance < threshold} convention. */
    public static ScoreRow answered(double distanceKm, double geoguessrScore, BigDecimal costUsd) {
        return new ScoreRow(true, distanceKm, geoguessrScore, distanceKm < 1, distanceKm < 25, distanceKm < 200,
                distanceKm < 750, distanceKm < 2500, costUsd);
    }

    /** A prediction without a usable answer. */
    public static ScoreRow unanswered(BigDecimal costUsd) {
        return new ScoreRow(false, null, null, false, false, false, false, false, costUsd);
    }

    /** Whether this row has an error distance that the error statistics may use. */
    boolean hasDistance() {
        return answered && distanceKm != null && !distanceKm.isNaN();
    }
}
