package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Tokens of one prediction, summed over its attempts. {@code cached} is part of {@code input} and
 * {@code reasoning} part of {@code output}, as OpenAI counts them; {@code image} is the estimated share of
 * the input spent on the image.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenUsage(long input, long output, long cached, long reasoning, long image) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(input + other.input, output + other.output, cached + other.cached,
                reasoning + other.reasoning, image + other.image);
    }
}
