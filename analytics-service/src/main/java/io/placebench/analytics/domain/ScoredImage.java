package io.placebench.analytics.domain;

import java.math.BigDecimal;

/**
 * One scored (run, image) with what the leaderboard's figures need beyond {@link ScoreRow}: the outcome
 * {@code status}, the region matches of the predicted point and the text matches of the answered address
 * (null: the truth has no label to compare with), and the reverse-geocoded labels of both points for the macro
 * figures (null where there is none).
 */
public record ScoredImage(
        ScoreRow row,
        String status,
        Boolean matchContinent,
        Boolean matchCountry,
        Boolean matchRegion,
        Boolean matchCity,
        Boolean textAnswered,
        Boolean textCity,
        Boolean textState,
        Boolean textCountry,
        Boolean textCityGlobe,
        Boolean textStateGlobe,
        Boolean textCountryGlobe,
        Labels truth,
        Labels predicted) {

    /** Country code, region (its ISO code, else its name, qualified by country) and city (qualified likewise). */
    public record Labels(String country, String region, String city) {
        public static final Labels NONE = new Labels(null, null, null);

        public static Labels of(String countryCode, String region, String regionCode, String city) {
            String regionLabel = regionCode != null ? regionCode
                    : region == null ? null : countryCode + "/" + region;
            return new Labels(countryCode, regionLabel, city == null ? null : countryCode + "/" + city);
        }
    }

    public BigDecimal costUsd() {
        return row.costUsd();
    }
}
