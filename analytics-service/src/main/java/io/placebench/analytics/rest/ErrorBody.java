package io.placebench.analytics.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The error shape every PlaceBench service answers with, and the responses that carry it. */
public record ErrorBody(String error, List<String> details) {

    /** A JSON error response. */
    public static Response response(Response.Status status, String error, List<String> details) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(error, details)).build();
    }

    /** A JSON error response with one detail. */
    public static Response response(Response.Status status, String error, String detail) {
        return response(status, error, List.of(detail));
    }

    /** 400: {@code detail} names the parameter and what was wrong with it. */
    public static Response badRequest(String error, String detail) {
        return response(Response.Status.BAD_REQUEST, error, detail);
    }

    /** 404 for a run never seen on the runs or scores topics, named by {@code parameter} ("path parameter 'id'"). */
    public static Response runNotFound(String parameter, String runId) {
        return response(Response.Status.NOT_FOUND, "run not found",
                parameter + ": no run '" + runId + "' has been seen on the runs or scores topics");
    }

    /** The same, for the usual {@code runId} path parameter. */
    public static Response runNotFound(String runId) {
        return runNotFound("path parameter 'runId'", runId);
    }
}
