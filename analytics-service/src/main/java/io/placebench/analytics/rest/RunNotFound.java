package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import jakarta.ws.rs.core.Response;

/** The 404 for a run id analytics has never seen. */
final class RunNotFound {

    static final String REASON = "no run with this id has been seen on the runs or scores topics";

    private RunNotFound() {
    }

    /** For the run named by {@code field} ("id", "runs"). */
    static Response response(String field, String runId) {
        return ErrorBody.notFound("run not found", field, runId, REASON);
    }

    /** For the usual {@code runId} path parameter. */
    static Response response(String runId) {
        return response("runId", runId);
    }
}
