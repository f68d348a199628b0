package io.placebench.inference.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** The blob store of ingest-service ({@code GET /api/blobs/<sha256>}), addressed by the path of a blob URL. */
@Path("")
public interface BlobApi extends AutoCloseable {

    @GET
    @Path("/{path: .*}")
    @Produces("*/*")
    Response fetch(@PathParam("path") @jakarta.ws.rs.Encoded String path);
}
