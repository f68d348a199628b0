package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Whether the error was strictly below 1 / 25 / 200 / 750 / 2500 km (street, city, region, country, continent). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ThresholdHits(boolean km1, boolean km25, boolean km200, boolean km750, boolean km2500) {

    public static final ThresholdHits NONE = new ThresholdHits(false, false, false, false, false);
}
