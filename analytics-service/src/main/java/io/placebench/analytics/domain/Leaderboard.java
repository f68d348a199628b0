package io.placebench.analytics.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ranks the runs of each dataset: by {@code meanScore} descending (runs with nothing scored yet last), then
 * by more predictions scored, then by run id so that the order is stable. Datasets come in id order.
 */
public final class Leaderboard {

    /** One ranked run. */
    public record Row(RunInfo run, RunStats stats, RunFigures figures) {
    }

    /** The ranked runs of one dataset. */
    public record Board(String datasetId, List<Row> rows) {
    }

    public static final Comparator<Row> RANKING = Comparator
            .comparing((Row row) -> row.stats().meanScore(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(row -> row.stats().n(), Comparator.reverseOrder())
            .thenComparing(row -> row.run().runId());

    private Leaderboard() {
    }

    /** Every run gets a row; a run without scores gets {@link RunStats#EMPTY}. */
    public static List<Board> build(Collection<RunInfo> runs, Map<String, RunStats> statsByRun) {
        return build(runs, statsByRun, Map.of());
    }

    /** As above, with each run's {@link RunFigures} ({@link RunFigures#EMPTY} when it has none). */
    public static List<Board> build(Collection<RunInfo> runs, Map<String, RunStats> statsByRun,
            Map<String, RunFigures> figuresByRun) {
        Map<String, List<Row>> byDataset = new TreeMap<>();
        for (RunInfo run : runs) {
            RunStats stats = statsByRun.getOrDefault(run.runId(), RunStats.EMPTY);
            RunFigures figures = figuresByRun.getOrDefault(run.runId(), RunFigures.EMPTY);
            byDataset.computeIfAbsent(run.datasetId(), id -> new ArrayList<>()).add(new Row(run, stats, figures));
        }
        List<Board> boards = new ArrayList<>();
        byDataset.forEach((datasetId, rows) -> {
            rows.sort(RANKING);
            boards.add(new Board(datasetId, List.copyOf(rows)));
        });
        return boards;
    }
}
