package io.placebench.inference.domain;

import io.placebench.events.TokenUsage;
import java.math.BigDecimal;

/**
 * Tokens of one provider response, normalised to one convention whatever the API: {@code input} is every
 * prompt token (cache reads and cache writes included), {@code output} every generated token (reasoning or
 * thinking included). The wire formats are converted as they define their fields:
 * <ul>
 * <li>OpenAI: prompt_tokens (cached_tokens inside), completion_tokens (reasoning_tokens inside);</li>
 * <li>Anthropic: input_tokens excludes cache_read_input_tokens and cache_creation_input_tokens, so
 * input = the three summed;</li>
 * <li>Gemini: promptTokenCount (cachedContentTokenCount inside); thoughtsTokenCount is outside
 * candidatesTokenCount but billed as output, so output = candidates + thoughts.</li>
 * </ul>
 * {@code reportedCostUsd} is a cost the provider itself reported (OpenRouter's usage.cost), null when none.
 */
public record ProviderUsage(long input, long output, long cachedInput, long cacheWrite, long reasoning,
        BigDecimal reportedCostUsd) {

    public static final ProviderUsage NONE = new ProviderUsage(0, 0, 0, 0, 0, null);

    public ProviderUsage(long input, long output, long cachedInput, long reasoning) {
        this(input, output, cachedInput, 0, reasoning, null);
    }

    public TokenUsage toTokenUsage(long imageTokens) {
        return new TokenUsage(input, output, cachedInput, reasoning, imageTokens, cacheWrite);
    }
}
