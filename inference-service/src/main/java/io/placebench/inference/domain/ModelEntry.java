package io.placebench.inference.domain;

import java.util.Map;

/**
 * One model of the catalogue: which provider serves it, its price entry (a key of the price table), how its
 * image tokens are counted, how it is asked for JSON, default run parameters and quirks, expected output and
 * reasoning tokens for estimates, and rate limits. Null fields fall back to the provider's configuration or to
 * the wire format's defaults.
 *
 * @param priceKey               key in the price table (LiteLLM id); null: the model id, then the provider's prefix + id
 * @param expectedOutputTokens   answer tokens for estimates; null: the prompt's expectation
 * @param expectedReasoningTokens reasoning/thinking tokens for estimates (billed as output)
 * @param reasoningPerOutputToken further reasoning tokens per expected answer token (for models whose thinking
 *                               grows with the answer)
 * @param supportsTemperature    false for models that reject it (o-series, gpt-5): a run's temperature is dropped
 * @param maxTokensField         {@code max_tokens} or {@code max_completion_tokens} (OpenAI Chat Completions only)
 * @param maxImageSide           longest side the image is sent at (null: the global policy)
 * @param source                 the catalogue file it came from
 */
public record ModelEntry(String provider, String model, String description, String priceKey,
        ImageTokenRule imageTokens, StructuredMode structuredOutput, Map<String, Object> parameters,
        Integer expectedOutputTokens, int expectedReasoningTokens, double reasoningPerOutputToken,
        boolean supportsTemperature, String maxTokensField,
        Integer rpm, Long tpm, Integer maxConcurrency, Integer maxImageSide, String source) {

    public ModelEntry {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** An entry for a model the catalogue does not list: everything from the provider and its wire format. */
    public static ModelEntry unlisted(String provider, String model, WireApi api) {
        return new ModelEntry(provider, model, null, null, ImageTokenRule.defaultFor(api), null, Map.of(), null, 0, 0,
                true, null, null, null, null, null, "not in the catalogue");
    }

    /** Expected reasoning tokens of an answer of {@code outputTokens}. */
    public long reasoningFor(long outputTokens) {
        return expectedReasoningTokens + Math.round(outputTokens * reasoningPerOutputToken);
    }

    public String key() {
        return key(provider, model);
    }

    public static String key(String provider, String model) {
        return provider + "/" + model;
    }
}
