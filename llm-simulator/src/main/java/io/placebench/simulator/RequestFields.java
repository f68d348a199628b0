package io.placebench.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.placebench.simulator.domain.Layout;
import io.placebench.simulator.domain.TokenCounter;
import java.util.List;

/** Field checks that every wire format's request parsing shares (400 naming the field). */
final class RequestFields {

    private RequestFields() {
    }

    /** A required text: appended to the prompt text (for the answer layout) and counted. */
    static int textPart(JsonNode text, String where, StringBuilder all) {
        if (text == null || !text.isTextual()) {
            throw ApiException.invalidRequest("Missing required parameter: '" + where + "'.", where, "missing_required_parameter");
        }
        all.append(text.asText()).append('\n');
        return TokenCounter.textTokens(text.asText());
    }

    static void requireImage(List<SimRequest.ImagePart> images, String param) {
        if (images.isEmpty()) {
            throw ApiException.invalidRequest("The simulator needs an image: no message contains an image part.", param,
                    "image_required");
        }
    }

    static void temperature(JsonNode t, double max) {
        if (t == null || t.isNull()) {
            return;
        }
        if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > max) {
            throw ApiException.invalidRequest("Invalid 'temperature': expected a number between 0 and " + (int) max + ".",
                    "temperature", "invalid_value");
        }
    }

    /** An output token limit, null when absent. */
    static Integer limit(JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
            throw ApiException.invalidRequest("Invalid '" + name + "': expected an integer of at least 1.", name,
                    "invalid_value");
        }
        return n.asInt();
    }

    /** The answer layout: from the schema when it says, else from the prompt text. */
    static Layout layout(JsonNode schema, StringBuilder text) {
        Layout fromSchema = Layout.fromSchema(schema);
        return fromSchema != null ? fromSchema : Layout.fromText(text.toString());
    }
}
