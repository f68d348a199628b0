package io.placebench.analytics.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ingest-service's image endpoints that the web page shows (config key {@code ingest}). */
@RegisterRestClient(configKey = "ingest")
@Path("/api/datasets")
public interface IngestImagesApi {

    /** The image upright, scaled, re-encoded without any metadata (ingest's thumbnail endpoint). */
    @GET
    @Path("/{datasetId}/images/{imageId}/thumbnail")
    Response thumbnail(@PathParam("datasetId") String datasetId, @PathParam("imageId") String imageId,
            @QueryParam("size") Integer size, @HeaderParam("If-None-Match") String ifNoneMatch);
}
