package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The parsed answer of a model: coordinates, address and confidence (1-5), each possibly missing. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeoAnswer(Double latitude, Double longitude, Address address, Integer confidence) {

    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }
}
