package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * Topic {@value Topics#RUNS}, key: run id. A run was created or changed state; {@code expectedCount} is the
 * number of inference requests published for it so far, {@code reason} why it changed (may be null).
 *
 * <p>{@code generation} (null = 0 in older records): ingest counts the lifecycle decisions of a run (create,
 * pause, resume, retry, cancel...) and stamps each event with the count. A consumer applies an ingest event only
 * when its generation is newer than the one it holds, so a stale PAUSED can never shadow a later resume,
 * whatever the clocks or the order of delivery. Inference's own PAUSED or BUDGET_EXHAUSTED keep the generation
 * they halt.
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
        String reason,
        Long generation) {

    public static final int SCHEMA_VERSION = 1;

    /** The generation, 0 when absent. */
    public long generationOrZero() {
        return generation == null ? 0 : generation;
    }
}
