package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import io.placebench.analytics.domain.Leaderboard;
import io.placebench.analytics.domain.RunFigures;
import io.placebench.analytics.domain.RunStats;
import io.placebench.analytics.repository.AnalyticsQueries;
import io.placebench.analytics.service.RunFiguresCache;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Runs ranked per dataset; figures defined in docs/metrics.md. */
@Path("/api/leaderboard")
@Produces(MediaType.APPLICATION_JSON)
public class LeaderboardResource {

    @Inject
    AnalyticsQueries queries;

    @Inject
    RunFiguresCache cache;

    @GET
    @Operation(summary = "Runs of each dataset ranked by mean GeoGuessr score")
    public Response leaderboard(
            @Parameter(description = "only this dataset (all datasets when absent)") @QueryParam("dataset")
            String dataset) {
        if (dataset != null && dataset.isBlank()) {
            return ErrorBody.badRequest("dataset must not be blank", "dataset", dataset,
                    "give a dataset id or leave it out");
        }
        Map<String, RunStats> stats = new HashMap<>();
        Map<String, RunFigures> figures = new HashMap<>();
        cache.getAll(queries.scoresVersions(dataset)).forEach((runId, f) -> {
            stats.put(runId, f.stats());
            figures.put(runId, f.figures());
        });
        List<Leaderboard.Board> boards = Leaderboard.build(queries.runs(dataset), stats, figures);
        return Response.ok(new Json.LeaderboardBody(Instant.now(),
                boards.stream().map(Json.DatasetBody::of).toList())).build();
    }
}
