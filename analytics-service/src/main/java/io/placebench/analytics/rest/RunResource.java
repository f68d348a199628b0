package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import io.placebench.analytics.repository.AnalyticsQueries;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Progress of runs as analytics sees it: scored = distinct images stored for the run. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @Inject
    AnalyticsQueries queries;

    @GET
    @Operation(summary = "Progress of every run (oldest first)")
    public Response runs(@Parameter(description = "only runs of this dataset") @QueryParam("dataset")
    String dataset) {
        if (dataset != null && dataset.isBlank()) {
            return ErrorBody.badRequest("dataset must not be blank", "dataset", dataset,
                    "give a dataset id or leave it out");
        }
        return Response.ok(queries.progress(dataset).stream().map(Json.RunProgress::of).toList()).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Progress of one run")
    public Response run(@PathParam("id") String id) {
        return queries.progressOf(id)
                .map(progress -> Response.ok(Json.RunProgress.of(progress)).build())
                .orElseGet(() -> RunNotFound.response("id", id));
    }
}
