package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Tokens of one prediction, summed over its attempts. {@code cached} (cache reads) and {@code cacheWrite}
 * (tokens written to the provider's prompt cache) are part of {@code input}, and {@code reasoning}
 * (reasoning/thinking tokens) part of {@code output}, as OpenAI counts them: providers that count otherwise
 * (Anthropic's cache fields, Gemini's thoughts) are normalised to this. {@code image} is the estimated share of
 * the input spent on the image. {@code cacheWrite} was added later: 0 when absent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenUsage(long input, long output, long cached, long reasoning, long image, long cacheWrite) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0, 0);

    @JsonCreator
    public TokenUsage {
    }

    /** The first version's constructor: no cache writes. */
    public TokenUsage(long input, long output, long cached, long reasoning, long image) {
        this(input, output, cached, reasoning, image, 0);
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(input + other.input, output + other.output, cached + other.cached,
                reasoning + other.reasoning, image + other.image, cacheWrite + other.cacheWrite);
    }
}
