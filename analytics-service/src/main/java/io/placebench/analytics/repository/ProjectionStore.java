package io.placebench.analytics.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.analytics.domain.RunBudget;
import io.placebench.events.GeoPlace;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.events.RegionMatches;
import io.placebench.events.RunChanged;
import io.placebench.events.ScoreComputed;
import io.placebench.events.TextMatches;
import io.placebench.events.ThresholdHits;
import io.placebench.events.TokenUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hibernate.Session;

/**
 * The idempotent writes of the projection: plain SQL with {@code ON CONFLICT} on the caller's transaction (the
 * Hibernate session's connection), so that concurrent consumers and redeliveries never insert a row twice.
 */
@ApplicationScoped
public class ProjectionStore {

    static final String RUN = AnalyticsSchema.NAME + ".run";
    static final String SCORE = AnalyticsSchema.NAME + ".score";
    static final String IMAGE = AnalyticsSchema.NAME + ".image";
    /** The columns storeScore writes, in binding order. */
    static final List<String> SCORE_COLUMNS = List.of("run_id", "image_id", "dataset_id", "provider", "model",
            "simulated", "status", "answered", "distance_km", "geoguessr_score", "hit_1km", "hit_25km", "hit_200km",
            "hit_750km", "hit_2500km", "cost_usd", "input_tokens", "output_tokens", "latency_ms", "event_id",
            "scored_at", "request_attempt", "truth_latitude", "truth_longitude", "pred_latitude", "pred_longitude",
            "geodesic_km", "truth_continent", "truth_country_code", "truth_country", "truth_region",
            "truth_region_code", "truth_city", "pred_continent", "pred_country_code", "pred_country", "pred_region",
            "pred_region_code", "pred_city", "match_continent", "match_country", "match_region", "match_city",
            "text_answered", "text_city", "text_state", "text_country", "text_city_globe", "text_state_globe",
            "text_country_globe", "confidence", "scene");
    /** Not overwritten by a higher attempt: the key, and what adds up over attempts. */
    private static final Set<String> KEY_AND_COST = Set.of("run_id", "image_id", "cost_usd", "input_tokens",
            "output_tokens");
    private static final String SCORE_UPSERT = "insert into " + SCORE + " as s ("
            + String.join(", ", SCORE_COLUMNS) + ")"
            + " values (" + SCORE_COLUMNS.stream().map(c -> c.equals("scene") ? "?::jsonb" : "?")
            .collect(Collectors.joining(", ")) + ")"
            + " on conflict (run_id, image_id) do update set "
            + SCORE_COLUMNS.stream().filter(c -> !KEY_AND_COST.contains(c)).map(c -> c + " = excluded." + c)
            .collect(Collectors.joining(", "))
            + ", cost_usd = s.cost_usd + excluded.cost_usd, input_tokens = s.input_tokens + excluded.input_tokens,"
            + " output_tokens = s.output_tokens + excluded.output_tokens"
            + " where excluded.request_attempt > s.request_attempt";
    private static final GeoPlace NO_PLACE = new GeoPlace(null, null, null, null, null, null, null, null, null,
            null, null, null);

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    /** Creates the run's row from its first runs event; false when a row (maybe a placeholder) exists. */
    public boolean insertRunIfAbsent(RunChanged event, Instant now) {
        String sql = "insert into " + RUN + " (run_id, dataset_id, provider, model, prompt_id, simulated, status,"
                + " expected_count, reason, event_at, created_at, updated_at, generation, budget_usd)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (run_id) do nothing";
        return execute(sql, statement -> {
            statement.setString(1, event.runId());
            statement.setString(2, event.datasetId());
            statement.setString(3, event.provider());
            statement.setString(4, event.model());
            statement.setString(5, event.promptId());
            statement.setBoolean(6, event.simulated());
            statement.setString(7, event.status().name());
            statement.setLong(8, event.expectedCount());
            statement.setString(9, event.reason());
            statement.setObject(10, timestamp(event.occurredAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(11, timestamp(event.occurredAt()), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(12, timestamp(now), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setLong(13, event.generationOrZero());
            statement.setBigDecimal(14, RunBudget.of(event.parameters()));
        }) == 1;
    }

    /**
     * Creates a placeholder for each run known only from its scores (the runs topic lags): status RUNNING, expected
     * 0, no event applied yet. Does nothing for runs that have a row. Returns the runs it created.
     */
    public List<String> insertPlaceholderRunsIfAbsent(Collection<ScoreComputed> firstScoreOfEachRun, Instant now) {
        String sql = "insert into " + RUN + " (run_id, dataset_id, provider, model, simulated, status, expected_count,"
                + " created_at, updated_at) values (?, ?, ?, ?, ?, 'RUNNING', 0, ?, ?) on conflict (run_id) do nothing";
        List<ScoreComputed> scores = List.copyOf(firstScoreOfEachRun);
        int[] inserted = executeBatch(sql, scores, (statement, score) -> {
            Instant seen = score.occurredAt() == null ? now : score.occurredAt();
            statement.setString(1, score.runId());
            statement.setString(2, score.datasetId());
            statement.setString(3, score.provider());
            statement.setString(4, score.model());
            statement.setBoolean(5, score.simulated());
            statement.setObject(6, timestamp(seen), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(7, timestamp(now), Types.TIMESTAMP_WITH_TIMEZONE);
        });
        List<String> created = new ArrayList<>();
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] == 1) {
                created.add(scores.get(i).runId());
            }
        }
        return created;
    }

    /**
     * Stores the score unless its (run, image) is already stored from the same or a later request attempt; a
     * higher attempt (a retried failed image) replaces the stored outcome and adds its cost and tokens to the
     * earlier attempts'. All in one round trip; element i is true when scores[i] stored something.
     */
    public boolean[] storeScores(List<ScoreComputed> scores, Instant now) {
        int[] counts = executeBatch(SCORE_UPSERT, scores, (statement, score) -> bindScore(statement, score, now));
        boolean[] stored = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            stored[i] = counts[i] == 1;
        }
        return stored;
    }

    private void bindScore(PreparedStatement statement, ScoreComputed score, Instant now) throws SQLException {
        ThresholdHits hits = score.answered() && score.hits() != null ? score.hits() : ThresholdHits.NONE;
        TokenUsage usage = score.usage() == null ? TokenUsage.NONE : score.usage();
        BigDecimal cost = score.costUsd() == null ? BigDecimal.ZERO : score.costUsd();
        GeoPlace truth = score.truthPlace() == null ? NO_PLACE : score.truthPlace();
        GeoPlace predicted = score.predictedPlace() == null ? NO_PLACE : score.predictedPlace();
        RegionMatches matches = score.regionMatches() == null ? new RegionMatches(null, null, null, null)
                : score.regionMatches();
        TextMatches text = score.textMatches();
            int i = 0;
            statement.setString(++i, score.runId());
            statement.setString(++i, score.imageId());
            statement.setString(++i, score.datasetId());
            statement.setString(++i, score.provider());
            statement.setString(++i, score.model());
            statement.setBoolean(++i, score.simulated());
            statement.setString(++i, score.status().name());
            statement.setBoolean(++i, score.answered());
            statement.setObject(++i, score.answered() ? score.distanceKm() : null, Types.DOUBLE);
            statement.setObject(++i, score.answered() ? score.geoguessrScore() : null, Types.DOUBLE);
            statement.setBoolean(++i, hits.km1());
            statement.setBoolean(++i, hits.km25());
            statement.setBoolean(++i, hits.km200());
            statement.setBoolean(++i, hits.km750());
            statement.setBoolean(++i, hits.km2500());
            statement.setBigDecimal(++i, cost);
            statement.setLong(++i, usage.input());
            statement.setLong(++i, usage.output());
            statement.setLong(++i, score.latencyMs());
            statement.setString(++i, score.eventId());
            statement.setObject(++i, timestamp(score.occurredAt() == null ? now : score.occurredAt()),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setInt(++i, score.requestAttemptOrFirst());
            statement.setDouble(++i, score.truthLatitude());
            statement.setDouble(++i, score.truthLongitude());
            statement.setObject(++i, score.answered() ? score.predictedLatitude() : null, Types.DOUBLE);
            statement.setObject(++i, score.answered() ? score.predictedLongitude() : null, Types.DOUBLE);
            statement.setObject(++i, score.answered() ? score.geodesicKm() : null, Types.DOUBLE);
            for (GeoPlace place : new GeoPlace[] {truth, predicted}) {
                statement.setString(++i, place.continent());
                statement.setString(++i, place.countryCode());
                statement.setString(++i, place.country());
                statement.setString(++i, place.region());
                statement.setString(++i, place.regionCode());
                statement.setString(++i, place.place());
            }
            statement.setObject(++i, matches.continent(), Types.BOOLEAN);
            statement.setObject(++i, matches.country(), Types.BOOLEAN);
            statement.setObject(++i, matches.region(), Types.BOOLEAN);
            statement.setObject(++i, matches.city(), Types.BOOLEAN);
            statement.setObject(++i, text == null ? null : text.answered(), Types.BOOLEAN);
            statement.setObject(++i, text == null ? null : text.city(), Types.BOOLEAN);
            statement.setObject(++i, text == null ? null : text.state(), Types.BOOLEAN);
            statement.setObject(++i, text == null ? null : text.country(), Types.BOOLEAN);
            statement.setObject(++i, text == null ? null : text.cityGlobe(), Types.BOOLEAN);
            statement.setObject(++i, text == null ? null : text.stateGlobe(), Types.BOOLEAN);
            statement.setObject(++i, text == null ? null : text.countryGlobe(), Types.BOOLEAN);
            statement.setObject(++i, score.confidence(), Types.INTEGER);
            statement.setString(++i, json(score.scene()));
    }

    /**
     * Marks runs' scores as changed by the number stored of each: their cached figures belong to an older version
     * now. In run order, so that concurrent consumers lock the rows in one order.
     */
    public void bumpScoresVersions(Map<String, Integer> storedByRun) {
        List<Map.Entry<String, Integer>> runs = new ArrayList<>(new TreeMap<>(storedByRun).entrySet());
        executeBatch("update " + RUN + " set scores_version = scores_version + ? where run_id = ?", runs,
                (statement, run) -> {
                    statement.setLong(1, run.getValue());
                    statement.setString(2, run.getKey());
                });
    }

    /** The dataset attributes of an image (the latest images event wins). */
    public void storeImage(ImageIngested image) {
        String sql = "insert into " + IMAGE + " as i (dataset_id, image_id, attributes, truth_city, truth_admin1,"
                + " truth_country, event_at) values (?, ?, ?::jsonb, ?, ?, ?, ?) on conflict (dataset_id, image_id)"
                + " do update set attributes = excluded.attributes, truth_city = excluded.truth_city,"
                + " truth_admin1 = excluded.truth_admin1, truth_country = excluded.truth_country,"
                + " event_at = excluded.event_at where i.event_at is null or excluded.event_at >= i.event_at";
        GroundTruth truth = image.truth();
        execute(sql, statement -> {
            statement.setString(1, image.datasetId());
            statement.setString(2, image.imageId());
            statement.setString(3, json(image.attributes() == null ? Map.of() : image.attributes()));
            statement.setString(4, truth == null ? null : truth.city());
            statement.setString(5, truth == null ? null : truth.admin1());
            statement.setString(6, truth == null ? null : truth.country());
            statement.setObject(7, timestamp(image.occurredAt()), Types.TIMESTAMP_WITH_TIMEZONE);
        });
    }

    private String json(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + map, e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface RowBinder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    private <T> int[] executeBatch(String sql, List<T> rows, RowBinder<T> binder) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return em.unwrap(Session.class).doReturningWork((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(statement, row);
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        });
    }

    private int execute(String sql, Binder binder) {
        return em.unwrap(Session.class).doReturningWork((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
