package io.placebench.inference.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.placebench.events.Address;
import io.placebench.events.GeoAnswer;
import java.util.regex.Pattern;

/**
 * Reads a model's answer text into a {@link GeoAnswer}. Tolerates code fences and prose around the JSON object,
 * numeric strings for numbers, and the flat layout ({@code latitude}/{@code longitude} at the top) besides
 * IMAGEO-Bench's {@code reverse_geocoding{confidence, address, coordinates}}. Coordinates are required and are
 * never clamped: a latitude outside [-90, 90] or a longitude outside [-180, 180] fails the parse. A confidence
 * outside 1..5 is dropped (null), not fatal.
 */
public final class AnswerParser {

    /** {@code answer} is set when parsing succeeded; otherwise {@code error} says why. */
    public record Result(GeoAnswer answer, String error) {
        public boolean ok() {
            return answer != null;
        }

        static Result failed(String error) {
            return new Result(null, error);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private AnswerParser() {
    }

    public static Result parse(String content) {
        if (content == null || content.isBlank()) {
            return Result.failed("the answer is empty");
        }
        JsonNode root = firstJsonObject(content);
        if (root == null) {
            return Result.failed("no complete JSON object in the answer");
        }
        JsonNode geocoding = root.path("reverse_geocoding").isObject() ? root.get("reverse_geocoding") : root;
        JsonNode coordinates = geocoding.path("coordinates").isObject() ? geocoding.get("coordinates") : geocoding;
        JsonNode lat = first(coordinates, "latitude", "lat");
        JsonNode lon = first(coordinates, "longitude", "lon", "lng");
        Double latitude;
        Double longitude;
        try {
            latitude = number(lat, "latitude");
            longitude = number(lon, "longitude");
        } catch (IllegalArgumentException e) {
            return Result.failed(e.getMessage());
        }
        if (latitude == null || longitude == null) {
            return Result.failed("the answer has no " + (latitude == null ? "latitude" : "longitude"));
        }
        if (latitude < -90 || latitude > 90) {
            return Result.failed("latitude " + latitude + " is outside [-90, 90]");
        }
        if (longitude < -180 || longitude > 180) {
            return Result.failed("longitude " + longitude + " is outside [-180, 180]");
        }
        return new Result(new GeoAnswer(latitude, longitude, address(geocoding), confidence(geocoding)), null);
    }

    /** The first balanced {...} in the text that parses as a JSON object (string- and escape-aware scan). */
    static JsonNode firstJsonObject(String text) {
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
            int end = matchingBrace(text, start);
            if (end < 0) {
                return null; // never closed: every later '{' is inside this unfinished object
            }
            try {
                JsonNode node = JSON.readTree(text.substring(start, end + 1));
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (JsonProcessingException e) {
                // not JSON after all (prose with braces); try the next '{'
            }
        }
        return null;
    }

    private static int matchingBrace(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static JsonNode first(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    private static Double number(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual() && NUMBER.matcher(node.asText().trim()).matches()) {
            value = Double.parseDouble(node.asText().trim());
        } else {
            throw new IllegalArgumentException(field + " is not a number: " + abbreviate(node.toString()));
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " is not a finite number");
        }
        return value;
    }

    private static Integer confidence(JsonNode geocoding) {
        JsonNode node = geocoding.get("confidence");
        try {
            Double value = number(node, "confidence");
            if (value == null || value < 1 || value > 5) {
                return null;
            }
            return (int) Math.round(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Address address(JsonNode geocoding) {
        JsonNode address = geocoding.path("address").isObject() ? geocoding.get("address") : geocoding;
        Address result = new Address(text(address, "street"), text(address, "city"),
                text(address, "state"), text(address, "country"));
        boolean empty = result.street() == null && result.city() == null && result.state() == null
                && result.country() == null;
        return empty ? null : result;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() || text.equalsIgnoreCase("null") || text.equalsIgnoreCase("unknown") ? null : text;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
