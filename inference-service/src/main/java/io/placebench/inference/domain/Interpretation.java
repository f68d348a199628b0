package io.placebench.inference.domain;

import io.placebench.events.GeoAnswer;
import io.placebench.events.PredictionStatus;

/**
 * What one provider response means: a status, the answer (null unless parsed), an error text, the HTTP status
 * of an error response, the provider's error code (for retry decisions) and the usage it reported (null when
 * it reported none).
 */
public record Interpretation(PredictionStatus status, GeoAnswer answer, String error, Integer httpStatus,
        String errorCode, ProviderUsage usage) {
}
