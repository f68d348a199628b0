package io.placebench.ingest.domain;

/**
 * A problem in one data row of a manifest. Rows are numbered from 1 in the order of the data records;
 * the header is row 0 (and blank lines are skipped without a number).
 */
public record RowProblem(int row, String field, String value, String reason) {

    public static RowProblem of(int row, Problem problem) {
        return new RowProblem(row, problem.field(), problem.value(), problem.reason());
    }
}
