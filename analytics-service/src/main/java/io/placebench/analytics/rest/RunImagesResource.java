package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import io.placebench.analytics.domain.ImageFilter;
import io.placebench.analytics.repository.AnalyticsQueries;
import io.placebench.analytics.repository.AnswerQueries;
import io.placebench.events.PredictionStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A run's scored images, filtered and paged, from which the web page opens an image's drill-down
 * ({@link ImageResource}). Its own resource class: under {@code /api/runs/{runId}} beside the other run views.
 */
@Path("/api/runs/{runId}/images")
@Produces(MediaType.APPLICATION_JSON)
public class RunImagesResource {

    private static final List<String> STATUSES = Arrays.stream(PredictionStatus.values()).map(Enum::name).toList();

    @Inject
    AnalyticsQueries runs;

    @Inject
    AnswerQueries queries;

    @GET
    @Operation(summary = "A run's scored images, filtered by status, truth country and error, in image id order",
            description = "total: every image the filters let through; images: one page of them. An error range"
                    + " (minKm, maxKm, inclusive) keeps answered images only.")
    @APIResponse(responseCode = "200", description = "one page of the run's images",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImageJson.RunImagesBody.class)))
    @APIResponse(responseCode = "400", description = "a parameter has a bad value (the error names it)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "unknown run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    public Response images(
            @Parameter(description = "the run") @PathParam("runId") String runId,
            @Parameter(description = "only these statuses (OK, REFUSED, API_ERROR...; comma-separated or repeated)")
            @QueryParam("status") List<String> status,
            @Parameter(description = "only images whose truth is in this country (ISO 3166-1 alpha-2, e.g. FR)")
            @QueryParam("country") String country,
            @Parameter(description = "only answered images at least this far off, in km") @QueryParam("minKm")
            String minKm,
            @Parameter(description = "only answered images at most this far off, in km") @QueryParam("maxKm")
            String maxKm,
            @Parameter(description = "images per page, 1 to 1000 (default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "images to skip (default 0)") @QueryParam("offset") String offset) {
        ImageFilter.Parsed parsed = ImageFilter.parse(status, country, minKm, maxKm, limit, offset, STATUSES);
        if (parsed instanceof ImageFilter.Invalid invalid) {
            return ErrorBody.badRequest(invalid.message(), invalid.parameter(), invalid.got(),
                    invalid.message());
        }
        ImageFilter filter = ((ImageFilter.Valid) parsed).filter();
        if (!runs.runExists(runId)) {
            return RunNotFound.response(runId);
        }
        AnswerQueries.Page page = queries.images(runId, filter);
        return Response.ok(new ImageJson.RunImagesBody(runId, page.total(), filter.offset(), filter.limit(),
                page.images().stream().map(ImageJson.RunImageRow::of).toList())).build();
    }
}
