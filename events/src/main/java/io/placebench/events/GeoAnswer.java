package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * The parsed answer of a model: coordinates, address and confidence (1-5), each possibly missing. Beyond them, what
 * the model reported about the image and how it got there, when it did: {@code scene} (IMAGEO-Bench's
 * {@code image_information}: environment, scene_type, setting, ...) and {@code reasoning} (IMAGEO-Bench's
 * {@code reasoning} fields, or GLOBE's {@code <think>} text). Both optional (null).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeoAnswer(Double latitude, Double longitude, Address address, Integer confidence,
        Map<String, String> scene, String reasoning) {

    @JsonCreator
    public GeoAnswer {
        scene = scene == null || scene.isEmpty() ? null : Map.copyOf(scene);
    }

    /** Coordinates, address and confidence only. */
    public GeoAnswer(Double latitude, Double longitude, Address address, Integer confidence) {
        this(latitude, longitude, address, confidence, null, null);
    }

    public GeoAnswer withReasoning(String text) {
        return new GeoAnswer(latitude, longitude, address, confidence, scene, text);
    }

    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }
}
