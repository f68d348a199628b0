package io.placebench.simulator.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer layout a request asks for: IMAGEO-Bench's nested object, GLOBE's country/city with reasoning, or
 * bare coordinates. Read from the structured-output schema when there is one, else from the prompt text.
 */
public enum Layout {
    IMAGEO, GLOBE, COORDS;

    /** From a JSON schema's top-level properties; null when the schema says nothing recognisable. */
    public static Layout fromSchema(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return null;
        }
        JsonNode props = schema.path("properties");
        if (props.has("reverse_geocoding")) {
            return IMAGEO;
        }
        if (props.has("country") || props.has("city")) {
            return GLOBE;
        }
        if (props.has("latitude") || props.has("lat")) {
            return COORDS;
        }
        return null;
    }

    /** From the prompt text (all text parts joined); IMAGEO when nothing else matches. */
    public static Layout fromText(String prompt) {
        if (prompt == null || prompt.contains("reverse_geocoding")) {
            return IMAGEO;
        }
        if (prompt.contains("\"country\"") || prompt.contains("\"city\"")) {
            return GLOBE;
        }
        if (prompt.contains("\"latitude\"")) {
            return COORDS;
        }
        return IMAGEO;
    }
}
