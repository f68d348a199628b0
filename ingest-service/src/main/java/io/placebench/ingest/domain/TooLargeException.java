package io.placebench.ingest.domain;

/** An upload goes beyond a configured size or count limit (answered 413). {@code field} names what is too large. */
public class TooLargeException extends RuntimeException {

    private final String field;
    private final long limit;

    public TooLargeException(String field, long limit, String message) {
        super(message);
        this.field = field;
        this.limit = limit;
    }

    public String field() {
        return field;
    }

    public long limit() {
        return limit;
    }
}
