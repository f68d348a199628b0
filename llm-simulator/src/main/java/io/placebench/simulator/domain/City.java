package io.placebench.simulator.domain;

/** One row of the built-in gazetteer. */
public record City(String name, String admin1, String countryCode, String country, GeoPoint location,
                   long population) {
}
