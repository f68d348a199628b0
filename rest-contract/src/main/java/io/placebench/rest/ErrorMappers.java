package io.placebench.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception a resource lets out into an {@link ErrorBody}: the services' own {@link ApiException}s,
 * bodies that are not the JSON asked for, the framework's own 4xx (unknown path, wrong method or media type, a
 * parameter that does not convert) and anything unexpected (500, logged).
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        if (e.status() >= 500) {
            LOG.error(e.getMessage(), e.getCause());
        }
        return ErrorBody.response(e.status(), e.getMessage(), e.details());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return ErrorBody.response(400, "request body is not valid", List.of(JsonProblems.detail(e)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (status >= 500) {
            LOG.error(e.getMessage(), e);
        }
        String reason = original == null || original.getStatusInfo() == null ? "error"
                : original.getStatusInfo().getReasonPhrase();
        String message = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? reason : e.getMessage();
        return ErrorBody.response(status, message, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected error while serving a request", e);
        return ErrorBody.response(500, "internal error: " + e.getClass().getSimpleName(), List.of());
    }
}
