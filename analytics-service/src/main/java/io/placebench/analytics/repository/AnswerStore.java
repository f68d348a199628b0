package io.placebench.analytics.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.analytics.domain.CappedText;
import io.placebench.events.GeoAnswer;
import io.placebench.events.PredictionMade;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.Session;

/**
 * The idempotent write of the answer table: plain SQL with {@code ON CONFLICT} on the caller's transaction, like
 * {@link ProjectionStore}'s scores. A higher request attempt replaces the stored row and adds its cost, tokens and
 * attempts to the earlier ones'; a same-or-lower attempt (a redelivery) changes nothing.
 */
@ApplicationScoped
public class AnswerStore {

    static final String ANSWER = AnalyticsSchema.NAME + ".answer";
    /** The columns storeAnswers writes, in binding order. */
    static final List<String> COLUMNS = List.of("run_id", "image_id", "dataset_id", "provider", "model",
            "simulated", "prompt_id", "status", "request_attempt", "attempts", "http_status", "error_type", "error",
            "answer", "raw_response", "raw_truncated", "reasoning", "input_tokens", "output_tokens",
            "reasoning_tokens", "cost_usd", "latency_ms", "event_id", "occurred_at");
    /** Not overwritten by a higher attempt: the key, and what adds up over attempts. */
    private static final Set<String> KEY_AND_TOTALS = Set.of("run_id", "image_id", "attempts", "input_tokens",
            "output_tokens", "reasoning_tokens", "cost_usd");
    private static final String UPSERT = "insert into " + ANSWER + " as a (" + String.join(", ", COLUMNS) + ")"
            + " values (" + COLUMNS.stream().map(c -> c.equals("answer") ? "?::jsonb" : "?")
            .collect(Collectors.joining(", ")) + ")"
            + " on conflict (run_id, image_id) do update set "
            + COLUMNS.stream().filter(c -> !KEY_AND_TOTALS.contains(c)).map(c -> c + " = excluded." + c)
            .collect(Collectors.joining(", "))
            + ", " + KEY_AND_TOTALS.stream().filter(c -> !c.equals("run_id") && !c.equals("image_id")).sorted()
            .map(c -> c + " = a." + c + " + excluded." + c).collect(Collectors.joining(", "))
            + " where excluded.request_attempt > a.request_attempt";

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    /**
     * Stores each prediction's answer unless its (run, image) is stored from the same or a later request attempt.
     * All in one round trip; element i is true when predictions[i] stored something.
     */
    public boolean[] storeAnswers(List<PredictionMade> predictions, Instant now) {
        if (predictions.isEmpty()) {
            return new boolean[0];
        }
        int[] counts = em.unwrap(Session.class).doReturningWork((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                for (PredictionMade prediction : predictions) {
                    bind(statement, prediction, now);
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        });
        boolean[] stored = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            stored[i] = counts[i] == 1;
        }
        return stored;
    }

    private void bind(PreparedStatement statement, PredictionMade prediction, Instant now) throws SQLException {
        TokenUsage usage = prediction.usage() == null ? TokenUsage.NONE : prediction.usage();
        BigDecimal cost = prediction.costUsd() == null ? BigDecimal.ZERO : prediction.costUsd();
        GeoAnswer answer = prediction.answer();
        CappedText.Capped raw = CappedText.cap(storable(prediction.rawResponse()));
        CappedText.Capped reasoning = CappedText.cap(storable(answer == null ? null : answer.reasoning()));
        Instant occurredAt = prediction.occurredAt() == null ? now : prediction.occurredAt();
        int i = 0;
        statement.setString(++i, prediction.runId());
        statement.setString(++i, prediction.imageId());
        statement.setString(++i, prediction.datasetId());
        statement.setString(++i, prediction.provider());
        statement.setString(++i, prediction.model());
        statement.setBoolean(++i, prediction.simulated());
        statement.setString(++i, prediction.promptId());
        statement.setString(++i, prediction.status().name());
        statement.setInt(++i, prediction.requestAttemptOrFirst());
        statement.setInt(++i, prediction.attempts());
        statement.setObject(++i, prediction.httpStatus(), Types.INTEGER);
        statement.setString(++i, prediction.errorType());
        statement.setString(++i, storable(prediction.error()));
        statement.setString(++i, answer == null ? null : json(answer.withReasoning(null)));
        statement.setString(++i, raw.text());
        statement.setBoolean(++i, raw.truncated());
        statement.setString(++i, reasoning.text());
        statement.setLong(++i, usage.input());
        statement.setLong(++i, usage.output());
        statement.setLong(++i, usage.reasoning());
        statement.setBigDecimal(++i, cost);
        statement.setLong(++i, prediction.latencyMs());
        statement.setString(++i, prediction.eventId());
        statement.setObject(++i, occurredAt.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    /** PostgreSQL's text cannot hold NUL: it becomes U+FFFD, as a decoder marks what it cannot represent. */
    private static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    private String json(GeoAnswer answer) {
        try {
            // jsonb refuses the escaped NUL as text refuses NUL itself
            return mapper.writeValueAsString(answer).replace("\\u0000", "\\uFFFD");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("answer not writable as JSON: " + answer, e);
        }
    }
}
