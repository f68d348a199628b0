package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Where an image was really taken. Address parts are optional (null when the dataset has none). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroundTruth(double latitude, double longitude, String city, String admin1, String country) {
}
