package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import io.placebench.rest.ErrorDetail;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.placebench.analytics.domain.PairedComparison;
import io.placebench.analytics.domain.RunInfo;
import io.placebench.analytics.repository.PairedQueries;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * Paired tests between runs of one dataset over the images both runs of a pair were asked (McNemar on every
 * threshold and the country match, Wilcoxon and a paired bootstrap on distance and score, Holm over every test
 * of the request); definitions in {@link PairedComparison} and docs/metrics.md.
 */
@Path("/api/compare")
@Produces(MediaType.APPLICATION_JSON)
public class CompareResource {

    /** Most runs one request may compare (they make n·(n−1)/2 pairs of eight tests, two of them bootstrapped). */
    public static final int MAX_RUNS = 25;

    /** A compared run. */
    public record RunRef(String runId, String provider, String model, boolean simulated, int scored) {
    }

    /** The response body. */
    @JsonPropertyOrder({"datasetId", "runs", "seed", "resamples", "alpha", "adjustedTests", "pairs"})
    public record CompareBody(String datasetId, List<RunRef> runs, long seed, int resamples, double alpha,
            int adjustedTests, List<PairedComparison.Pair> pairs) {
    }

    @Inject
    PairedQueries queries;

    @GET
    @Operation(summary = "Paired tests between runs of one dataset",
            description = "Give either runs (two or more run ids of one dataset) or dataset (every pair of its runs"
                    + " that have scores). Per pair: McNemar on acc1km..acc2500km and country match, Wilcoxon"
                    + " signed-rank and paired bootstrap on distance and score; pHolm is Holm-adjusted over every"
                    + " test of the response.")
    public Response compare(
            @Parameter(description = "comma-separated run ids of one dataset, at least two (e.g. A,B,C)")
            @QueryParam("runs") String runs,
            @Parameter(description = "compare every pair of this dataset's scored runs instead")
            @QueryParam("dataset") String dataset) {
        if (runs != null && dataset != null) {
            return ErrorBody.badRequest("give either runs or dataset, not both", "dataset", dataset,
                    "give runs or dataset, not both");
        }
        if (runs == null && dataset == null) {
            return ErrorBody.badRequest("runs or dataset is required", "runs", null,
                    "give runs (e.g. runs=A,B) or dataset (every pair of its runs)");
        }
        List<RunInfo> compared;
        if (dataset != null) {
            if (dataset.isBlank()) {
                return ErrorBody.badRequest("dataset must not be blank", "dataset", dataset, "give a dataset id");
            }
            compared = queries.scoredRuns(dataset);
            if (compared.size() < 2) {
                return ErrorBody.badRequest("fewer than two runs to compare", "dataset", dataset,
                        "the dataset has " + compared.size() + " run(s) with scores; a comparison needs two");
            }
        } else {
            List<String> ids = Arrays.stream(runs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            Set<String> distinct = new LinkedHashSet<>(ids);
            if (distinct.size() != ids.size()) {
                return ErrorBody.badRequest("a run is listed twice", "runs", runs, "name each run once");
            }
            if (ids.size() < 2) {
                return ErrorBody.badRequest("fewer than two runs to compare", "runs", runs,
                        "give at least two comma-separated run ids");
            }
            Map<String, RunInfo> found = queries.runs(ids).stream()
                    .collect(Collectors.toMap(RunInfo::runId, Function.identity()));
            List<String> unknown = ids.stream().filter(id -> !found.containsKey(id)).toList();
            if (!unknown.isEmpty()) {
                return ErrorBody.response(404, "run not found", unknown.stream()
                        .map(id -> new ErrorDetail("runs", id, RunNotFound.REASON)).toList());
            }
            compared = ids.stream().map(found::get).toList();
            Set<String> datasets = new TreeSet<>(compared.stream().map(RunInfo::datasetId).toList());
            if (datasets.size() > 1) {
                return ErrorBody.response(400, "runs belong to different datasets",
                        compared.stream().map(r -> new ErrorDetail("runs", r.runId(), "of dataset '" + r.datasetId()
                                + "'")).toList());
            }
        }
        if (compared.size() > MAX_RUNS) {
            return ErrorBody.badRequest("too many runs", dataset != null ? "dataset" : "runs", dataset != null ? dataset : runs,
                    "at most " + MAX_RUNS + " runs per comparison, got " + compared.size()
                            + (dataset != null ? "; name the runs with 'runs'" : ""));
        }

        List<String> ids = compared.stream().map(RunInfo::runId).toList();
        Map<String, Map<String, PairedComparison.Row>> rows = queries.pairedRows(ids);
        List<PairedComparison.Run> input = new ArrayList<>();
        List<RunRef> refs = new ArrayList<>();
        for (RunInfo run : compared) {
            Map<String, PairedComparison.Row> images = rows.getOrDefault(run.runId(), Map.of());
            input.add(new PairedComparison.Run(run.runId(), images));
            refs.add(new RunRef(run.runId(), run.provider(), run.model(), run.simulated(), images.size()));
        }
        PairedComparison.Result result = PairedComparison.compare(input);
        return Response.ok(new CompareBody(compared.get(0).datasetId(), refs, result.seed(), result.resamples(),
                PairedComparison.ALPHA, result.adjustedTests(), result.pairs())).build();
    }
}
