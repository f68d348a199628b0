package io.placebench.analytics.repository;

import static io.placebench.analytics.repository.NativeRows.toDouble;

import io.placebench.analytics.domain.PlacedScore;
import io.placebench.analytics.domain.ScoreRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Read side of the geographic analyses: one run's scored images with their places, matches and confidence. */
@ApplicationScoped
public class PlacedScoreQueries {

    private static final String COLUMNS = "s.answered, s.distance_km, s.geoguessr_score, s.hit_1km, s.hit_25km,"
            + " s.hit_200km, s.hit_750km, s.hit_2500km, s.cost_usd, s.match_continent, s.match_country, s.confidence,"
            + " s.truth_latitude, s.truth_longitude, s.truth_continent, s.truth_country_code, s.truth_country,"
            + " s.truth_region, s.truth_region_code,"
            + " s.pred_latitude, s.pred_longitude, s.pred_continent, s.pred_country_code, s.pred_country,"
            + " s.pred_region, s.pred_region_code";

    @Inject
    EntityManager em;

    /** The run's scored images (image id order); empty when no run of that id has been seen. */
    public Optional<List<PlacedScore>> ofRun(String runId) {
        boolean known = !em.createNativeQuery("select 1 from " + ProjectionStore.RUN + " where run_id = :run")
                .setParameter("run", runId).getResultList().isEmpty();
        if (!known) {
            return Optional.empty();
        }
        List<PlacedScore> scores = new ArrayList<>();
        try (Stream<?> stream = em.createNativeQuery("select " + COLUMNS + " from " + ProjectionStore.SCORE
                + " s where s.run_id = :run order by s.image_id").setParameter("run", runId).getResultStream()) {
            stream.forEach(result -> scores.add(placedScore((Object[]) result)));
        }
        return Optional.of(scores);
    }

    private static PlacedScore placedScore(Object[] r) {
        ScoreRow row = new ScoreRow(Boolean.TRUE.equals(r[0]), toDouble(r[1]), toDouble(r[2]), flag(r[3]),
                flag(r[4]), flag(r[5]), flag(r[6]), flag(r[7]), (BigDecimal) r[8]);
        return new PlacedScore(row, (Boolean) r[9], (Boolean) r[10], r[11] == null ? null : ((Number) r[11]).intValue(),
                place(r, 12), place(r, 19));
    }

    private static PlacedScore.Place place(Object[] r, int i) {
        return new PlacedScore.Place(toDouble(r[i]), toDouble(r[i + 1]), (String) r[i + 2], (String) r[i + 3],
                (String) r[i + 4], (String) r[i + 5], (String) r[i + 6]);
    }

    private static boolean flag(Object value) {
        return Boolean.TRUE.equals(value);
    }
}
