package io.placebench.inference.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * Everything a wire format needs to build one request body: model, prompt, image, the resolved run parameters
 * and the provider's quirks. {@code notes} records parameters that were dropped or adjusted (e.g. a temperature
 * for a model that rejects it).
 */
public record CallSpec(String model, Prompt prompt, PreparedImage image, int maxTokens, String maxTokensField,
        BigDecimal temperature, String reasoningEffort, Integer thinkingBudget, String detail,
        StructuredMode structured, Flavor flavor, List<String> notes) {

    public CallSpec {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public CallSpec withImage(PreparedImage newImage) {
        return new CallSpec(model, prompt, newImage, maxTokens, maxTokensField, temperature, reasoningEffort,
                thinkingBudget, detail, structured, flavor, notes);
    }
}
