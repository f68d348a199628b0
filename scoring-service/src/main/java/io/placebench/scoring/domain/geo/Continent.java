package io.placebench.scoring.domain.geo;

/** A continent: two-letter code (AF, AN, AS, EU, NA, OC, SA) and English name. */
public record Continent(String code, String name) {
}
