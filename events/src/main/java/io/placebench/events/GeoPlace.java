package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What scoring-service's offline reverse geocoder says about a point (docs/geocoder.md): continent code (AF, AN,
 * AS, EU, NA, OC, SA), ISO 3166-1 country (alpha-2, alpha-3, name), first-level region (name and ISO 3166-2 code
 * where one exists), the nearest GeoNames populated place within the cap (id, name, population, distance), and
 * how the area was decided: {@code INSIDE} a polygon, the {@code NEAREST} region within the coastal distance
 * ({@code areaDistanceKm} away), or {@code NONE}. Any part may be null (open sea, no town nearby).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeoPlace(
        String continent,
        String countryCode,
        String countryCode3,
        String country,
        String region,
        String regionCode,
        Long placeId,
        String place,
        Long placePopulation,
        Double placeDistanceKm,
        String method,
        Double areaDistanceKm) {
}
