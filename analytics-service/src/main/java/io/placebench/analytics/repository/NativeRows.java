package io.placebench.analytics.repository;

import io.placebench.analytics.domain.RunInfo;
import jakarta.persistence.Query;
import java.util.List;

/** Reading the rows of native queries: the column conversions every query class here needs. */
final class NativeRows {

    private NativeRows() {
    }

    @SuppressWarnings("unchecked")
    static List<Object[]> rows(Query query) {
        return query.getResultList();
    }

    /** A {@link RunInfo} from the first eight columns (AnalyticsQueries' RUN_COLUMNS order). */
    static RunInfo runInfo(Object[] row) {
        return new RunInfo((String) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4],
                (Boolean) row[5], (String) row[6], ((Number) row[7]).longValue());
    }

    static Double toDouble(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
