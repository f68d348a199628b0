package io.placebench.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The reverse geocoder's settings (docs/geocoder.md). */
@ConfigMapping(prefix = "placebench.geocoder")
public interface GeocoderConfig {

    /** Whose map decides disputed areas: {@code iso} (ISO 3166, default) or {@code de-facto}. */
    @WithDefault("iso")
    String view();

    /** A point outside every polygon takes the nearest region whose boundary is within this distance. */
    @WithDefault("25")
    double coastalKm();

    /** The nearest populated place is reported only within this distance. */
    @WithDefault("50")
    double placeCapKm();

    /** Most points one POST /api/geo/reverse may carry. */
    @WithDefault("10000")
    int maxBatch();
}
