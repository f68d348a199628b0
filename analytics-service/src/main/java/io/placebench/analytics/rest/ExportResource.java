package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import io.placebench.analytics.domain.export.ExportFormat;
import io.placebench.analytics.domain.export.ScoreRowWriter;
import io.placebench.analytics.repository.AnalyticsQueries;
import io.placebench.analytics.repository.ExportQueries;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Every score row of a run as a download (CSV, JSON Lines, or IMAGEO-Bench's result layout; docs/formats.md).
 * The body is streamed: rows go from a database cursor to the response as they arrive, on a worker thread, so a
 * run of any size is exported with constant memory. A failure after the first bytes (database gone mid-way)
 * can no longer change the status: the response is cut short instead.
 */
@Path("/api/runs/{runId}/scores")
public class ExportResource {

    @Inject
    AnalyticsQueries runs;

    @Inject
    ExportQueries queries;

    @GET
    @Blocking
    @Produces({"application/x-ndjson", "text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Every score row of a run (joined with its image's attributes), streamed as an attachment",
            description = "csv: RFC 4180 with a header; jsonl: one JSON object per score, the same fields; imageo:"
                    + " IMAGEO-Bench's result layout (one image per line) so that its notebooks run on PlaceBench"
                    + " results. Rows in image id order. Columns and mapping: docs/formats.md.")
    @APIResponse(responseCode = "200", description = "the rows, as an attachment named <runId>.<extension>",
            content = {@Content(mediaType = "text/csv"), @Content(mediaType = "application/x-ndjson")})
    @APIResponse(responseCode = "400", description = "unknown format",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "unknown run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    public Response scores(
            @Parameter(description = "the run") @PathParam("runId") String runId,
            @Parameter(description = "csv, jsonl (default) or imageo") @QueryParam("format") String format) {
        Optional<ExportFormat> chosen = ExportFormat.parse(format);
        if (chosen.isEmpty()) {
            return ErrorBody.badRequest("format must be " + ExportFormat.choices(), "format", format,
                    "not one of " + ExportFormat.choices());
        }
        if (!runs.runExists(runId)) {
            return RunNotFound.response(runId);
        }
        ExportFormat exportFormat = chosen.get();
        StreamingOutput body = out -> {
            try (ScoreRowWriter writer = exportFormat.writer(out)) {
                queries.forEachRow(runId, writer::write);
            }
        };
        return Response.ok(body)
                .type(exportFormat.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + exportFormat.fileName(runId) + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
