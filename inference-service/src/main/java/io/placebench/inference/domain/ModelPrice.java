package io.placebench.inference.domain;

import java.math.BigDecimal;

/**
 * USD per token for one model, from LiteLLM's price layout: {@code input_cost_per_token},
 * {@code output_cost_per_token}, {@code cache_read_input_token_cost}, {@code cache_creation_input_token_cost},
 * {@code output_cost_per_reasoning_token}, and one long-context tier ({@code *_above_<N>k_tokens}). A missing
 * cache or reasoning price falls back to the input or output price. {@code source} names the file it came from.
 */
public record ModelPrice(String model, BigDecimal inputPerToken, BigDecimal outputPerToken,
        BigDecimal cachedInputPerToken, BigDecimal cacheWritePerToken, BigDecimal reasoningPerToken,
        long tierThresholdTokens, BigDecimal tierInputPerToken, BigDecimal tierOutputPerToken,
        BigDecimal tierCachedInputPerToken, BigDecimal tierCacheWritePerToken, String litellmProvider, String mode,
        boolean supportsVision, String source) {

    public ModelPrice(String model, BigDecimal inputPerToken, BigDecimal outputPerToken, BigDecimal cachedInputPerToken,
            String litellmProvider, String mode, boolean supportsVision) {
        this(model, inputPerToken, outputPerToken, cachedInputPerToken, null, null, 0, null, null, null, null,
                litellmProvider, mode, supportsVision, null);
    }

    /**
     * The cost of one response: (input - cache reads - cache writes) x in + cache reads x cached_in + cache writes
     * x cache_write + (output - reasoning) x out + reasoning x reasoning_out, with the long-context tier's prices
     * when the input exceeds its threshold. This is OpenAI's, Anthropic's and Gemini's rule once usage is
     * normalised ({@link ProviderUsage}).
     */
    public BigDecimal cost(ProviderUsage usage) {
        if (usage == null) {
            return BigDecimal.ZERO;
        }
        boolean tier = tierThresholdTokens > 0 && usage.input() > tierThresholdTokens && tierInputPerToken != null;
        BigDecimal in = tier ? tierInputPerToken : inputPerToken;
        BigDecimal out = tier && tierOutputPerToken != null ? tierOutputPerToken : outputPerToken;
        BigDecimal cachedPrice = tier && tierCachedInputPerToken != null ? tierCachedInputPerToken
                : cachedInputPerToken != null ? cachedInputPerToken : in;
        BigDecimal writePrice = tier && tierCacheWritePerToken != null ? tierCacheWritePerToken
                : cacheWritePerToken != null ? cacheWritePerToken : in;
        BigDecimal reasoningPrice = reasoningPerToken != null ? reasoningPerToken : out;
        long input = Math.max(usage.input(), 0);
        long cached = Math.min(Math.max(usage.cachedInput(), 0), input);
        long writes = Math.min(Math.max(usage.cacheWrite(), 0), input - cached);
        long uncached = input - cached - writes;
        long output = Math.max(usage.output(), 0);
        long reasoning = Math.min(Math.max(usage.reasoning(), 0), output);
        return in.multiply(BigDecimal.valueOf(uncached))
                .add(cachedPrice.multiply(BigDecimal.valueOf(cached)))
                .add(writePrice.multiply(BigDecimal.valueOf(writes)))
                .add(out.multiply(BigDecimal.valueOf(output - reasoning)))
                .add(reasoningPrice.multiply(BigDecimal.valueOf(reasoning)));
    }

    /** USD per million tokens, for display. */
    public static BigDecimal perMillion(BigDecimal perToken) {
        return perToken == null ? null : perToken.multiply(BigDecimal.valueOf(1_000_000)).stripTrailingZeros();
    }
}
