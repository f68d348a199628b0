package io.placebench.inference.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Anthropic Messages at {@code <base-url>/messages} ({@code x-api-key} and {@code anthropic-version} added by filter). */
@Path("")
public interface AnthropicMessagesApi extends AutoCloseable {

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> create(String body);
}
