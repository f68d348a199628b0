package io.placebench.rest;

/**
 * One thing wrong with a request: the field at fault (a parameter, body field or manifest column; null when the
 * request as a whole is at fault), the value as given (null when absent) and a reason a person can act on.
 */
public record ErrorDetail(String field, String value, String reason) {

    /** A problem with the request as a whole. */
    public static ErrorDetail of(String reason) {
        return new ErrorDetail(null, null, reason);
    }
}
