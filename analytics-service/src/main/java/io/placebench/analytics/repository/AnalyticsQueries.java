package io.placebench.analytics.repository;

import io.placebench.analytics.domain.RunInfo;
import io.placebench.analytics.domain.RunStats;
import io.placebench.analytics.domain.ScoreRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Read side: runs, their progress, and score rows streamed into {@link RunStats}. */
@ApplicationScoped
public class AnalyticsQueries {

    /** Progress of one run: what the runs topic said plus counts over its stored scores. */
    public record Progress(RunInfo run, long scored, long answered, BigDecimal costUsd) {
    }

    private static final String RUN_COLUMNS =
            "r.run_id, r.dataset_id, r.provider, r.model, r.prompt_id, r.simulated, r.status, r.expected_count";

    @Inject
    EntityManager em;

    /** Runs of one dataset, or of all datasets when {@code datasetId} is null. */
    public List<RunInfo> runs(String datasetId) {
        Query query = em.createNativeQuery("select " + RUN_COLUMNS + " from " + ProjectionStore.RUN + " r"
                + (datasetId == null ? "" : " where r.dataset_id = :dataset")
                + " order by r.dataset_id, r.run_id");
        if (datasetId != null) {
            query.setParameter("dataset", datasetId);
        }
        return rows(query).stream().map(AnalyticsQueries::runInfo).toList();
    }

    /** The statistics of every run (of one dataset, or of all when null) that has at least one score. */
    public Map<String, RunStats> statsByRun(String datasetId) {
        Query query = em.createNativeQuery("select s.run_id, s.answered, s.distance_km, s.geoguessr_score,"
                + " s.hit_1km, s.hit_25km, s.hit_200km, s.hit_750km, s.hit_2500km, s.cost_usd"
                + " from " + ProjectionStore.SCORE + " s"
                + (datasetId == null ? ""
                        : " join " + ProjectionStore.RUN + " r on r.run_id = s.run_id where r.dataset_id = :dataset"));
        if (datasetId != null) {
            query.setParameter("dataset", datasetId);
        }
        Map<String, RunStats.Accumulator> accumulators = new HashMap<>();
        try (Stream<?> stream = query.getResultStream()) {
            stream.forEach(result -> {
                Object[] row = (Object[]) result;
                accumulators.computeIfAbsent((String) row[0], id -> new RunStats.Accumulator())
                        .add(new ScoreRow((Boolean) row[1], toDouble(row[2]), toDouble(row[3]), (Boolean) row[4],
                                (Boolean) row[5], (Boolean) row[6], (Boolean) row[7], (Boolean) row[8],
                                (BigDecimal) row[9]));
            });
        }
        Map<String, RunStats> stats = new HashMap<>();
        accumulators.forEach((runId, accumulator) -> stats.put(runId, accumulator.build()));
        return stats;
    }

    public List<Progress> progress(String datasetId) {
        return progressQuery(datasetId == null ? "" : " where r.dataset_id = :dataset",
                datasetId == null ? null : Map.of("dataset", datasetId));
    }

    public Optional<Progress> progressOf(String runId) {
        return progressQuery(" where r.run_id = :run", Map.of("run", runId)).stream().findFirst();
    }

    private List<Progress> progressQuery(String where, Map<String, String> parameters) {
        Query query = em.createNativeQuery("select " + RUN_COLUMNS + ", count(s.image_id),"
                + " count(s.image_id) filter (where s.answered), coalesce(sum(s.cost_usd), 0)"
                + " from " + ProjectionStore.RUN + " r left join " + ProjectionStore.SCORE
                + " s on s.run_id = r.run_id" + where
                + " group by r.run_id order by r.created_at, r.run_id");
        if (parameters != null) {
            parameters.forEach(query::setParameter);
        }
        return rows(query).stream().map(row -> new Progress(runInfo(row), ((Number) row[8]).longValue(),
                ((Number) row[9]).longValue(), (BigDecimal) row[10])).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }

    private static RunInfo runInfo(Object[] row) {
        return new RunInfo((String) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4],
                (Boolean) row[5], (String) row[6], ((Number) row[7]).longValue());
    }

    private static Double toDouble(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
