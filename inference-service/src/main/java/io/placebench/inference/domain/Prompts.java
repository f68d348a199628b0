package io.placebench.inference.domain;

import java.util.Map;
import java.util.Optional;

/** The prompts a run may name by id. Changing a text changes its hash; add a new id for a new experiment. */
public final class Prompts {

    /** IMAGEO-Bench's answer layout (image_information, reasoning, reverse_geocoding), in our own words. */
    public static final Prompt IMAGEO = Prompt.of("imageo",
            """
            You are an expert in image geolocation. Given one photograph, you work out where on Earth it was \
            taken, using only what can be seen in it: landmarks, text and signs, architecture, vegetation, road \
            markings, vehicles, terrain and climate. Always commit to a best estimate, even when the evidence \
            is weak, and say honestly how confident you are. Reply with a single JSON object and nothing else.""",
            """
            Where was this photo taken? Study the image and reply with one JSON object of this shape:
            {
              "image_information": {
                "environment": "indoor or outdoor",
                "scene_type": "the kind of scene, e.g. urban street, rural road, landmark, nature, interior",
                "setting": "the kind of place, e.g. residential, commercial, natural, religious, transport"
              },
              "reasoning": {
                "landmark_recognition": "landmarks or distinctive structures you recognise, if any",
                "text_and_signage": "text, languages, scripts, signs or licence plates you can read, if any",
                "cultural_indicators": "architecture, vehicles, clothing, infrastructure and similar clues",
                "spatial_context": "terrain, vegetation, climate, sun and layout clues"
              },
              "reverse_geocoding": {
                "confidence": 3,
                "address": {"street": "...", "city": "...", "state": "...", "country": "..."},
                "coordinates": {"latitude": 0.0, "longitude": 0.0}
              }
            }
            Rules: confidence is an integer from 1 (a guess) to 5 (certain). Coordinates are decimal degrees \
            (WGS-84): latitude from -90 to 90, north positive; longitude from -180 to 180, east positive. \
            Always give coordinates. Use null for an address part you cannot determine. Keep each reasoning \
            field to one or two sentences.""");

    private static final Map<String, Prompt> BY_ID = Map.of(IMAGEO.id(), IMAGEO);

    private Prompts() {
    }

    public static Optional<Prompt> byId(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }
}
