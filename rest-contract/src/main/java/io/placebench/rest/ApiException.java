package io.placebench.rest;

import java.util.List;

/** A request that cannot be served as asked; answered as an {@link ErrorBody} with {@code status}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final List<ErrorDetail> details;

    public ApiException(int status, String error, List<ErrorDetail> details) {
        super(error);
        this.status = status;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    public ApiException(int status, String error, Throwable cause) {
        super(error, cause);
        this.status = status;
        this.details = List.of();
    }

    public int status() {
        return status;
    }

    public List<ErrorDetail> details() {
        return details;
    }

    /** 400, with what was wrong and where. */
    public static ApiException badRequest(String error, List<ErrorDetail> details) {
        return new ApiException(400, error, details);
    }

    /** 400 for one parameter or field. */
    public static ApiException badRequest(String error, String field, String value, String reason) {
        return badRequest(error, List.of(new ErrorDetail(field, value, reason)));
    }

    /** 404: {@code field} holds {@code value}, which names nothing known. */
    public static ApiException notFound(String error, String field, String value) {
        return new ApiException(404, error, List.of(new ErrorDetail(field, value, "not found")));
    }

    /** 409: the request conflicts with the current state. */
    public static ApiException conflict(String error, List<ErrorDetail> details) {
        return new ApiException(409, error, details);
    }
}
