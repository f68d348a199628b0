package io.placebench.analytics.domain;

/**
 * One scored (run, image) as the geographic analyses (regions, calibration, diversity) see it: the outcome
 * ({@link ScoreRow}: answered, error, threshold hits), the continent and country matches of the predicted point
 * (null: the truth has no label at that level), the answer's confidence (1-5, null when none) and both points
 * with their reverse-geocoded labels (any part null where there is none; the predicted point is null when
 * unanswered).
 */
public record PlacedScore(
        ScoreRow row,
        Boolean matchContinent,
        Boolean matchCountry,
        Integer confidence,
        Place truth,
        Place predicted) {

    /** A point and its labels: continent code, ISO 3166-1 alpha-2 country (and name), region (and ISO 3166-2 code). */
    public record Place(Double latitude, Double longitude, String continent, String countryCode, String country,
                        String region, String regionCode) {

        public static final Place NONE = new Place(null, null, null, null, null, null, null);

        /** Whether both coordinates are known. */
        public boolean hasPoint() {
            return latitude != null && longitude != null && !latitude.isNaN() && !longitude.isNaN();
        }
    }

    /** Whether the prediction has an error distance (answered with usable coordinates). */
    public boolean hasDistance() {
        return row.hasDistance();
    }

    /** Within 25 km of the truth (city level, IMAGEO-Bench's threshold); an unanswered image is not. */
    public boolean within25km() {
        return row.hasDistance() && row.hit25km();
    }
}
