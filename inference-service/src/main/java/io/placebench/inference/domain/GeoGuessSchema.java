package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema of the {@code imageo} answer, in the form strict structured outputs require: every property
 * required, optional ones nullable, {@code additionalProperties:false} on every object.
 */
public final class GeoGuessSchema {

    public static final String NAME = "geo_guess";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private GeoGuessSchema() {
    }

    public static ObjectNode schema() {
        ObjectNode imageInformation = object(
                "environment", text("indoor or outdoor"),
                "scene_type", text("kind of scene"),
                "setting", text("kind of place"));
        ObjectNode reasoning = object(
                "landmark_recognition", text("recognised landmarks"),
                "text_and_signage", text("readable text and signs"),
                "cultural_indicators", text("architecture, vehicles, infrastructure"),
                "spatial_context", text("terrain, vegetation, climate"));
        ObjectNode address = object(
                "street", nullableText(),
                "city", nullableText(),
                "state", nullableText(),
                "country", nullableText());
        ObjectNode coordinates = object(
                "latitude", number(-90, 90),
                "longitude", number(-180, 180));
        ObjectNode confidence = F.objectNode().put("type", "integer").put("minimum", 1).put("maximum", 5)
                .put("description", "1 = a guess, 5 = certain");
        ObjectNode reverseGeocoding = object(
                "confidence", confidence,
                "address", address,
                "coordinates", coordinates);
        return object(
                "image_information", imageInformation,
                "reasoning", reasoning,
                "reverse_geocoding", reverseGeocoding);
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
