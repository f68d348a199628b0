package io.placebench.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.placebench.ingest.domain.ManifestException;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.domain.TooLargeException;
import io.placebench.ingest.service.ApiException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as {@code {"error": "...", "details": [...]}}. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** The JSON body of an error response. */
    public record ErrorBody(String error, List<?> details) {
    }

    public static Response error(int status, String message, List<?> details) {
        return builder(status, message, details).build();
    }

    static Response.ResponseBuilder builder(int status, String message, List<?> details) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(message, details == null ? List.of() : details));
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        if (e.status() >= 500) {
            LOG.error(e.getMessage(), e.getCause());
        }
        return error(e.status(), e.getMessage(), e.details());
    }

    @ServerExceptionMapper
    public Response manifest(ManifestException e) {
        return error(400, e.getMessage(), e.problems());
    }

    @ServerExceptionMapper
    public Response tooLarge(TooLargeException e) {
        return error(413, e.getMessage(), List.of(new Problem(e.field(), null, "limit " + e.limit())));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return error(400, "request body is not valid JSON: " + e.getOriginalMessage(), List.of());
    }
}
