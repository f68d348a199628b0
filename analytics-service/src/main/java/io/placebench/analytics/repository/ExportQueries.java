package io.placebench.analytics.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.analytics.domain.export.ScoreExportRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The score rows of a run for the exports, read through a server-side cursor: plain JDBC with autocommit off and
 * a fetch size, so PostgreSQL hands the rows over {@value #FETCH_SIZE} at a time and a run of any size streams
 * with constant memory (without autocommit off the driver would read the whole result first).
 */
@ApplicationScoped
public class ExportQueries {

    private static final Logger LOG = Logger.getLogger(ExportQueries.class);

    /** Rows per round trip of the cursor. */
    static final int FETCH_SIZE = 500;

    private static final TypeReference<TreeMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    static final String SQL = "select s.run_id, s.image_id, s.dataset_id, s.provider, s.model, s.simulated, s.status,"
            + " s.answered, s.request_attempt, s.truth_latitude, s.truth_longitude, s.pred_latitude, s.pred_longitude,"
            + " s.distance_km, s.geodesic_km, s.geoguessr_score, s.hit_1km, s.hit_25km, s.hit_200km, s.hit_750km,"
            + " s.hit_2500km, s.truth_continent, s.truth_country_code, s.truth_country, s.truth_region,"
            + " s.truth_region_code, s.truth_city, s.pred_continent, s.pred_country_code, s.pred_country,"
            + " s.pred_region, s.pred_region_code, s.pred_city, s.match_continent, s.match_country, s.match_region,"
            + " s.match_city, s.text_answered, s.text_city, s.text_state, s.text_country, s.text_city_globe,"
            + " s.text_state_globe, s.text_country_globe, s.confidence, s.scene::text as scene, s.cost_usd,"
            + " s.input_tokens, s.output_tokens, s.latency_ms, s.scored_at, i.truth_city as image_city,"
            + " i.truth_admin1 as image_admin1, i.truth_country as image_country, i.attributes::text as attributes"
            + " from " + ProjectionStore.SCORE + " s left join " + ProjectionStore.IMAGE + " i"
            + " on i.dataset_id = s.dataset_id and i.image_id = s.image_id"
            + " where s.run_id = ? order by s.image_id";

    /** Receives the rows one by one; may throw the I/O errors of the response it writes to. */
    @FunctionalInterface
    public interface RowSink {
        void accept(ScoreExportRow row) throws IOException;
    }

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    /**
     * Hands every score row of the run to {@code sink}, in image id order, as the cursor delivers them; returns
     * the number of rows. One query in a transaction of its own (rolled back at the end: it only reads), so the
     * export is one snapshot of the run even while its scores keep arriving.
     */
    public long forEachRow(String runId, RowSink sink) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(SQL, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                statement.setString(1, runId);
                long rows = 0;
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(row(rs));
                        rows++;
                    }
                }
                return rows;
            } finally {
                end(connection, autoCommit);
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the scores of run " + runId, e);
        }
    }

    /** Ends the cursor's transaction; a failure here (connection gone) leaves the pool to discard it. */
    private static void end(Connection connection, boolean autoCommit) {
        try {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // the original failure, if any, is the one worth reporting; the pool validates the connection
            LOG.debugf(e, "ending an export's read transaction failed");
        }
    }

    private ScoreExportRow row(ResultSet rs) throws SQLException {
        OffsetDateTime scoredAt = rs.getObject("scored_at", OffsetDateTime.class);
        return new ScoreExportRow(rs.getString("run_id"), rs.getString("image_id"), rs.getString("dataset_id"),
                rs.getString("provider"), rs.getString("model"), rs.getBoolean("simulated"), rs.getString("status"),
                rs.getBoolean("answered"), rs.getInt("request_attempt"), number(rs, "truth_latitude"),
                number(rs, "truth_longitude"), number(rs, "pred_latitude"), number(rs, "pred_longitude"),
                number(rs, "distance_km"), number(rs, "geodesic_km"), number(rs, "geoguessr_score"),
                new ScoreExportRow.Hits(rs.getBoolean("hit_1km"), rs.getBoolean("hit_25km"),
                        rs.getBoolean("hit_200km"), rs.getBoolean("hit_750km"), rs.getBoolean("hit_2500km")),
                place(rs, "truth_"), place(rs, "pred_"),
                new ScoreExportRow.RegionMatches(flag(rs, "match_continent"), flag(rs, "match_country"),
                        flag(rs, "match_region"), flag(rs, "match_city")),
                new ScoreExportRow.TextMatches(flag(rs, "text_answered"), flag(rs, "text_city"),
                        flag(rs, "text_state"), flag(rs, "text_country"), flag(rs, "text_city_globe"),
                        flag(rs, "text_state_globe"), flag(rs, "text_country_globe")),
                rs.getObject("confidence", Integer.class), object(rs.getString("scene")), rs.getBigDecimal("cost_usd"),
                rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("latency_ms"),
                scoredAt == null ? null : scoredAt.toInstant(),
                new ScoreExportRow.DatasetTruth(rs.getString("image_city"), rs.getString("image_admin1"),
                        rs.getString("image_country")),
                object(rs.getString("attributes")));
    }

    private static ScoreExportRow.Place place(ResultSet rs, String prefix) throws SQLException {
        return new ScoreExportRow.Place(rs.getString(prefix + "continent"), rs.getString(prefix + "country_code"),
                rs.getString(prefix + "country"), rs.getString(prefix + "region"),
                rs.getString(prefix + "region_code"), rs.getString(prefix + "city"));
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, Double.class);
    }

    private static Boolean flag(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, Boolean.class);
    }

    /** A jsonb object read as text, keys sorted; null stays null. */
    private Map<String, Object> object(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored JSON is not an object: " + json, e);
        }
    }
}
