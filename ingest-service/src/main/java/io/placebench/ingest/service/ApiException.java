package io.placebench.ingest.service;

import java.util.List;

/**
 * A request that cannot be served as asked; becomes {@code {"error": message, "details": [...]}} with
 * {@code status}. Details are usually {@link io.placebench.ingest.domain.Problem}s naming the field at fault.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final List<?> details;

    public ApiException(int status, String message, List<?> details) {
        super(message);
        this.status = status;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    public ApiException(int status, String message) {
        this(status, message, List.of());
    }

    public ApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.details = List.of();
    }

    public int status() {
        return status;
    }

    public List<?> details() {
        return details;
    }

    public static ApiException badRequest(String message, List<?> details) {
        return new ApiException(400, message, details);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
