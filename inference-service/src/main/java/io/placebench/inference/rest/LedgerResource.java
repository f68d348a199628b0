package io.placebench.inference.rest;

import io.placebench.inference.repository.LedgerEntry;
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

/** Read-only view of the ledger of one run (no raw responses: those travel in the predictions). */
@Path("/api/ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    public record Entry(String imageId, String status, String provider, String model, int attempts,
            Integer httpStatus, BigDecimal costUsd, long inputTokens, long outputTokens, long cachedTokens,
            long reasoningTokens, long imageTokens, Long latencyMs, Integer sentWidth, Integer sentHeight,
            Integer sentBytes, String sentSha256, String eventId, Instant completedAt) {

        static Entry of(LedgerEntry e) {
            return new Entry(e.imageId, e.status, e.provider, e.model, e.attempts, e.httpStatus, e.costUsd,
                    e.inputTokens, e.outputTokens, e.cachedTokens, e.reasoningTokens, e.imageTokens, e.latencyMs,
                    e.sentWidth, e.sentHeight, e.sentBytes, e.sentSha256, e.eventId, e.completedAt);
        }
    }

    public record RunLedger(String runId, int entries, BigDecimal costUsd, Map<String, Long> byStatus,
            List<Entry> items) {
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
        return Response.ok(new RunLedger(runId, rows.size(), cost, byStatus,
                rows.stream().map(Entry::of).toList())).build();
    }
}
