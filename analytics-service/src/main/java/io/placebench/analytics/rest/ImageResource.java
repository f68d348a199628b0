package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import io.placebench.analytics.repository.AnswerQueries;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The image drill-down of the web page: one image of a dataset, its truth, and what every run answered (parsed
 * answer, raw response, reasoning, status, tokens, cost, attempts) beside how it was scored.
 */
@Path("/api/datasets/{datasetId}/images/{imageId}")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    @Inject
    AnswerQueries queries;

    @GET
    @Operation(summary = "One image of a dataset with every run's answer and score",
            description = "truth: the reverse-geocoded truth of the scores (every run shares it; null before the"
                    + " first score); datasetTruth and attributes: the dataset's own labels and columns (images"
                    + " topic); answers: one per run that scored or answered the image, by provider, model and run"
                    + " id. The raw response is capped at 64 KiB (rawTruncated, with a marker at its end).")
    @APIResponse(responseCode = "200", description = "the image and its answers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImageJson.ImageBody.class)))
    @APIResponse(responseCode = "404", description = "no run scored or answered the image",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    public Response image(@Parameter(description = "the dataset") @PathParam("datasetId") String datasetId,
            @Parameter(description = "the image, as the dataset names it") @PathParam("imageId") String imageId) {
        return queries.image(datasetId, imageId)
                .map(detail -> Response.ok(ImageJson.ImageBody.of(datasetId, imageId, detail)).build())
                .orElseGet(() -> ErrorBody.notFound("image not found", "imageId", imageId,
                        "no run has scored or answered this image of dataset '" + datasetId + "'"));
    }
}
