package io.placebench.inference.domain;

/**
 * Tokens as one provider response reported them (OpenAI's counting: {@code cached} is part of {@code prompt},
 * {@code reasoning} part of {@code completion}).
 */
public record ProviderUsage(long prompt, long completion, long cached, long reasoning) {

    public static final ProviderUsage NONE = new ProviderUsage(0, 0, 0, 0);
}
