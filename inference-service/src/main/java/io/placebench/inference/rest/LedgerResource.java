package io.placebench.inference.rest;

import io.placebench.inference.repository.LedgerEntry;
import io.placebench.inference.service.RunStates;
import io.placebench.inference.repository.Ledger;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Read-only view of the ledger of one run (no raw responses: those travel in the predictions) and the provider
 * calls of one image.
 */
@Path("/api/ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    @Inject
    RunStates runStates;

    public record Entry(String imageId, int attempt, String status, String provider, String model, int attempts,
            Integer httpStatus, String errorType, BigDecimal costUsd, long inputTokens, long outputTokens,
            long cachedTokens, long cacheWriteTokens, long reasoningTokens, long imageTokens, Long latencyMs,
            Integer sentWidth, Integer sentHeight, Integer sentBytes, String sentSha256, String sentMediaType,
            boolean imported, String eventId, Instant completedAt) {

        static Entry of(LedgerEntry e) {
            return new Entry(e.imageId, e.attempt, e.status, e.provider, e.model, e.attempts, e.httpStatus, e.errorType,
                    e.costUsd, e.inputTokens, e.outputTokens, e.cachedTokens, e.cacheWriteTokens, e.reasoningTokens,
                    e.imageTokens, e.latencyMs, e.sentWidth, e.sentHeight, e.sentBytes, e.sentSha256, e.sentMediaType,
                    e.imported, e.eventId, e.completedAt);
        }
    }

    public record RunLedger(String runId, int entries, BigDecimal costUsd, Map<String, Long> byStatus,
            RunStates.State runState, List<Entry> items) {
    }

    @Inject
    Ledger ledger;

    @GET
    @Path("/{runId}/{imageId}/calls")
    public Response calls(@PathParam("runId") String runId, @PathParam("imageId") String imageId,
            @QueryParam("attempt") @DefaultValue("1") int attempt) {
        return Response.ok(Map.of("runId", runId, "imageId", imageId, "attempt", attempt,
                "calls", ledger.calls(runId, imageId, attempt))).build();
    }

    @GET
    @Path("/{runId}")
    public Response run(@PathParam("runId") String runId) {
        List<LedgerEntry> rows = LedgerEntry.forRun(runId);
        if (rows.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(Map.of("error", "no ledger entries for run '" + runId + "'", "details", List.of()))
                    .build();
        }
        BigDecimal cost = rows.stream().map(r -> r.costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        rows.forEach(r -> byStatus.merge(r.status, 1L, Long::sum));
        return Response.ok(new RunLedger(runId, rows.size(), cost, byStatus, runStates.get(runId).orElse(null),
                rows.stream().map(Entry::of).toList())).build();
    }
}
