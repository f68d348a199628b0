package io.placebench.inference.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Gemini at {@code <base-url>/models/{model}:generateContent}. The key goes in the {@code x-goog-api-key}
 * header (added by filter), never in {@code ?key=}, which would end up in logs.
 */
@Path("")
public interface GeminiApi extends AutoCloseable {

    @POST
    @Path("/models/{model}:generateContent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> generate(@PathParam("model") String model, String body);
}
