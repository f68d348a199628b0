package io.placebench.analytics.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the required fields an event lacks (null, or blank text) and says so in one sentence:
 * {@code "scores event e-1 lacks [runId, status]"}.
 */
public final class RequiredFields {

    private final String what;
    private final List<String> missing = new ArrayList<>();

    private RequiredFields(String what) {
        this.what = what;
    }

    /** For the event described as {@code what} (e.g. "scores event " + its id). */
    public static RequiredFields of(String what) {
        return new RequiredFields(what);
    }

    /** {@code value} must be present, and not blank when it is text. */
    public RequiredFields require(String field, Object value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            missing.add(field);
        }
        return this;
    }

    /** What is lacking, or null when nothing is. */
    public String problem() {
        return missing.isEmpty() ? null : what + " lacks " + missing;
    }
}
