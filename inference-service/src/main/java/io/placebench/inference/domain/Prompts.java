package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The versioned prompt catalogue: the built-in prompts ({@code imageo}, {@code globe}, {@code coords}) plus
 * prompts loaded from files ({@code *.yaml}, {@code *.yml}, {@code *.json}: {@code id}, {@code version},
 * {@code layout}, {@code system}, {@code user}, optional {@code expectedOutputTokens}). Changing a text changes
 * its hash; give a new experiment a new id (or at least a new version). The expected output tokens of the built-ins
 * are those of llm-simulator's answers (measured); real models are often wordier: set {@code expectedOutputTokens}
 * per model in the catalogue for sharper estimates.
 */
public final class Prompts {

    public static final String BUILT_IN = "built-in";

    /** IMAGEO-Bench's answer layout (image_information, reasoning, reverse_geocoding), in our own words. */
    public static final Prompt IMAGEO = Prompt.of("imageo", 1,
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
            field to one or two sentences.""",
            AnswerLayout.IMAGEO, 150, BUILT_IN);

    /** GLOBE's answer: reasoning first, then country and city (with the city's coordinates so it can be scored). */
    public static final Prompt GLOBE = Prompt.of("globe", 1,
            """
            You are an expert in image geolocation. Reason step by step about what the photograph shows \
            (landmarks, writing, architecture, vegetation, roads, vehicles, climate) and decide in which country \
            and city it was taken. Always commit to a best guess. Reply with a single JSON object and nothing else.""",
            """
            In which country and city was this photo taken? Reply with one JSON object of this shape:
            {"reasoning": "the visual evidence and how it narrows down the place",
             "country": "the country", "city": "the nearest city or town",
             "latitude": 0.0, "longitude": 0.0, "confidence": 3}
            Rules: latitude and longitude are the decimal WGS-84 coordinates of that city (north and east \
            positive). Confidence is an integer from 1 (a guess) to 5 (certain). Use null for a country or city \
            you cannot determine, but always give coordinates.""",
            AnswerLayout.GLOBE, 70, BUILT_IN);

    /** Coordinates only: the cheapest answer. */
    public static final Prompt COORDS = Prompt.of("coords", 1,
            """
            You are an expert in image geolocation. Reply with a single JSON object and nothing else.""",
            """
            Where was this photo taken? Reply only with {"latitude": <decimal degrees, north positive>, \
            "longitude": <decimal degrees, east positive>}, your best estimate, even if unsure.""",
            AnswerLayout.COORDS, 12, BUILT_IN);

    public static final List<Prompt> BUILT_INS = List.of(IMAGEO, GLOBE, COORDS);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Prompt> byId;

    public Prompts(Map<String, Prompt> byId) {
        this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    /** The built-in prompts only. */
    public static Prompts builtIn() {
        Map<String, Prompt> map = new LinkedHashMap<>();
        BUILT_INS.forEach(p -> map.put(p.id(), p));
        return new Prompts(map);
    }

    /**
     * The built-ins plus every prompt file in {@code directory} (sorted by name). A file may not reuse a built-in
     * id. Throws {@link IllegalArgumentException} naming the file and the field at fault.
     */
    public static Prompts withDirectory(Path directory) throws IOException {
        Map<String, Prompt> map = new LinkedHashMap<>(builtIn().byId);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.filter(p -> p.getFileName().toString().matches("(?i).+\\.(ya?ml|json)$")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            Prompt prompt = read(file);
            Prompt before = map.get(prompt.id());
            if (before != null) {
                throw new IllegalArgumentException(file + ": prompt id '" + prompt.id() + "' is already defined by "
                        + before.source());
            }
            map.put(prompt.id(), prompt);
        }
        return new Prompts(map);
    }

    static Prompt read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JsonNode root = (name.endsWith(".json") ? JSON : YAML).readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a prompt file must be one object with id, version, layout, "
                    + "system and user");
        }
        String id = requireText(root, "id", file);
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(file + ": id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
            throw new IllegalArgumentException(file + ": version must be a positive integer");
        }
        String layoutName = root.path("layout").asText("imageo");
        AnswerLayout layout = AnswerLayout.fromConfig(layoutName).orElseThrow(() -> new IllegalArgumentException(
                file + ": layout '" + layoutName + "' is not one of imageo, globe, coords"));
        int expected = root.path("expectedOutputTokens").asInt(switch (layout) {
            case IMAGEO -> IMAGEO.expectedOutputTokens();
            case GLOBE -> GLOBE.expectedOutputTokens();
            case COORDS -> COORDS.expectedOutputTokens();
        });
        if (expected < 1) {
            throw new IllegalArgumentException(file + ": expectedOutputTokens must be positive");
        }
        return Prompt.of(id, version.asInt(), requireText(root, "system", file).strip(),
                requireText(root, "user", file).strip(), layout, expected, file.toString());
    }

    private static String requireText(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(file + ": " + field + " is missing or empty");
        }
        return node.asText();
    }

    public Optional<Prompt> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public List<Prompt> all() {
        return List.copyOf(byId.values());
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }
}
