package io.placebench.ingest.rest;

import io.placebench.ingest.service.RunService;
import io.placebench.ingest.service.Views.DryRunView;
import io.placebench.ingest.service.Views.ResumeRequest;
import io.placebench.ingest.service.Views.RetryRequest;
import io.placebench.ingest.service.Views.RetryView;
import io.placebench.ingest.service.Views.RunBatchRequest;
import io.placebench.ingest.service.Views.RunBatchView;
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

/** Runs: one model and prompt over the images of a dataset; creation, estimate, lifecycle and retries. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @Inject
    RunService runs;

    /** Creates the run and publishes its events before answering 201; a dry run answers 200 with the estimate. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(RunRequest request) {
        Object result = runs.create(request);
        return Response.status(result instanceof DryRunView ? 200 : 201).entity(result).build();
    }

    /** Every combination of datasets x models x prompts x parameter sets; 201 {"runs": [...]}, or 200 dry run. */
    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createBatch(RunBatchRequest request) {
        Object result = runs.createBatch(request);
        if (result instanceof DryRunView) {
            return Response.ok(result).build();
        }
        @SuppressWarnings("unchecked")
        List<RunView> created = (List<RunView>) result;
        return Response.status(201).entity(new RunBatchView(created)).build();
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

    @POST
    @Path("/{id}/start")
    public RunView start(@PathParam("id") String id) {
        return runs.start(id);
    }

    @POST
    @Path("/{id}/pause")
    public RunView pause(@PathParam("id") String id) {
        return runs.pause(id);
    }

    /** Optional body {"budgetUsd": 12.5} replaces the budget. */
    @POST
    @Path("/{id}/resume")
    public RunView resume(@PathParam("id") String id, ResumeRequest request) {
        return runs.resume(id, request == null ? null : request.budgetUsd());
    }

    @POST
    @Path("/{id}/cancel")
    public RunView cancel(@PathParam("id") String id) {
        return runs.cancel(id);
    }

    /** Optional body {"statuses": ["API_ERROR", "TIMEOUT"]} (the default). */
    @POST
    @Path("/{id}/retry")
    public RetryView retry(@PathParam("id") String id, RetryRequest request) {
        return runs.retry(id, request == null ? null : request.statuses());
    }
}
