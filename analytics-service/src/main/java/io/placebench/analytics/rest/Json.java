package io.placebench.analytics.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.placebench.analytics.domain.Leaderboard;
import io.placebench.analytics.repository.AnalyticsQueries;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

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
            "meanScore", "costUsd"})
    public record RunRow(String runId, String provider, String model, String promptId, boolean simulated,
            String status, long expected, long n, long answered, Double meanErrorKm, Double medianErrorKm,
            Double acc1km, Double acc25km, Double acc200km, Double acc750km, Double acc2500km, Double meanScore,
            BigDecimal costUsd) {

        static RunRow of(Leaderboard.Row row) {
            var run = row.run();
            var stats = row.stats();
            return new RunRow(run.runId(), run.provider(), run.model(), run.promptId(), run.simulated(),
                    run.status(), run.expected(), stats.n(), stats.answered(), stats.meanErrorKm(),
                    stats.medianErrorKm(), stats.acc1km(), stats.acc25km(), stats.acc200km(), stats.acc750km(),
                    stats.acc2500km(), stats.meanScore(), money(stats.costUsd()));
        }
    }

    @JsonPropertyOrder({"runId", "datasetId", "provider", "model", "simulated", "status", "expected", "scored",
            "answered", "failed", "costUsd"})
    public record RunProgress(String runId, String datasetId, String provider, String model, boolean simulated,
            String status, long expected, long scored, long answered, long failed, BigDecimal costUsd) {

        static RunProgress of(AnalyticsQueries.Progress progress) {
            var run = progress.run();
            return new RunProgress(run.runId(), run.datasetId(), run.provider(), run.model(), run.simulated(),
                    run.status(), run.expected(), progress.scored(), progress.answered(),
                    progress.scored() - progress.answered(), money(progress.costUsd()));
        }
    }

    static BigDecimal money(BigDecimal value) {
        return value == null || value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
