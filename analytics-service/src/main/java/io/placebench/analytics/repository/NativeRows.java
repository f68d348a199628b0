package io.placebench.analytics.repository;

import io.placebench.analytics.domain.RunInfo;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.util.List;

/** Reading the rows of native queries: the column conversions every query class here needs. */
final class NativeRows {

    private NativeRows() {
    }

    @SuppressWarnings("unchecked")
    static List<Object[]> rows(Query query) {
        return query.getResultList();
    }

    /** The columns of a {@link RunInfo}, of the run table aliased {@code r}, in {@link #runInfo}'s order. */
    static final String RUN_COLUMNS = "r.run_id, r.dataset_id, r.provider, r.model, r.prompt_id, r.simulated,"
            + " r.status, r.expected_count, r.budget_usd";
    /** How many columns {@link #RUN_COLUMNS} has: a query's own columns follow. */
    static final int RUN_COLUMN_COUNT = 9;

    /** A {@link RunInfo} from the first {@link #RUN_COLUMN_COUNT} columns ({@link #RUN_COLUMNS}). */
    static RunInfo runInfo(Object[] row) {
        return new RunInfo((String) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4],
                (Boolean) row[5], (String) row[6], ((Number) row[7]).longValue(), (BigDecimal) row[8]);
    }

    static Double toDouble(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
