package io.placebench.inference.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.placebench.events.Address;
import io.placebench.events.GeoAnswer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's answer text into a {@link GeoAnswer}, whatever the prompt's layout (IMAGEO's
 * {@code reverse_geocoding{confidence, address, coordinates}}, GLOBE's flat {@code country/city/latitude/
 * longitude}, bare coordinates). The repair cascade, in order:
 * <ol>
 * <li>drop {@code <think>...</think>} blocks and markdown code fences;</li>
 * <li>take the first balanced {@code {...}} (prose before and after is ignored, a list around it too; an object
 * that never closes is a truncated answer and fails, even if an inner object is complete; braces inside JSON or
 * Python strings do not count);</li>
 * <li>parse it strictly, else as a Python literal ({@link PythonLiteral}: what {@code ast.literal_eval} reads,
 * {@code u''}/{@code r''} prefixes, triple quotes, adjacent strings, {@code \xe9}/{@code \N{...}} escapes, tuples
 * as arrays, {@code None/True/False}, digit underscores, hex integers, {@code #} comments, backslash line
 * continuations), read leniently: single quotes, bare keys, trailing commas, comments, typographic quotes,
 * leading {@code +} or {@code .} in numbers; last, leniently with only Python's constants replaced;</li>
 * <li>read coordinates from numbers, numeric strings, degrees-minutes-seconds and hemisphere letters
 * ({@link Coordinates}); {@code "N/A"}, {@code "unknown"} and similar mean missing; a {@code coordinates} value
 * may also be a {@code [lat, lon]} array or a {@code "lat, lon"} string;</li>
 * <li>with no JSON object at all, look for {@code latitude: ...}/{@code longitude: ...} in the prose;</li>
 * <li>with no coordinates anywhere, a text that reads like a refusal ("I can't help...") is a refusal.</li>
 * </ol>
 * Coordinates out of range ([-90, 90], [-180, 180]) fail the parse: they are never clamped. A confidence outside
 * 1..5 is dropped (null); {@code "high"}, {@code "medium"}, {@code "low"} map to 4, 3, 2. Every shape
 * IMAGEO-Bench's own repair cascade reads is read, with the same coordinates ({@code ImageoCascadeTest}).
 */
public final class AnswerParser {

    /** {@code answer} is set when parsing succeeded; otherwise {@code error} says why ({@code refusal} if refused). */
    public record Result(GeoAnswer answer, String error, boolean refusal) {
        public boolean ok() {
            return answer != null;
        }

        static Result failed(String error) {
            return new Result(null, error, false);
        }
    }

    private static final ObjectMapper STRICT = new ObjectMapper();
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_YAML_COMMENTS, JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();
    private static final Pattern THINK = Pattern.compile("(?is)<think(?:ing)?>.*?</think(?:ing)?>");
    private static final Pattern FENCE = Pattern.compile("```[A-Za-z0-9_-]*");
    private static final Pattern PYTHON_LITERAL = Pattern.compile("(?<=[\\s:\\[,])(None|True|False)(?=\\s*[,}\\]])");
    /** A coordinate in prose: up to three numbers with degree/minute/second marks, then an optional hemisphere. */
    private static final String PROSE_VALUE =
            "((?:[-+]?\\d+(?:\\.\\d+)?\\s*[°º˚'′’\"″”]?\\s*){1,3}(?:[NSEWnsew]\\b)?)";
    private static final Pattern PROSE_LAT = Pattern.compile(
            "(?i)\\blat(?:itude)?\\b[\"']?\\s*(?:is|[:=])?\\s*" + PROSE_VALUE);
    private static final Pattern PROSE_LON = Pattern.compile(
            "(?i)\\b(?:lon|lng|long|longitude)\\b[\"']?\\s*(?:is|[:=])?\\s*" + PROSE_VALUE);
    private static final Pattern PAIR = Pattern.compile(
            "(?i)([0-9]{1,2}(?:\\.[0-9]+)?)\\s*°?\\s*([NS])\\b[,;\\s]+([0-9]{1,3}(?:\\.[0-9]+)?)\\s*°?\\s*([EW])\\b");
    private static final List<String> REFUSALS = List.of("i can't", "i cannot", "i can not", "i'm unable", "i am unable",
            "i'm not able", "i am not able", "i won't", "i will not", "unable to help", "can't help", "cannot help",
            "can't assist", "cannot assist", "not able to assist", "i'm sorry", "i am sorry", "sorry, but",
            "as an ai", "against my guidelines", "i must decline", "i have to decline");
    private static final Map<String, Integer> CONFIDENCE_WORDS = Map.of("very high", 5, "certain", 5, "high", 4,
            "medium", 3, "moderate", 3, "low", 2, "very low", 1, "guess", 1);

    private AnswerParser() {
    }

    public static Result parse(String content) {
        if (content == null || content.isBlank()) {
            return Result.failed("the answer is empty");
        }
        String thinking = thinking(content);
        String text = THINK.matcher(content).replaceAll(" ");
        int openThink = text.toLowerCase(Locale.ROOT).indexOf("<think");
        if (openThink >= 0) {
            text = text.substring(0, openThink); // thinking that never ended: the answer, if any, came before it
        }
        text = FENCE.matcher(text).replaceAll(" ").replace('\u201C', '"').replace('\u201D', '"');
        Result failure = null;
        boolean unreadableBraces = false;
        int from = 0;
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', from)) {
            int end = matchingBrace(text, start);
            if (end < 0) {
                if (failure == null) {
                    // never closed: every later '{' is inside this unfinished object (a truncated answer)
                    return refusalOr(text, "no complete JSON object in the answer");
                }
                break;
            }
            JsonNode node = read(text.substring(start, end + 1));
            if (node == null || !node.isObject()) {
                unreadableBraces = true;
                from = start + 1; // prose with braces: try the next '{'
                continue;
            }
            Result r = fromObject(node, text);
            if (r.ok()) {
                return thinking == null || r.answer().reasoning() != null ? r
                        : new Result(r.answer().withReasoning(thinking), null, false);
            }
            if (failure == null) {
                failure = r;
            }
            from = end + 1; // the next top-level object, if any
        }
        if (failure != null && !failure.error().startsWith("the answer has no")) {
            return failure;
        }
        Result prose = fromProse(text);
        if (prose != null) {
            return prose.ok() && thinking != null ? new Result(prose.answer().withReasoning(thinking), null, false)
                    : prose;
        }
        return failure != null ? failure : refusalOr(text, unreadableBraces ? "no JSON object in the answer could be read"
                : "no JSON object in the answer");
    }

    private record ObjectScan(JsonNode object, boolean unclosed) {
    }

    /** The first balanced {...} that reads as a JSON object, strictly or leniently. */
    static ObjectScan firstObject(String text) {
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
            int end = matchingBrace(text, start);
            if (end < 0) {
                return new ObjectScan(null, true); // never closed: every later '{' is inside this unfinished object
            }
            JsonNode node = read(text.substring(start, end + 1));
            if (node != null && node.isObject()) {
                return new ObjectScan(node, false);
            }
        }
        return new ObjectScan(null, false);
    }

    static JsonNode firstJsonObject(String text) {
        return firstObject(text).object;
    }

    /**
     * Strict JSON, else the candidate read as a Python literal, else leniently with Python's constants replaced.
     * Jackson's lenient number reading throws NumberFormatException on a lone {@code .}: that is unreadable too.
     */
    private static JsonNode read(String candidate) {
        try {
            return STRICT.readTree(candidate);
        } catch (JsonProcessingException e) {
            // fall through to the lenient readers
        }
        String python = PythonLiteral.toJson(candidate);
        JsonNode node = python == null ? null : lenient(python);
        return node != null ? node : lenient(PYTHON_LITERAL.matcher(candidate).replaceAll(m -> switch (m.group(1)) {
            case "None" -> "null";
            case "True" -> "true";
            default -> "false";
        }));
    }

    private static JsonNode lenient(String text) {
        try {
            return LENIENT.readTree(text);
        } catch (JsonProcessingException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * Brace matching aware of "..." strings, and of Python's strings where a value or key may start (after
     * {@code { [ ( , :} or right after another string): '...', triple-quoted, with a {@code u/r/b} prefix.
     */
    private static int matchingBrace(String text, int start) {
        int depth = 0;
        char quote = 0;
        char previous = '{';
        boolean afterString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                    previous = c;
                    afterString = true;
                }
                continue;
            }
            boolean valueMayStart = afterString || "{[(,:".indexOf(previous) >= 0;
            int q = valueMayStart ? PythonLiteral.quoteAt(text, i) : c == '"' ? i : -1;
            if (q >= 0 && valueMayStart && text.startsWith(String.valueOf(text.charAt(q)).repeat(3), q)) {
                int end = tripleEnd(text, q);
                if (end < 0) {
                    return -1;
                }
                i = end - 1;
                previous = text.charAt(q);
                afterString = true;
                continue;
            }
            if (q >= 0) {
                i = q;
                quote = text.charAt(q);
                previous = quote;
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
            if (!Character.isWhitespace(c)) {
                previous = c;
                afterString = false;
            }
        }
        return -1;
    }

    /** The index after the triple-quoted string whose opening quotes start at {@code q}; -1 when it never ends. */
    private static int tripleEnd(String text, int q) {
        String triple = text.substring(q, q + 3);
        for (int i = q + 3; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.startsWith(triple, i)) {
                return i + 3;
            }
        }
        return -1;
    }

    private static Result fromObject(JsonNode root, String text) {
        JsonNode geocoding = root.path("reverse_geocoding").isObject() ? root.get("reverse_geocoding") : root;
        JsonNode coordinates = coordinatesNode(geocoding);
        if (coordinates == null) {
            coordinates = coordinatesNode(root);
        }
        Double latitude;
        Double longitude;
        try {
            if (coordinates != null && coordinates.isArray() && coordinates.size() == 2) {
                latitude = Coordinates.read(coordinates.get(0), Coordinates.Axis.LATITUDE);
                longitude = Coordinates.read(coordinates.get(1), Coordinates.Axis.LONGITUDE);
            } else if (coordinates != null && coordinates.isTextual()) {
                double[] pair = pair(coordinates.asText());
                latitude = pair == null ? null : pair[0];
                longitude = pair == null ? null : pair[1];
                if (pair == null && !Coordinates.MISSING.contains(coordinates.asText().trim().toLowerCase(Locale.ROOT))) {
                    return Result.failed("coordinates is not a latitude, longitude pair: "
                            + Coordinates.abbreviate(coordinates.asText()));
                }
            } else {
                JsonNode holder = coordinates != null && coordinates.isObject() ? coordinates : geocoding;
                latitude = Coordinates.read(first(holder, "latitude", "lat"), Coordinates.Axis.LATITUDE);
                longitude = Coordinates.read(first(holder, "longitude", "lon", "lng", "long"), Coordinates.Axis.LONGITUDE);
                if (latitude == null && longitude == null && holder != root) {
                    latitude = Coordinates.read(first(root, "latitude", "lat"), Coordinates.Axis.LATITUDE);
                    longitude = Coordinates.read(first(root, "longitude", "lon", "lng", "long"), Coordinates.Axis.LONGITUDE);
                }
            }
        } catch (Coordinates.BadCoordinate e) {
            return Result.failed(e.getMessage());
        }
        if (latitude == null || longitude == null) {
            String missing = "the answer has no " + (latitude == null ? "latitude" : "longitude");
            return refusalOr(text, missing);
        }
        if (latitude < -90 || latitude > 90) {
            return Result.failed("latitude " + latitude + " is outside [-90, 90]");
        }
        if (longitude < -180 || longitude > 180) {
            return Result.failed("longitude " + longitude + " is outside [-180, 180]");
        }
        return new Result(new GeoAnswer(latitude, longitude, address(geocoding, root), confidence(geocoding, root),
                scene(root), reasoning(root)), null, false);
    }

    /** IMAGEO-Bench's {@code image_information}: its scalar fields as text (null when absent or empty). */
    static Map<String, String> scene(JsonNode root) {
        JsonNode info = first(root, "image_information", "scene");
        if (info == null || !info.isObject()) {
            return null;
        }
        Map<String, String> scene = new java.util.TreeMap<>();
        info.fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode() && !f.getValue().isNull() && !f.getValue().asText().isBlank()) {
                scene.put(f.getKey(), f.getValue().asText().trim());
            }
        });
        return scene.isEmpty() ? null : scene;
    }

    /** IMAGEO-Bench's {@code reasoning} (an object of texts becomes "key: text" lines) or a reasoning string. */
    static String reasoning(JsonNode root) {
        JsonNode node = first(root, "reasoning", "explanation", "rationale");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            StringBuilder lines = new StringBuilder();
            node.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    lines.append(lines.isEmpty() ? "" : "\n").append(f.getKey()).append(": ")
                            .append(f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
                }
            });
            return lines.isEmpty() ? null : lines.toString();
        }
        String text = node.isValueNode() ? node.asText().trim() : node.toString();
        return text.isEmpty() ? null : text;
    }

    /** The text of the first {@code <think>} block (GLOBE's reasoning), null when there is none. */
    static String thinking(String content) {
        Matcher m = THINK.matcher(content);
        if (!m.find()) {
            return null;
        }
        String block = m.group().replaceAll("(?is)^<think(?:ing)?>|</think(?:ing)?>$", "").trim();
        return block.isEmpty() ? null : block;
    }

    /** coordinates/coords of any shape; location/position only as an object or an array (else it is a place name). */
    private static JsonNode coordinatesNode(JsonNode node) {
        JsonNode c = first(node, "coordinates", "coords");
        if (c != null) {
            return c;
        }
        c = first(node, "location", "position", "geo");
        return c != null && (c.isObject() || c.isArray()) ? c : null;
    }

    /** "48.85, 2.29", "48.85 2.29", "48°51'N 2°17'E"; null when it is not a pair. */
    static double[] pair(String text) {
        String t = text.trim();
        Matcher hemis = Pattern.compile("(?i)^(.+?[NS])[\\s,;]+(.+?[EW])$").matcher(t);
        String a;
        String b;
        if (hemis.matches()) {
            a = hemis.group(1);
            b = hemis.group(2);
        } else {
            String[] parts = t.split("\\s*[,;]\\s*|\\s+");
            if (parts.length != 2) {
                return null;
            }
            a = parts[0];
            b = parts[1];
        }
        try {
            Double lat = Coordinates.read(a, Coordinates.Axis.LATITUDE);
            Double lon = Coordinates.read(b, Coordinates.Axis.LONGITUDE);
            return lat == null || lon == null ? null : new double[] {lat, lon};
        } catch (Coordinates.BadCoordinate e) {
            return null;
        }
    }

    private static Result fromProse(String text) {
        Matcher pair = PAIR.matcher(text);
        Double lat = null;
        Double lon = null;
        if (pair.find()) {
            lat = Double.parseDouble(pair.group(1)) * (pair.group(2).equalsIgnoreCase("S") ? -1 : 1);
            lon = Double.parseDouble(pair.group(3)) * (pair.group(4).equalsIgnoreCase("W") ? -1 : 1);
        } else {
            Matcher mLat = PROSE_LAT.matcher(text);
            Matcher mLon = PROSE_LON.matcher(text);
            if (!mLat.find() || !mLon.find()) {
                return null;
            }
            try {
                lat = Coordinates.read(mLat.group(1).trim().replaceAll("[.)]+$", ""), Coordinates.Axis.LATITUDE);
                lon = Coordinates.read(mLon.group(1).trim().replaceAll("[.)]+$", ""), Coordinates.Axis.LONGITUDE);
            } catch (Coordinates.BadCoordinate e) {
                return Result.failed(e.getMessage());
            }
        }
        if (lat == null || lon == null) {
            return null;
        }
        if (lat < -90 || lat > 90) {
            return Result.failed("latitude " + lat + " is outside [-90, 90]");
        }
        if (lon < -180 || lon > 180) {
            return Result.failed("longitude " + lon + " is outside [-180, 180]");
        }
        return new Result(new GeoAnswer(lat, lon, null, null), null, false);
    }

    private static Result refusalOr(String text, String error) {
        String lower = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        for (String phrase : REFUSALS) {
            if (lower.contains(phrase)) {
                String snippet = text.strip().replaceAll("\\s+", " ");
                return new Result(null, "refusal: " + (snippet.length() <= 200 ? snippet : snippet.substring(0, 197) + "..."),
                        true);
            }
        }
        return Result.failed(error);
    }

    private static JsonNode first(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    private static Integer confidence(JsonNode geocoding, JsonNode root) {
        JsonNode node = first(geocoding, "confidence");
        if (node == null) {
            node = first(root, "confidence");
        }
        if (node == null) {
            return null;
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            String t = node.asText().trim().toLowerCase(Locale.ROOT);
            Integer word = CONFIDENCE_WORDS.get(t);
            if (word != null) {
                return word;
            }
            try {
                value = Double.parseDouble(t.replaceAll("\\s*/\\s*5$", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        if (!(value >= 1 && value <= 5)) {
            return null;
        }
        return (int) Math.round(value);
    }

    private static Address address(JsonNode geocoding, JsonNode root) {
        JsonNode address = geocoding.path("address").isObject() ? geocoding.get("address")
                : root.path("address").isObject() ? root.get("address") : geocoding;
        String street = text(address, "street");
        String city = text(address, "city");
        String state = text(address, "state");
        if (state == null) {
            state = text(address, "region");
        }
        String country = text(address, "country");
        if (address != root && city == null && country == null) {
            city = text(root, "city");
            country = text(root, "country");
        }
        if (street == null && city == null && state == null && country == null) {
            return null;
        }
        return new Address(street, city, state, country);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return Coordinates.MISSING.contains(text.toLowerCase(Locale.ROOT)) ? null : text;
    }
}
