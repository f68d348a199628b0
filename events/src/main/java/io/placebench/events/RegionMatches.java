package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Whether the reverse-geocoded predicted point lands in the same continent, country, first-level region and
 * city as the truth point. City: the same GeoNames place, or either point within the radius of the other's
 * place. {@code false} for an unanswered prediction (the "all" denominator counts it as wrong); {@code null}
 * when the truth has no label at that level (a truth point at sea has no country), so it cannot be scored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegionMatches(Boolean continent, Boolean country, Boolean region, Boolean city) {
}
