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

/**
 * Model prices read from a file in LiteLLM's {@code model_prices_and_context_window.json} layout: one object
 * keyed by model id. Keys starting with {@code _} and LiteLLM's {@code sample_spec} are skipped, as are entries
 * without both input and output prices.
 */
public final class PriceTable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final Map<String, ModelPrice> prices;

    public PriceTable(Map<String, ModelPrice> prices) {
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
    }

    public static PriceTable read(InputStream json) throws IOException {
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
            prices.put(model, new ModelPrice(model, in, out, decimal(e.get("cache_read_input_token_cost")),
                    e.path("litellm_provider").asText(null), e.path("mode").asText(null),
                    e.path("supports_vision").asBoolean(false)));
        }
        return new PriceTable(prices);
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
