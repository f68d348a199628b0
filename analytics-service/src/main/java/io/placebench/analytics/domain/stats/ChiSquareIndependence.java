package io.placebench.analytics.domain.stats;

import java.util.ArrayList;
import java.util.List;

import org.hipparchus.stat.inference.ChiSquareTest;

/**
 * Pearson's chi-square test of independence for an r×c contingency table (e.g. correct/wrong × continent),
 * as scipy {@code chi2_contingency(table, correction=False)}: expected {@code E_ij = row_i·col_j / N},
 * statistic {@code Σ (O_ij − E_ij)² / E_ij}, {@code df = (r − 1)(c − 1)}, p from chi-square with df degrees of
 * freedom, <b>no continuity correction</b> (not even for 2×2).
 *
 * <p>All-zero rows and columns are dropped first (their expected counts would be 0) and listed in the
 * result by their original index. When fewer than 2 rows or 2 columns remain there is no test
 * (statistic and p null). {@code sparse} flags the usual rule of thumb (Cochran 1954): expected count below 5
 * in more than 20% of the cells; it is a warning, the test is still reported.
 */
public final class ChiSquareIndependence {

    /**
     * Statistic and p (null without a test), df, the size of the table tested, its total, the dropped
     * all-zero rows/columns (original indices), the cells with expected count below 5 and the sparse flag.
     */
    public record Result(Double statistic, int df, Double p, int rows, int columns, long total,
                         List<Integer> droppedRows, List<Integer> droppedColumns,
                         int cellsExpectedBelow5, boolean sparse) {
    }

    private ChiSquareIndependence() {
    }

    public static Result test(long[][] table) {
        int r = table.length;
        int c = r == 0 ? 0 : table[0].length;
        long[] rowSums = new long[r];
        long[] colSums = new long[c];
        for (int i = 0; i < r; i++) {
            if (table[i].length != c) {
                throw new IllegalArgumentException("ragged table: row " + i + " has " + table[i].length + " cells, not " + c);
            }
            for (int j = 0; j < c; j++) {
                if (table[i][j] < 0) {
                    throw new IllegalArgumentException("negative count at (" + i + ", " + j + ")");
                }
                rowSums[i] += table[i][j];
                colSums[j] += table[i][j];
            }
        }
        List<Integer> keptRows = new ArrayList<>();
        List<Integer> droppedRows = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            (rowSums[i] > 0 ? keptRows : droppedRows).add(i);
        }
        List<Integer> keptCols = new ArrayList<>();
        List<Integer> droppedCols = new ArrayList<>();
        for (int j = 0; j < c; j++) {
            (colSums[j] > 0 ? keptCols : droppedCols).add(j);
        }
        int rows = keptRows.size();
        int cols = keptCols.size();
        long total = 0;
        for (long s : rowSums) {
            total += s;
        }
        if (rows < 2 || cols < 2) {
            return new Result(null, 0, null, rows, cols, total, List.copyOf(droppedRows), List.copyOf(droppedCols), 0, false);
        }
        long[][] reduced = new long[rows][cols];
        int below5 = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                reduced[i][j] = table[keptRows.get(i)][keptCols.get(j)];
                double expected = (double) rowSums[keptRows.get(i)] * colSums[keptCols.get(j)] / total;
                if (expected < 5) {
                    below5++;
                }
            }
        }
        double statistic = new ChiSquareTest().chiSquare(reduced);
        int df = (rows - 1) * (cols - 1);
        return new Result(statistic, df, Tails.chiSquareSurvival(statistic, df), rows, cols, total,
                List.copyOf(droppedRows), List.copyOf(droppedCols), below5, below5 > 0.2 * rows * cols);
    }
}
