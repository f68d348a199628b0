package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An answered postal address (IMAGEO-Bench's reverse_geocoding.address); any part may be null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Address(String street, String city, String state, String country) {
}
