package io.placebench.analytics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderboardTest {

    private static RunInfo run(String id, String dataset) {
        return new RunInfo(id, dataset, "simulator", "m-" + id, "imageo", true, "RUNNING", 4, null);
    }

    private static RunStats scored(double... scores) {
        RunStats.Accumulator accumulator = new RunStats.Accumulator();
        for (double score : scores) {
            accumulator.add(score < 0 ? ScoreRow.unanswered(null) : ScoreRow.answered(100, score, null));
        }
        return accumulator.build();
    }

    @Test
    void ranksByMeanScoreDescendingWithTiesByCountThenId() {
        List<Leaderboard.Board> boards = Leaderboard.build(
                List.of(run("a", "d1"), run("b", "d1"), run("c", "d1"), run("d", "d1"), run("e", "d1")),
                Map.of(
                        "a", scored(1000),            // mean 1000, n 1
                        "b", scored(4000, -1),        // mean 2000 (the unanswered one scores 0), n 2
                        "c", scored(1000, 1000),      // mean 1000, n 2: beats a on count
                        "e", scored(3000, 1000)));    // mean 2000, n 2: ties b, after it by id
        List<String> order = boards.get(0).rows().stream().map(row -> row.run().runId()).toList();
        assertEquals(List.of("b", "e", "c", "a", "d"), order, "d has nothing scored and comes last");
        assertSame(RunStats.EMPTY, boards.get(0).rows().get(4).stats());
    }

    @Test
    void groupsRunsByDatasetInIdOrder() {
        List<Leaderboard.Board> boards = Leaderboard.build(
                List.of(run("x", "zeta"), run("y", "alpha"), run("z", "zeta")),
                Map.of("x", scored(10), "y", scored(20), "z", scored(30)));
        assertEquals(List.of("alpha", "zeta"), boards.stream().map(Leaderboard.Board::datasetId).toList());
        assertEquals(List.of("z", "x"), boards.get(1).rows().stream().map(row -> row.run().runId()).toList());
        assertEquals(30.0, boards.get(1).rows().get(0).stats().meanScore(), 1e-12);
    }
}
