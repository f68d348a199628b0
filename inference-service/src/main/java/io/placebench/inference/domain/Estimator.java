package io.placebench.inference.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Pre-run estimates of one call's tokens and cost, offline: the text of the prompt at about four characters a
 * token plus each format's framing (OpenAI: 3 tokens per message and 3 to prime the reply; Anthropic: the forced
 * tool's definition and its ~313-token tool system prompt, or the output schema), the image by the model's
 * {@link ImageTokenRule} at the size it will be sent, and the expected answer and reasoning tokens. The
 * simulator counts exactly so, which is what makes its estimates land within a few percent.
 */
public final class Estimator {

    public static final int PER_MESSAGE = 3;
    public static final int REPLY_PRIMING = 3;
    public static final int ANTHROPIC_TOOL_OVERHEAD = 313;
    private static final PreparedImage PLACEHOLDER = new PreparedImage(new byte[] {1}, 1, 1, "", 1, 1);

    /** Tokens and cost of one image. */
    public record PerImage(long inputTokens, long textTokens, long imageTokens, long outputTokens, long reasoningTokens,
            BigDecimal costUsd) {
    }

    private Estimator() {
    }

    public static long textTokens(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
    }

    /** Prompt tokens other than the image, as the format frames them. */
    public static long promptTextTokens(WireApi api, CallSpec spec) {
        Prompt p = spec.prompt();
        return switch (api) {
            case OPENAI_CHAT, OPENAI_RESPONSES -> REPLY_PRIMING + PER_MESSAGE + textTokens(p.system()) + PER_MESSAGE
                    + textTokens(p.user());
            case ANTHROPIC -> {
                long tokens = textTokens(p.system()) + PER_MESSAGE + textTokens(p.user());
                var body = AnthropicFormat.INSTANCE.body(spec.withImage(PLACEHOLDER));
                if (body.has("tools")) {
                    tokens += ANTHROPIC_TOOL_OVERHEAD + textTokens(body.get("tools").toString());
                }
                if (body.has("output_config")) {
                    tokens += textTokens(body.path("output_config").path("format").path("schema").toString());
                }
                yield tokens;
            }
            case GEMINI -> textTokens(p.system()) + textTokens(p.user());
        };
    }

    /**
     * @param sentWidth  width the image is sent at (after the resize policy)
     * @param output     expected answer tokens (capped at the call's token limit)
     * @param reasoning  expected reasoning tokens (billed as output)
     * @param price      null: cost 0
     */
    public static PerImage perImage(WireApi api, CallSpec spec, ImageTokenRule rule, int sentWidth, int sentHeight,
            long output, long reasoning, ModelPrice price) {
        long text = promptTextTokens(api, spec);
        long image = rule.tokens(sentWidth, sentHeight, spec.detail());
        long answer = Math.min(output, Math.max(0, spec.maxTokens() - Math.min(reasoning, spec.maxTokens())));
        long thinking = Math.min(reasoning, spec.maxTokens());
        ProviderUsage usage = new ProviderUsage(text + image, answer + thinking, 0, 0, thinking, null);
        BigDecimal cost = price == null ? BigDecimal.ZERO : price.cost(usage);
        return new PerImage(text + image, text, image, answer, thinking, cost.setScale(9, RoundingMode.HALF_UP));
    }
}
