package io.placebench.analytics.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The computed figures of runs, as JSON per run and scores version (table {@code run_figures}). */
@ApplicationScoped
public class FiguresStore {

    static final String RUN_FIGURES = AnalyticsSchema.NAME + ".run_figures";

    /** A run's figures as stored: the scores version they were computed for, and their JSON. */
    public record Stored(long version, String json) {
    }

    @Inject
    EntityManager em;

    /** The stored figures of those of {@code runIds} that have some. */
    public Map<String, Stored> load(Collection<String> runIds) {
        Map<String, Stored> stored = new HashMap<>();
        if (runIds.isEmpty()) {
            return stored;
        }
        NativeRows.rows(em.createNativeQuery("select run_id, scores_version, figures::text from " + RUN_FIGURES
                + " where run_id in (:runs)").setParameter("runs", List.copyOf(runIds)))
                .forEach(row -> stored.put((String) row[0], new Stored(((Number) row[1]).longValue(),
                        (String) row[2])));
        return stored;
    }

    /** Keeps the figures of {@code version} unless newer ones are stored (another replica may compute too). */
    public void save(String runId, long version, String json) {
        em.createNativeQuery("insert into " + RUN_FIGURES + " as f (run_id, scores_version, figures, computed_at)"
                + " values (:run, :version, cast(:json as jsonb), :at) on conflict (run_id) do update set"
                + " scores_version = excluded.scores_version, figures = excluded.figures,"
                + " computed_at = excluded.computed_at where excluded.scores_version >= f.scores_version")
                .setParameter("run", runId).setParameter("version", version).setParameter("json", json)
                .setParameter("at", Instant.now().atOffset(ZoneOffset.UTC)).executeUpdate();
    }

    /** Runs with scores whose stored figures are missing or older than their scores. */
    public List<String> staleRuns() {
        return NativeRows.rows(em.createNativeQuery("select r.run_id, r.scores_version from " + ProjectionStore.RUN
                + " r left join " + RUN_FIGURES + " f on f.run_id = r.run_id where r.scores_version > 0"
                + " and (f.run_id is null or f.scores_version < r.scores_version) order by r.updated_at desc"))
                .stream().map(row -> (String) row[0]).toList();
    }
}
