package io.placebench.analytics.rest;

import io.placebench.analytics.domain.ConfidenceCalibration;
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
 * Whether a run's stated confidence (1-5) means anything: accuracy (within 25 km) per level, Spearman's ρ
 * between confidence and error, expected calibration error ({@link ConfidenceCalibration}).
 */
@Path("/api/runs/{runId}/calibration")
@Produces(MediaType.APPLICATION_JSON)
public class CalibrationResource {

    @Inject
    PlacedScoreQueries queries;

    @GET
    @Operation(summary = "Calibration of a run's confidence: accuracy per level, Spearman rho against error, ECE")
    public Response calibration(@Parameter(description = "the run") @PathParam("runId") String runId) {
        return queries.ofRun(runId)
                .map(scores -> Response.ok(PlaceAnalysesJson.CalibrationBody.of(runId,
                        ConfidenceCalibration.of(scores))).build())
                .orElseGet(() -> RunNotFound.response(runId));
    }
}
