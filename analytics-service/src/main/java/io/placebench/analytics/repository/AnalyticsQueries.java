package io.placebench.analytics.repository;

import static io.placebench.analytics.repository.NativeRows.RUN_COLUMNS;
import static io.placebench.analytics.repository.NativeRows.RUN_COLUMN_COUNT;
import static io.placebench.analytics.repository.NativeRows.rows;
import static io.placebench.analytics.repository.NativeRows.runInfo;
import static io.placebench.analytics.repository.NativeRows.toDouble;

import io.placebench.analytics.domain.RunInfo;
import io.placebench.analytics.domain.ScoredImage;
import io.placebench.analytics.domain.ScoreRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.util.ArrayList;
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
        return rows(query).stream().map(NativeRows::runInfo).toList();
    }

    /** Each run's scores version (of one dataset, or of all when null): it grows with every score stored. */
    public Map<String, Long> scoresVersions(String datasetId) {
        Query query = em.createNativeQuery("select r.run_id, r.scores_version from " + ProjectionStore.RUN + " r"
                + (datasetId == null ? "" : " where r.dataset_id = :dataset"));
        if (datasetId != null) {
            query.setParameter("dataset", datasetId);
        }
        Map<String, Long> versions = new HashMap<>();
        rows(query).forEach(row -> versions.put((String) row[0], ((Number) row[1]).longValue()));
        return versions;
    }

    /** Whether analytics has a row for the run (from a runs event, or a placeholder made by one of its scores). */
    public boolean runExists(String runId) {
        return !em.createNativeQuery("select 1 from " + ProjectionStore.RUN + " where run_id = :run")
                .setParameter("run", runId).getResultList().isEmpty();
    }

    /** One run's scores version (0 when it has no score or is unknown). */
    public long scoresVersion(String runId) {
        List<?> result = em.createNativeQuery("select scores_version from " + ProjectionStore.RUN
                + " where run_id = :run").setParameter("run", runId).getResultList();
        return result.isEmpty() ? 0 : ((Number) result.get(0)).longValue();
    }

    /** The scored images of one run. */
    public List<ScoredImage> scoredImagesOfRun(String runId) {
        return scoredImages(" where s.run_id = :run", Map.of("run", runId)).getOrDefault(runId, List.of());
    }

    /** Scored images by run, of the scores the {@code where} clause (on {@code s}) selects. */
    private Map<String, List<ScoredImage>> scoredImages(String where, Map<String, String> parameters) {
        Query query = em.createNativeQuery("select s.run_id, s.answered, s.distance_km, s.geoguessr_score,"
                + " s.hit_1km, s.hit_25km, s.hit_200km, s.hit_750km, s.hit_2500km, s.cost_usd, s.status,"
                + " s.match_continent, s.match_country, s.match_region, s.match_city, s.text_answered, s.text_city,"
                + " s.text_state, s.text_country, s.text_city_globe, s.text_state_globe, s.text_country_globe,"
                + " s.truth_country_code, s.truth_region, s.truth_region_code, s.truth_city,"
                + " s.pred_country_code, s.pred_region, s.pred_region_code, s.pred_city"
                + " from " + ProjectionStore.SCORE + " s" + where);
        if (parameters != null) {
            parameters.forEach(query::setParameter);
        }
        Map<String, List<ScoredImage>> byRun = new HashMap<>();
        try (Stream<?> stream = query.getResultStream()) {
            stream.forEach(result -> {
                Object[] r = (Object[]) result;
                ScoreRow row = new ScoreRow((Boolean) r[1], toDouble(r[2]), toDouble(r[3]), (Boolean) r[4],
                        (Boolean) r[5], (Boolean) r[6], (Boolean) r[7], (Boolean) r[8], (BigDecimal) r[9]);
                byRun.computeIfAbsent((String) r[0], id -> new ArrayList<>()).add(new ScoredImage(row,
                        (String) r[10], (Boolean) r[11], (Boolean) r[12], (Boolean) r[13], (Boolean) r[14],
                        (Boolean) r[15], (Boolean) r[16], (Boolean) r[17], (Boolean) r[18], (Boolean) r[19],
                        (Boolean) r[20], (Boolean) r[21],
                        ScoredImage.Labels.of((String) r[22], (String) r[23], (String) r[24], (String) r[25]),
                        ScoredImage.Labels.of((String) r[26], (String) r[27], (String) r[28], (String) r[29])));
            });
        }
        return byRun;
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
        return rows(query).stream().map(row -> new Progress(runInfo(row),
                ((Number) row[RUN_COLUMN_COUNT]).longValue(), ((Number) row[RUN_COLUMN_COUNT + 1]).longValue(),
                (BigDecimal) row[RUN_COLUMN_COUNT + 2])).toList();
    }
}
