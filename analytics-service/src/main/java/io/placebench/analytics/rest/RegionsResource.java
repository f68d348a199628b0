package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import io.placebench.analytics.domain.RegionTable;
import io.placebench.analytics.domain.stats.Disparity;
import io.placebench.analytics.repository.PlacedScoreQueries;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * Geographic bias of one run: accuracy per continent, country or region of the truth, its disparity, the
 * chi-square of country-match correctness × continent and the over-predicted countries ({@link RegionTable};
 * definitions in docs/metrics.md).
 */
@Path("/api/runs/{runId}/regions")
@Produces(MediaType.APPLICATION_JSON)
public class RegionsResource {

    @Inject
    PlacedScoreQueries queries;

    @GET
    @Operation(summary = "Accuracy per truth continent, country or region of a run, with disparity, chi-square"
            + " and over-predicted countries")
    public Response regions(
            @Parameter(description = "the run") @PathParam("runId") String runId,
            @Parameter(description = "continent, country (default) or region: the truth's label that groups the"
                    + " images") @QueryParam("level") String level,
            @Parameter(description = "groups with fewer images are left out of the disparity (default 10, at"
                    + " least 1)") @QueryParam("minN") String minN) {
        Optional<RegionTable.Level> parsedLevel = level == null ? Optional.of(RegionTable.Level.COUNTRY)
                : RegionTable.Level.parse(level);
        if (parsedLevel.isEmpty()) {
            return ErrorBody.badRequest("level must be continent, country or region", "level", level,
                    "expected continent, country or region");
        }
        int parsedMinN = Disparity.DEFAULT_MIN_N;
        if (minN != null) {
            try {
                parsedMinN = Integer.parseInt(minN.trim());
            } catch (NumberFormatException e) {
                parsedMinN = 0;
            }
            if (parsedMinN < 1) {
                return ErrorBody.badRequest("minN must be an integer of at least 1", "minN", minN,
                        "expected a whole number of at least 1");
            }
        }
        int groupMinimum = parsedMinN;
        return queries.ofRun(runId)
                .map(scores -> Response.ok(PlaceAnalysesJson.RegionsBody.of(runId,
                        RegionTable.of(scores, parsedLevel.get(), groupMinimum))).build())
                .orElseGet(() -> RunNotFound.response(runId));
    }
}
