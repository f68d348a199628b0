package io.placebench.analytics.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.placebench.analytics.domain.Leaderboard;
import io.placebench.analytics.domain.RunFigures;
import io.placebench.analytics.domain.stats.Bootstrap;
import io.placebench.analytics.domain.stats.Proportion;
import io.placebench.analytics.repository.AnalyticsQueries;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON bodies of the REST API (field order as documented in the README). */
public final class Json {

    private Json() {
    }

    public record LeaderboardBody(Instant generatedAt, List<DatasetBody> datasets) {
    }

    public record DatasetBody(String datasetId, List<RunRow> runs) {
        static DatasetBody of(Leaderboard.Board board) {
            return new DatasetBody(board.datasetId(), board.rows().stream().map(RunRow::of).toList());
        }
    }

    @JsonPropertyOrder({"runId", "provider", "model", "promptId", "simulated", "status", "expected", "n",
            "answered", "meanErrorKm", "medianErrorKm", "acc1km", "acc25km", "acc200km", "acc750km", "acc2500km",
            "meanScore", "costUsd", "budgetUsd", "ci", "rates", "failures", "costPerImageUsd", "costPerCorrectUsd",
            "macro"})
    public record RunRow(String runId, String provider, String model, String promptId, boolean simulated,
            String status, long expected, long n, long answered, Double meanErrorKm, Double medianErrorKm,
            Double acc1km, Double acc25km, Double acc200km, Double acc750km, Double acc2500km, Double meanScore,
            BigDecimal costUsd, BigDecimal budgetUsd, Map<String, double[]> ci, Map<String, RunFigures.Rate> rates,
            Map<String, Proportion> failures, BigDecimal costPerImageUsd, BigDecimal costPerCorrectUsd,
            Map<String, RunFigures.Macro> macro) {

        static RunRow of(Leaderboard.Row row) {
            var run = row.run();
            var stats = row.stats();
            var figures = row.figures();
            return new RunRow(run.runId(), run.provider(), run.model(), run.promptId(), run.simulated(),
                    run.status(), run.expected(), stats.n(), stats.answered(), stats.meanErrorKm(),
                    stats.medianErrorKm(), stats.acc1km(), stats.acc25km(), stats.acc200km(), stats.acc750km(),
                    stats.acc2500km(), stats.meanScore(), money(stats.costUsd()), money(run.budgetUsd()),
                    intervals(figures),
                    figures.rates(), figures.failures(), money(figures.costPerImageUsd()),
                    money(figures.costPerCorrectUsd()), new TreeMap<>(figures.macro()));
        }

        /** {@code ci}: [low, high] of every rate (all images) and of the bootstrapped error and score figures. */
        private static Map<String, double[]> intervals(RunFigures figures) {
            Map<String, double[]> ci = new LinkedHashMap<>();
            add(ci, "meanErrorKm", figures.meanErrorKm());
            add(ci, "medianErrorKm", figures.medianErrorKm());
            add(ci, "meanScore", figures.meanScore());
            figures.rates().forEach((name, rate) -> {
                if (rate.all().low() != null) {
                    ci.put(name, new double[] {rate.all().low(), rate.all().high()});
                }
            });
            return ci;
        }

        private static void add(Map<String, double[]> ci, String name, Bootstrap.Interval interval) {
            if (interval != null) {
                ci.put(name, new double[] {interval.low(), interval.high()});
            }
        }
    }

    @JsonPropertyOrder({"runId", "datasetId", "provider", "model", "simulated", "status", "expected", "scored",
            "answered", "failed", "costUsd", "budgetUsd"})
    public record RunProgress(String runId, String datasetId, String provider, String model, boolean simulated,
            String status, long expected, long scored, long answered, long failed, BigDecimal costUsd,
            BigDecimal budgetUsd) {

        static RunProgress of(AnalyticsQueries.Progress progress) {
            var run = progress.run();
            return new RunProgress(run.runId(), run.datasetId(), run.provider(), run.model(), run.simulated(),
                    run.status(), run.expected(), progress.scored(), progress.answered(),
                    progress.scored() - progress.answered(), money(progress.costUsd()), money(run.budgetUsd()));
        }
    }

    static BigDecimal money(BigDecimal value) {
        return value == null ? null : value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
