package io.placebench.inference.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * OpenAI Chat Completions at {@code <base-url>/chat/completions} (OpenAI and every OpenAI-compatible server).
 * Built per provider with {@code QuarkusRestClientBuilder}; bodies go out and come back as raw text so that the
 * exact bytes can be kept, and error statuses come back as responses (the default exception mapper is off).
 */
@Path("")
public interface OpenAiChatApi extends AutoCloseable {

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> create(String body);
}
