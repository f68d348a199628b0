package io.placebench.inference.client;

import io.placebench.inference.domain.Attempt;
import io.placebench.inference.domain.CallSpec;
import io.placebench.inference.domain.Flavor;
import io.placebench.inference.domain.WireApi;

/**
 * One configured provider speaking one wire format. Retries, rate limits, cost and the ledger live above it.
 */
public interface ModelProvider extends AutoCloseable {

    /** The provider's name as runs use it ({@code simulator}, {@code openai}, ...). */
    String name();

    WireApi api();

    Flavor flavor();

    /** True when predictions from this provider are simulated. */
    boolean simulated();

    /** True when a key is configured (or the provider needs none: simulators, local servers). */
    boolean hasKey();

    String baseUrl();

    /** Builds the exact body for one image; the same body is sent again on a retry. */
    PreparedCall prepare(CallSpec spec);

    /** Sends the request once. Never throws for provider-side failures: they come back as the attempt's status. */
    Attempt send(PreparedCall call);

    @Override
    void close();

    /** A request ready to send: the model, the exact body and the token limit (for token buckets). */
    record PreparedCall(String model, String body, int maxTokens) {
    }
}
