package io.placebench.ingest.rest;

import io.placebench.ingest.service.RunService;
import io.placebench.ingest.service.Views.RunRequest;
import io.placebench.ingest.service.Views.RunView;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Runs: one model and prompt over every image of a dataset. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @Inject
    RunService runs;

    /** Creates the run and publishes its events before answering 201. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(RunRequest request) {
        return Response.status(201).entity(runs.create(request)).build();
    }

    @GET
    public List<RunView> list() {
        return runs.list();
    }

    @GET
    @Path("/{id}")
    public RunView get(@PathParam("id") String id) {
        return runs.get(id);
    }
}
