package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * Topic {@value Topics#RUNS}, key: run id. A run was created or changed state; {@code expectedCount} is the
 * number of inference requests published for it so far, {@code reason} why it changed (may be null).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunChanged(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String runId,
        String datasetId,
        String provider,
        String model,
        String promptId,
        Map<String, Object> parameters,
        boolean simulated,
        RunStatus status,
        long expectedCount,
        String reason) {

    public static final int SCHEMA_VERSION = 1;
}
