package io.placebench.analytics.repository;

import io.placebench.events.RunChanged;
import io.placebench.events.ScoreComputed;
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
import org.hibernate.Session;

/**
 * The idempotent writes of the projection: plain SQL with {@code ON CONFLICT} on the caller's transaction (the
 * Hibernate session's connection), so that concurrent consumers and redeliveries never insert a row twice.
 */
@ApplicationScoped
public class ProjectionStore {

    static final String RUN = AnalyticsSchema.NAME + ".run";
    static final String SCORE = AnalyticsSchema.NAME + ".score";

    @Inject
    EntityManager em;

    /** Creates the run's row from its first runs event; false when a row (maybe a placeholder) exists. */
    public boolean insertRunIfAbsent(RunChanged event, Instant now) {
        return insertRun(event.runId(), event.datasetId(), event.provider(), event.model(), event.promptId(),
                event.simulated(), event.status().name(), event.expectedCount(), event.reason(),
                event.occurredAt(), event.occurredAt(), now, event.generationOrZero());
    }

    /**
     * Creates a placeholder for a run known only from one of its scores (the runs topic lags): status
     * RUNNING, expected 0, no event applied yet. Does nothing when the run has a row.
     */
    public boolean insertPlaceholderRunIfAbsent(ScoreComputed score, Instant now) {
        Instant seen = score.occurredAt() == null ? now : score.occurredAt();
        return insertRun(score.runId(), score.datasetId(), score.provider(), score.model(), null,
                score.simulated(), "RUNNING", 0, null, null, seen, now, 0);
    }

    private boolean insertRun(String runId, String datasetId, String provider, String model, String promptId,
            boolean simulated, String status, long expected, String reason, Instant eventAt, Instant createdAt,
            Instant updatedAt, long generation) {
        String sql = "insert into " + RUN + " (run_id, dataset_id, provider, model, prompt_id, simulated, status,"
                + " expected_count, reason, event_at, created_at, updated_at, generation)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (run_id) do nothing";
        return execute(sql, statement -> {
            statement.setString(1, runId);
            statement.setString(2, datasetId);
            statement.setString(3, provider);
            statement.setString(4, model);
            statement.setString(5, promptId);
            statement.setBoolean(6, simulated);
            statement.setString(7, status);
            statement.setLong(8, expected);
            statement.setString(9, reason);
            statement.setObject(10, timestamp(eventAt), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(11, timestamp(createdAt), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setObject(12, timestamp(updatedAt), Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setLong(13, generation);
        }) == 1;
    }

    /**
     * Stores the score unless its (run, image) is already stored from the same or a later request attempt; a
     * higher attempt (a retried failed image) replaces the stored outcome and adds its cost and tokens to the
     * earlier attempts'. True when this call stored something.
     */
    public boolean storeScore(ScoreComputed score, Instant now) {
        String sql = "insert into " + SCORE + " as s (run_id, image_id, dataset_id, provider, model, simulated,"
                + " status, answered, distance_km, geoguessr_score, hit_1km, hit_25km, hit_200km, hit_750km,"
                + " hit_2500km, cost_usd, input_tokens, output_tokens, latency_ms, event_id, scored_at,"
                + " request_attempt)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (run_id, image_id) do update set status = excluded.status,"
                + " answered = excluded.answered, distance_km = excluded.distance_km,"
                + " geoguessr_score = excluded.geoguessr_score, hit_1km = excluded.hit_1km,"
                + " hit_25km = excluded.hit_25km, hit_200km = excluded.hit_200km, hit_750km = excluded.hit_750km,"
                + " hit_2500km = excluded.hit_2500km, cost_usd = s.cost_usd + excluded.cost_usd,"
                + " input_tokens = s.input_tokens + excluded.input_tokens,"
                + " output_tokens = s.output_tokens + excluded.output_tokens, latency_ms = excluded.latency_ms,"
                + " event_id = excluded.event_id, scored_at = excluded.scored_at,"
                + " request_attempt = excluded.request_attempt"
                + " where excluded.request_attempt > s.request_attempt";
        ThresholdHits hits = score.answered() && score.hits() != null ? score.hits() : ThresholdHits.NONE;
        TokenUsage usage = score.usage() == null ? TokenUsage.NONE : score.usage();
        BigDecimal cost = score.costUsd() == null ? BigDecimal.ZERO : score.costUsd();
        return execute(sql, statement -> {
            statement.setString(1, score.runId());
            statement.setString(2, score.imageId());
            statement.setString(3, score.datasetId());
            statement.setString(4, score.provider());
            statement.setString(5, score.model());
            statement.setBoolean(6, score.simulated());
            statement.setString(7, score.status().name());
            statement.setBoolean(8, score.answered());
            statement.setObject(9, score.answered() ? score.distanceKm() : null, Types.DOUBLE);
            statement.setObject(10, score.answered() ? score.geoguessrScore() : null, Types.DOUBLE);
            statement.setBoolean(11, hits.km1());
            statement.setBoolean(12, hits.km25());
            statement.setBoolean(13, hits.km200());
            statement.setBoolean(14, hits.km750());
            statement.setBoolean(15, hits.km2500());
            statement.setBigDecimal(16, cost);
            statement.setLong(17, usage.input());
            statement.setLong(18, usage.output());
            statement.setLong(19, score.latencyMs());
            statement.setString(20, score.eventId());
            statement.setObject(21, timestamp(score.occurredAt() == null ? now : score.occurredAt()),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setInt(22, score.requestAttemptOrFirst());
        }) == 1;
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
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
