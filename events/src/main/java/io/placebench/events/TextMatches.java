package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Whether the answered address (city, state, country) names the truth's city, first-level region and country.
 * The truth text is the dataset's own (city, admin1, country), or the reverse-geocoded label where the dataset
 * has none. {@code city}/{@code state}/{@code country} use normalisation (case, accents, punctuation), aliases,
 * ISO codes and names; the {@code *Globe} fields use GLOBE's rule (one normalised string contains the other and
 * the shorter is at least 0.7 of the longer). {@code answered} is true when the prediction is OK and carries an
 * address with at least one part; a missing part counts as wrong. {@code null} when the truth has nothing to
 * compare with.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TextMatches(
        boolean answered,
        Boolean city,
        Boolean state,
        Boolean country,
        Boolean cityGlobe,
        Boolean stateGlobe,
        Boolean countryGlobe) {
}
