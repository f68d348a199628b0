package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model catalogue: a YAML (or JSON) file with a list {@code models} of entries (provider, model, price,
 * imageTokens, structuredOutput, parameters, expected tokens, quirks, limits) that users extend without code
 * ({@code placebench.catalogue.file} is laid over the bundled {@code models.yaml}; an entry with the same
 * provider and model replaces the bundled one).
 */
public final class ModelCatalog {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FIELDS = Set.of("provider", "model", "description", "price", "imageTokens",
            "structuredOutput", "parameters", "expectedOutputTokens", "expectedReasoningTokens", "reasoningPerOutputToken", "supportsTemperature",
            "maxTokensField", "rpm", "tpm", "maxConcurrency", "maxImageSide");

    private final Map<String, ModelEntry> entries;

    public ModelCatalog(Map<String, ModelEntry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static ModelCatalog empty() {
        return new ModelCatalog(Map.of());
    }

    /** Reads a catalogue; throws {@link IllegalArgumentException} naming the source, entry and field at fault. */
    public static ModelCatalog read(InputStream in, String source) throws IOException {
        JsonNode root = YAML.readTree(in); // YAML is a superset of JSON
        if (root == null || !root.path("models").isArray()) {
            throw new IllegalArgumentException(source + ": a catalogue needs a list 'models'");
        }
        Map<String, ModelEntry> entries = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode e : root.get("models")) {
            String where = source + ": models[" + i++ + "]";
            ModelEntry entry = entry(e, where, source);
            if (entries.put(entry.key(), entry) != null) {
                throw new IllegalArgumentException(where + ": " + entry.key() + " is listed twice");
            }
        }
        return new ModelCatalog(entries);
    }

    @SuppressWarnings("unchecked")
    private static ModelEntry entry(JsonNode e, String where, String source) {
        if (!e.isObject()) {
            throw new IllegalArgumentException(where + ": an entry must be an object");
        }
        e.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown field '" + name + "' (known: " + FIELDS + ")");
            }
        });
        String provider = text(e, "provider", where, true);
        String model = text(e, "model", where, true);
        ImageTokenRule rule = null;
        JsonNode it = e.get("imageTokens");
        if (it != null && !it.isNull()) {
            try {
                rule = new ImageTokenRule(it.path("rule").asText(""), it.path("base").asDouble(
                        it.path("multiplier").asDouble(it.path("tokens").asDouble(0))), it.path("tile").asDouble(0));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ".imageTokens: " + ex.getMessage());
            }
        }
        StructuredMode mode = null;
        String so = text(e, "structuredOutput", where, false);
        if (so != null) {
            mode = StructuredMode.fromConfig(so).orElseThrow(() -> new IllegalArgumentException(where
                    + ".structuredOutput: '" + so + "' is not one of auto, json-schema, json-object, tool, output-config, "
                    + "response-schema, none"));
        }
        Map<String, Object> parameters = Map.of();
        JsonNode p = e.get("parameters");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new IllegalArgumentException(where + ".parameters: must be an object");
            }
            parameters = YAML.convertValue(p, Map.class);
        }
        String field = text(e, "maxTokensField", where, false);
        if (field != null && !List.of("max_tokens", "max_completion_tokens").contains(field)) {
            throw new IllegalArgumentException(where + ".maxTokensField: must be max_tokens or max_completion_tokens");
        }
        return new ModelEntry(provider, model, text(e, "description", where, false), text(e, "price", where, false),
                rule, mode, parameters, positive(e, "expectedOutputTokens", where), orZero(positiveOrZero(e,
                        "expectedReasoningTokens", where)), factor(e, "reasoningPerOutputToken", where),
                e.path("supportsTemperature").asBoolean(true), field,
                positiveOrZero(e, "rpm", where), positiveLong(e, "tpm", where), positive(e, "maxConcurrency", where),
                positive(e, "maxImageSide", where), source);
    }

    private static String text(JsonNode e, String field, String where, boolean required) {
        JsonNode n = e.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new IllegalArgumentException(where + ": " + field + " is required");
            }
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + field + ": must be a non-empty string");
        }
        return n.asText().trim();
    }

    private static Integer positive(JsonNode e, String field, String where) {
        Integer v = positiveOrZero(e, field, where);
        if (v != null && v == 0) {
            throw new IllegalArgumentException(where + "." + field + ": must be positive");
        }
        return v;
    }

    private static Integer positiveOrZero(JsonNode e, String field, String where) {
        JsonNode n = e.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
            throw new IllegalArgumentException(where + "." + field + ": must be an integer >= 0");
        }
        return n.asInt();
    }

    private static Long positiveLong(JsonNode e, String field, String where) {
        JsonNode n = e.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || n.asLong() < 0) {
            throw new IllegalArgumentException(where + "." + field + ": must be an integer >= 0");
        }
        return n.asLong();
    }

    private static double factor(JsonNode e, String field, String where) {
        JsonNode n = e.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isNumber() || n.asDouble() < 0) {
            throw new IllegalArgumentException(where + "." + field + ": must be a number >= 0");
        }
        return n.asDouble();
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }

    /** This catalogue with {@code overrides} laid over it. */
    public ModelCatalog with(ModelCatalog overrides) {
        Map<String, ModelEntry> merged = new LinkedHashMap<>(entries);
        merged.putAll(overrides.entries);
        return new ModelCatalog(merged);
    }

    public Optional<ModelEntry> find(String provider, String model) {
        return Optional.ofNullable(entries.get(ModelEntry.key(provider, model)));
    }

    public List<ModelEntry> all() {
        return List.copyOf(entries.values());
    }
}
