package io.placebench.events;

/** Lifecycle of a run (dataset x model x prompt). */
public enum RunStatus {
    CREATED,
    RUNNING,
    PAUSED,
    COMPLETED,
    CANCELLED,
    BUDGET_EXHAUSTED
}
