package io.placebench.analytics.rest;

import io.placebench.rest.ErrorBody;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.placebench.analytics.domain.RunInfo;
import io.placebench.analytics.domain.RunRegressions;
import io.placebench.analytics.domain.stats.DesignMatrix;
import io.placebench.analytics.domain.stats.RegressionFit;
import io.placebench.analytics.repository.PairedQueries;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * Logistic (city correct, within 25 km) and linear (log1p error km, OLS and ridge) fits of one run on the model's
 * scene features and the images' dataset attributes; definitions in {@link RunRegressions} and docs/metrics.md.
 * Lives beside {@link RunResource} under {@code /api/runs}: the longer literal path wins the match.
 */
@Path("/api/runs/{runId}/regression")
@Produces(MediaType.APPLICATION_JSON)
public class RegressionResource {

    /** One coefficient; {@code oddsRatio*} only for logistic fits (null for linear). */
    @JsonPropertyOrder({"term", "estimate", "stdError", "statistic", "p", "low", "high", "oddsRatio",
            "oddsRatioLow", "oddsRatioHigh"})
    public record TermBody(String term, Double estimate, Double stdError, Double statistic, Double p, Double low,
            Double high, Double oddsRatio, Double oddsRatioLow, Double oddsRatioHigh) {
        static TermBody of(RegressionFit.Term t) {
            return new TermBody(t.term(), t.estimate(), t.stdError(), t.statistic(), t.p(), t.low(), t.high(),
                    t.oddsRatio(), t.oddsRatioLow(), t.oddsRatioHigh());
        }
    }

    /** One fit; {@code excluded} counts the run's images left out, by reason. */
    @JsonPropertyOrder({"outcome", "model", "n", "parameters", "logLikelihood", "aic", "rSquared",
            "adjustedRSquared", "converged", "iterations", "warnings", "excluded", "dropped", "terms"})
    public record FitBody(String outcome, String model, int n, int parameters, Double logLikelihood, Double aic,
            Double rSquared, Double adjustedRSquared, boolean converged, int iterations, List<String> warnings,
            Map<String, Integer> excluded, List<DesignMatrix.Dropped> dropped, List<TermBody> terms) {
        static FitBody of(RunRegressions.Fit fit) {
            RegressionFit f = fit.fit();
            return new FitBody(f.outcome(), f.model().name().toLowerCase(Locale.ROOT), f.n(), f.parameters(),
                    f.logLikelihood(), f.aic(), f.rSquared(), f.adjustedRSquared(), f.converged(), f.iterations(),
                    f.warnings(), fit.excluded(), f.dropped(), f.terms().stream().map(TermBody::of).toList());
        }
    }

    /** The response body. */
    @JsonPropertyOrder({"runId", "datasetId", "model", "n", "minLevelCount", "lambda", "features", "skipped",
            "fits", "ridge", "reason"})
    public record RegressionBody(String runId, String datasetId, String model, int n, int minLevelCount,
            double lambda, List<String> features, List<RunRegressions.Skipped> skipped, List<FitBody> fits,
            RegressionFit.RidgeFit ridge, String reason) {
    }

    @Inject
    PairedQueries queries;

    @GET
    @Operation(summary = "Regressions of a run's success on scene features and image attributes",
            description = "Logistic fits of city_correct and acc25km, OLS of log1p(error km) over answered images"
                    + " and its ridge fit; categorical features one-hot coded against their most frequent level.")
    public Response regression(
            @Parameter(description = "run id") @PathParam("runId") String runId,
            @Parameter(description = "levels with fewer images are pooled into (other); default "
                    + DesignMatrix.DEFAULT_MIN_LEVEL_COUNT + ", at least 1")
            @QueryParam("minLevelCount") String minLevelCount,
            @Parameter(description = "ridge penalty on every coefficient but the intercept; default "
                    + RunRegressions.DEFAULT_LAMBDA + ", finite and >= 0")
            @QueryParam("lambda") String lambda) {
        int minCount = DesignMatrix.DEFAULT_MIN_LEVEL_COUNT;
        if (minLevelCount != null) {
            try {
                minCount = Integer.parseInt(minLevelCount.trim());
            } catch (NumberFormatException e) {
                minCount = 0;
            }
            if (minCount < 1) {
                return ErrorBody.badRequest("minLevelCount must be a whole number of at least 1", "minLevelCount",
                        minLevelCount, "expected a whole number of at least 1");
            }
        }
        double penalty = RunRegressions.DEFAULT_LAMBDA;
        if (lambda != null) {
            try {
                penalty = Double.parseDouble(lambda.trim());
            } catch (NumberFormatException e) {
                penalty = Double.NaN;
            }
            if (!(penalty >= 0) || !Double.isFinite(penalty)) {
                return ErrorBody.badRequest("lambda must be a finite number >= 0", "lambda", lambda,
                        "expected a finite number >= 0");
            }
        }
        Optional<RunInfo> run = queries.run(runId);
        if (run.isEmpty()) {
            return RunNotFound.response(runId);
        }
        List<RunRegressions.Image> images = queries.regressionImages(runId);
        RunRegressions.Result result = RunRegressions.of(images, minCount, penalty);
        RunInfo info = run.get();
        return Response.ok(new RegressionBody(info.runId(), info.datasetId(), info.model(), images.size(),
                result.minLevelCount(), result.lambda(), result.features(), result.skipped(),
                result.fits().stream().map(FitBody::of).toList(), result.ridge(), result.reason())).build();
    }
}
