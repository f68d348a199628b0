package io.placebench.events;

/** What became of one model call. Only OK carries an answer that can be scored as a location. */
public enum PredictionStatus {
    OK,
    PARSE_FAILED,
    REFUSED,
    TRUNCATED,
    CONTENT_FILTERED,
    API_ERROR,
    TIMEOUT,
    BUDGET_EXHAUSTED
}
