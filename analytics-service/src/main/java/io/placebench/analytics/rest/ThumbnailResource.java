package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import io.placebench.rest.ErrorDetail;
import io.placebench.analytics.client.IngestImagesApi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * An image's thumbnail for the web page's drill-down, fetched from ingest-service (which turns it upright, scales
 * it and strips every metadata segment), so the page needs only its own origin. Ingest's status, caching headers
 * and error body pass through; when ingest cannot be reached the answer is 502.
 */
@Path("/api/thumbnails/{datasetId}/{imageId}")
public class ThumbnailResource {

    @Inject
    @RestClient
    IngestImagesApi ingest;

    @GET
    @Operation(summary = "An image's metadata-free thumbnail (JPEG), served by ingest-service")
    public Response thumbnail(@Parameter(description = "the dataset") @PathParam("datasetId") String datasetId,
            @Parameter(description = "the image") @PathParam("imageId") String imageId,
            @Parameter(description = "longest side in pixels (ingest allows 64 to 1024; default 320)")
            @QueryParam("size") Integer size,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        try (Response response = ingest.thumbnail(datasetId, imageId, size, ifNoneMatch)) {
            return copy(response);
        } catch (WebApplicationException e) {
            return copy(e.getResponse());
        } catch (ProcessingException e) {
            return ErrorBody.response(502, "ingest-service is not reachable", List.of(new ErrorDetail("imageId", imageId,
                    "thumbnail of dataset '" + datasetId + "': " + e.getMessage())));
        }
    }

    private static Response copy(Response from) {
        Response.ResponseBuilder to = Response.status(from.getStatus());
        for (String header : List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CACHE_CONTROL, HttpHeaders.ETAG)) {
            String value = from.getHeaderString(header);
            if (value != null) {
                to.header(header, value);
            }
        }
        if (from.hasEntity()) {
            to.entity(from.readEntity(byte[].class));
        }
        return to.build();
    }
}
