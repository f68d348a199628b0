package io.placebench.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The body of every error any PlaceBench service answers: {@code {"error": "...", "details": [...]}}. */
public record ErrorBody(String error, List<ErrorDetail> details) {

    public ErrorBody {
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** A JSON error response. */
    public static Response response(int status, String error, List<ErrorDetail> details) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(error, details))
                .build();
    }

    /** 400 for one parameter or field: what it held and why that will not do. */
    public static Response badRequest(String error, String field, String value, String reason) {
        return response(400, error, List.of(new ErrorDetail(field, value, reason)));
    }

    /** 404: {@code field} holds {@code value}, which names nothing known; {@code reason} says where it was looked for. */
    public static Response notFound(String error, String field, String value, String reason) {
        return response(404, error, List.of(new ErrorDetail(field, value, reason)));
    }
}
