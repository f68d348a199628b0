package io.placebench.scoring.rest;

import io.placebench.scoring.repository.Score;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
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
        return Map.of("runId", runId, "count", rows.size(), "scores", rows.stream().map(ScoreResource::row).toList());
    }

    private static Map<String, Object> row(Score s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("imageId", s.imageId);
        row.put("status", s.status);
        row.put("answered", s.answered);
        row.put("distanceKm", s.distanceKm == null ? "" : s.distanceKm);
        row.put("geoguessrScore", s.geoguessrScore == null ? "" : s.geoguessrScore);
        row.put("geodesicKm", s.geodesicKm);
        Map<String, Object> regions = new LinkedHashMap<>();
        regions.put("continent", s.matchContinent);
        regions.put("country", s.matchCountry);
        regions.put("region", s.matchRegion);
        regions.put("city", s.matchCity);
        row.put("regionMatches", regions);
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("answered", s.textAnswered);
        text.put("city", s.textCity);
        text.put("state", s.textState);
        text.put("country", s.textCountry);
        row.put("textMatches", text);
        return row;
    }
}
