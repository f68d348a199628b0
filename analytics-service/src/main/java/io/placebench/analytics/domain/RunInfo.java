package io.placebench.analytics.domain;

import java.math.BigDecimal;

/**
 * What the runs topic says about a run (a placeholder until its first runs event arrives); {@code budgetUsd} is
 * null when the run has no budget.
 */
public record RunInfo(
        String runId,
        String datasetId,
        String provider,
        String model,
        String promptId,
        boolean simulated,
        String status,
        long expected,
        BigDecimal budgetUsd) {
}
