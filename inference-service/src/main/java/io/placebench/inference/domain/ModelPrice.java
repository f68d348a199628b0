package io.placebench.inference.domain;

import java.math.BigDecimal;

/**
 * USD per token for one model, as in LiteLLM's price file: {@code input_cost_per_token},
 * {@code output_cost_per_token}, {@code cache_read_input_token_cost} (null: cached input is priced as input).
 */
public record ModelPrice(String model, BigDecimal inputPerToken, BigDecimal outputPerToken,
        BigDecimal cachedInputPerToken, String litellmProvider, String mode, boolean supportsVision) {

    /** OpenAI's rule: {@code (prompt - cached) * in + cached * cached_in + completion * out}. */
    public BigDecimal cost(ProviderUsage usage) {
        if (usage == null) {
            return BigDecimal.ZERO;
        }
        long cached = Math.min(Math.max(usage.cached(), 0), Math.max(usage.prompt(), 0));
        long uncached = Math.max(usage.prompt(), 0) - cached;
        BigDecimal cachedPrice = cachedInputPerToken != null ? cachedInputPerToken : inputPerToken;
        return inputPerToken.multiply(BigDecimal.valueOf(uncached))
                .add(cachedPrice.multiply(BigDecimal.valueOf(cached)))
                .add(outputPerToken.multiply(BigDecimal.valueOf(Math.max(usage.completion(), 0))));
    }
}
