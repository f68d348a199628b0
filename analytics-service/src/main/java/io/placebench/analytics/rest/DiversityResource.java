package io.placebench.analytics.rest;

import io.placebench.analytics.domain.PointDiversity;
import io.placebench.analytics.repository.PlacedScoreQueries;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * How spread out a run's predicted points are, beside its truth points of the same images: grid occupancy and
 * entropy, convex-hull area, Clark–Evans ratio ({@link PointDiversity}).
 */
@Path("/api/runs/{runId}/diversity")
@Produces(MediaType.APPLICATION_JSON)
public class DiversityResource {

    @Inject
    PlacedScoreQueries queries;

    @GET
    @Operation(summary = "Spatial diversity of a run's predicted points against its truth points")
    public Response diversity(@Parameter(description = "the run") @PathParam("runId") String runId) {
        return queries.ofRun(runId)
                .map(scores -> Response.ok(PlaceAnalysesJson.DiversityBody.of(runId, PointDiversity.of(scores)))
                        .build())
                .orElseGet(() -> RunNotFound.response(runId));
    }
}
