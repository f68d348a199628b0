package io.placebench.ingest.domain;

import java.util.List;

/**
 * A parsed manifest: its format ({@link ManifestFormat#label()}), how many data rows it had, the rows that passed
 * every check and the problems of the others (possibly several per rejected row).
 */
public record Manifest(String format, int rows, List<ManifestRow> accepted, List<RowProblem> problems) {

    /** Number of distinct rows with at least one problem. */
    public long rejectedRows() {
        return problems.stream().mapToInt(RowProblem::row).distinct().count();
    }
}
