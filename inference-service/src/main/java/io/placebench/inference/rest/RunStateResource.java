package io.placebench.inference.rest;

import io.placebench.inference.service.RunStates;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** What inference knows of a run: RUNNING, PAUSED (with the reason), BUDGET_EXHAUSTED, CANCELLED. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunStateResource {

    @Inject
    RunStates runStates;

    @GET
    @Path("/{runId}/state")
    public Response state(@PathParam("runId") String runId) {
        return runStates.get(runId).map(s -> Response.ok(s).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).entity(Map.of("error",
                        "inference knows nothing of run '" + runId + "'", "details", List.of())).build());
    }
}
