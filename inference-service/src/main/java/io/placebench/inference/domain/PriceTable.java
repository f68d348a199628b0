package io.placebench.inference.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model prices read from files in LiteLLM's {@code model_prices_and_context_window.json} layout: one object
 * keyed by model id (provider-prefixed for non-first-party hosts, e.g. {@code gemini/...},
 * {@code together_ai/...}). Keys starting with {@code _} and LiteLLM's {@code sample_spec} are skipped, as are
 * entries without both input and output prices. Later files override earlier ones ({@link #with}).
 */
public final class PriceTable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern TIER = Pattern.compile("input_cost_per_token_above_(\\d+)k_tokens");
    private final Map<String, ModelPrice> prices;

    public PriceTable(Map<String, ModelPrice> prices) {
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
    }

    public static PriceTable read(InputStream json) throws IOException {
        return read(json, null);
    }

    /** Reads one file; {@code source} is recorded on every entry (null: unnamed). */
    public static PriceTable read(InputStream json, String source) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("a price file must be one JSON object keyed by model id");
        }
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String model = entry.getKey();
            JsonNode e = entry.getValue();
            if (model.startsWith("_") || model.equals("sample_spec") || !e.isObject()) {
                continue;
            }
            BigDecimal in = decimal(e.get("input_cost_per_token"));
            BigDecimal out = decimal(e.get("output_cost_per_token"));
            if (in == null || out == null) {
                continue;
            }
            if (in.signum() < 0 || out.signum() < 0) {
                throw new IOException((source == null ? "" : source + ": ") + model + ": prices must not be negative");
            }
            long threshold = 0;
            String suffix = null;
            for (Iterator<String> names = e.fieldNames(); names.hasNext();) {
                Matcher m = TIER.matcher(names.next());
                if (m.matches()) {
                    threshold = Long.parseLong(m.group(1)) * 1000;
                    suffix = "_above_" + m.group(1) + "k_tokens";
                }
            }
            prices.put(model, new ModelPrice(model, in, out, decimal(e.get("cache_read_input_token_cost")),
                    decimal(e.get("cache_creation_input_token_cost")), decimal(e.get("output_cost_per_reasoning_token")),
                    threshold, suffix == null ? null : decimal(e.get("input_cost_per_token" + suffix)),
                    suffix == null ? null : decimal(e.get("output_cost_per_token" + suffix)),
                    suffix == null ? null : decimal(e.get("cache_read_input_token_cost" + suffix)),
                    suffix == null ? null : decimal(e.get("cache_creation_input_token_cost" + suffix)),
                    e.path("litellm_provider").asText(null), e.path("mode").asText(null),
                    e.path("supports_vision").asBoolean(false), source));
        }
        return new PriceTable(prices);
    }

    /** This table with {@code overrides} laid over it (an entry of the same id replaces the whole entry). */
    public PriceTable with(PriceTable overrides) {
        Map<String, ModelPrice> merged = new LinkedHashMap<>(prices);
        merged.putAll(overrides.prices);
        return new PriceTable(merged);
    }

    public Optional<ModelPrice> price(String model) {
        return Optional.ofNullable(model == null ? null : prices.get(model));
    }

    public Map<String, ModelPrice> all() {
        return prices;
    }

    private static BigDecimal decimal(JsonNode node) {
        return node != null && node.isNumber() ? node.decimalValue() : null;
    }
}
