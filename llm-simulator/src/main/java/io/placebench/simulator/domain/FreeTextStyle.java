package io.placebench.simulator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * How a simulated model writes its JSON when no structured output was asked for: plain, in a markdown fence,
 * wrapped in prose, "relaxed" (bare keys, single quotes, trailing commas, numbers as strings) or with the
 * coordinates in degrees-minutes-seconds with hemisphere letters. The style is drawn per (seed, model, image),
 * so the same image always comes back the same way.
 */
public enum FreeTextStyle {
    PLAIN, FENCED, PROSE, RELAXED, DMS;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The style a model uses for one image: sim-weak is messier than the others. */
    public static FreeTextStyle pick(String model, DetRandom rng) {
        double u = rng.nextDouble();
        double[] weights = "sim-weak".equals(model)
                ? new double[] {0.40, 0.20, 0.15, 0.15, 0.10}
                : new double[] {0.70, 0.15, 0.10, 0.05, 0.0};
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (u < acc) {
                return values()[i];
            }
        }
        return PLAIN;
    }

    /** Rewrites a compact JSON answer in this style. Text that is not a JSON object is returned unchanged. */
    public String apply(String json) {
        return switch (this) {
            case PLAIN -> json;
            case FENCED -> "```json\n" + json + "\n```";
            case PROSE -> "Looking at the architecture, vegetation and road markings, here is my best estimate.\n\n"
                    + json + "\n\nI hope this helps; the confidence reflects how distinctive the clues were.";
            case RELAXED -> relaxed(json);
            case DMS -> dms(json);
        };
    }

    static String relaxed(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                return json;
            }
            StringBuilder out = new StringBuilder();
            writeRelaxed(root, out, null);
            return out.toString();
        } catch (Exception e) {
            return json;
        }
    }

    private static void writeRelaxed(JsonNode node, StringBuilder out, String key) {
        if (node.isObject()) {
            out.append('{');
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(e.getKey()).append(": "); // bare key
                writeRelaxed(e.getValue(), out, e.getKey());
                out.append(", "); // trailing comma after the last one too
            }
            out.append('}');
        } else if (node.isTextual()) {
            String text = node.asText();
            if (text.indexOf('\'') < 0 && text.indexOf('\\') < 0) {
                out.append('\'').append(text).append('\'');
            } else {
                out.append(node.toString());
            }
        } else if (node.isNumber() && key != null && (key.startsWith("lat") || key.startsWith("lon"))) {
            out.append('"').append(node.asText()).append('"'); // number as string
        } else {
            out.append(node.toString());
        }
    }

    static String dms(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                return json;
            }
            JsonNode holder = root.path("reverse_geocoding").path("coordinates");
            if (!holder.isObject()) {
                holder = root;
            }
            if (!holder.path("latitude").isNumber() || !holder.path("longitude").isNumber()) {
                return json;
            }
            com.fasterxml.jackson.databind.node.ObjectNode target = (com.fasterxml.jackson.databind.node.ObjectNode) holder;
            target.put("latitude", toDms(holder.get("latitude").asDouble(), "N", "S"));
            target.put("longitude", toDms(holder.get("longitude").asDouble(), "E", "W"));
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            return json;
        }
    }

    /** 48.8584 -> 48°51'30.2"N */
    public static String toDms(double value, String positive, String negative) {
        double abs = Math.abs(value);
        int degrees = (int) abs;
        double minutesFull = (abs - degrees) * 60;
        int minutes = (int) minutesFull;
        double seconds = (minutesFull - minutes) * 60;
        return String.format(Locale.ROOT, "%d°%d'%.1f\"%s", degrees, minutes, seconds, value < 0 ? negative : positive);
    }
}
