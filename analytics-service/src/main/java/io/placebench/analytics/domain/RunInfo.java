package io.placebench.analytics.domain;

/** What the runs topic says about a run (a placeholder until its first runs event arrives). */
public record RunInfo(
        String runId,
        String datasetId,
        String provider,
        String model,
        String promptId,
        boolean simulated,
        String status,
        long expected) {
}
