package io.placebench.ingest.domain;

/**
 * What is wrong with one value: the field (a manifest column or form field; null when the problem is the
 * row as a whole), the value as given (may be null) and a reason a person can act on.
 */
public record Problem(String field, String value, String reason) {
}
