package io.placebench.scoring.rest;

import io.placebench.scoring.repository.Score;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Read access to the scores of a run. */
@Path("/api/scores")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreResource {

    @GET
    @Path("/{runId}")
    public Map<String, Object> scoresOfRun(@PathParam("runId") String runId) {
        List<Score> rows = Score.list("runId", runId);
        return Map.of("runId", runId, "count", rows.size(), "scores", rows.stream().map(s -> Map.of(
                "imageId", s.imageId,
                "status", s.status,
                "answered", s.answered,
                "distanceKm", s.distanceKm == null ? "" : s.distanceKm,
                "geoguessrScore", s.geoguessrScore == null ? "" : s.geoguessrScore)).toList());
    }
}
