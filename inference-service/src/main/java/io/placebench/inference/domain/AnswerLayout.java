package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The answer layouts prompts ask for, each with its JSON Schema in the form strict structured outputs require
 * (every property required, optional ones nullable, {@code additionalProperties:false} on every object).
 * The parser reads all of them whatever the prompt asked.
 */
public enum AnswerLayout {
    /** IMAGEO-Bench: image_information, reasoning, reverse_geocoding{confidence, address, coordinates}. */
    IMAGEO,
    /** GLOBE: reasoning, then country and city, with the city's coordinates and a confidence. */
    GLOBE,
    /** Coordinates only. */
    COORDS;

    /** The name given to the schema in requests ({@code json_schema.name}, the forced tool's name is separate). */
    public static final String SCHEMA_NAME = "geo_guess";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AnswerLayout> fromConfig(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(l -> l.configName().equals(n)).findFirst();
    }

    public ObjectNode schema() {
        ObjectNode confidence = F.objectNode().put("type", "integer").put("minimum", 1).put("maximum", 5)
                .put("description", "1 = a guess, 5 = certain");
        return switch (this) {
            case IMAGEO -> object(
                    "image_information", object(
                            "environment", text("indoor or outdoor"),
                            "scene_type", text("kind of scene"),
                            "setting", text("kind of place")),
                    "reasoning", object(
                            "landmark_recognition", text("recognised landmarks"),
                            "text_and_signage", text("readable text and signs"),
                            "cultural_indicators", text("architecture, vehicles, infrastructure"),
                            "spatial_context", text("terrain, vegetation, climate")),
                    "reverse_geocoding", object(
                            "confidence", confidence,
                            "address", object(
                                    "street", nullableText(),
                                    "city", nullableText(),
                                    "state", nullableText(),
                                    "country", nullableText()),
                            "coordinates", object(
                                    "latitude", number(-90, 90),
                                    "longitude", number(-180, 180))));
            case GLOBE -> object(
                    "reasoning", text("the visual evidence, step by step"),
                    "country", nullableText(),
                    "city", nullableText(),
                    "latitude", number(-90, 90),
                    "longitude", number(-180, 180),
                    "confidence", confidence);
            case COORDS -> object(
                    "latitude", number(-90, 90),
                    "longitude", number(-180, 180));
        };
    }

    private static ObjectNode object(Object... namesAndSchemas) {
        ObjectNode node = F.objectNode().put("type", "object");
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = F.arrayNode();
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            String name = (String) namesAndSchemas[i];
            properties.set(name, (ObjectNode) namesAndSchemas[i + 1]);
            required.add(name);
        }
        node.set("required", required);
        node.put("additionalProperties", false);
        return node;
    }

    private static ObjectNode text(String description) {
        return F.objectNode().put("type", "string").put("description", description);
    }

    private static ObjectNode nullableText() {
        ObjectNode node = F.objectNode();
        node.putArray("type").add("string").add("null");
        return node;
    }

    private static ObjectNode number(int min, int max) {
        return F.objectNode().put("type", "number").put("minimum", min).put("maximum", max);
    }
}
