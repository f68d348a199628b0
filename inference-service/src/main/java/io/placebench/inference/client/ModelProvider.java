package io.placebench.inference.client;

import io.placebench.inference.domain.Attempt;
import io.placebench.inference.domain.PreparedImage;
import io.placebench.inference.domain.Prompt;
import java.util.Map;

/**
 * One configured provider speaking one wire format. Implementations exist per wire format (OpenAI Chat
 * Completions now; Responses, Anthropic Messages and Gemini later); retries, cost and the ledger live above them.
 */
public interface ModelProvider extends AutoCloseable {

    /** The provider's name as runs use it ({@code simulator}, {@code openai}). */
    String name();

    /** True when predictions from this provider are simulated. */
    boolean simulated();

    /**
     * Builds the request for one image; throws {@link IllegalArgumentException} naming the bad run parameter.
     * The same request is sent again on a retry.
     */
    PreparedCall prepare(String model, Prompt prompt, PreparedImage image, Map<String, Object> parameters);

    /** Sends the request once. Never throws for provider-side failures: they come back as the attempt's status. */
    Attempt send(PreparedCall call);

    /** Estimated image tokens of the image as sent to {@code model}. */
    long imageTokens(String model, PreparedImage image);

    @Override
    void close();

    /** A request ready to send: the model and the exact body. */
    record PreparedCall(String model, String body) {
    }
}
