package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

/**
 * A model's answer recorded elsewhere (a published benchmark's result file), carried by an
 * {@link InferenceRequested} instead of a provider call: inference parses {@code rawResponse} with its own
 * parser and publishes the prediction without calling any provider.
 *
 * <p>{@code source} names where it came from ({@code file#line}); {@code rawResponse} is the model's text
 * (null when the call failed); {@code error} the recorded error (null when it answered); {@code status} the
 * status the error maps to ({@link PredictionStatus#API_ERROR} or {@link PredictionStatus#TIMEOUT}, null when
 * there was no error); {@code usage} the recorded tokens ({@code image} 0 when unknown); {@code costUsd} and
 * {@code latencyMs} as recorded, null when the source has none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImportedResult(
        String source,
        String rawResponse,
        String error,
        PredictionStatus status,
        TokenUsage usage,
        BigDecimal costUsd,
        Long latencyMs) {
}
