package io.placebench.analytics.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.analytics.domain.ImageAnswers;
import io.placebench.analytics.domain.ImageFilter;
import io.placebench.events.GeoAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Read side of the image drill-down: one image of a dataset with every run's score and answer, and the filterable
 * list of a run's scored images. Plain JDBC with named columns (the drill-down reads some sixty of them).
 */
@ApplicationScoped
public class AnswerQueries {

    /** The dataset's own labels of the image (not reverse geocoded). */
    public record DatasetTruth(String city, String admin1, String country) {
    }

    /** One run's part of the drill-down, before merging ({@link ImageAnswers#entry}). */
    public record RunAnswer(String runId, ImageAnswers.RunLabel run, ImageAnswers.Scored scored,
            ImageAnswers.Answered answered) {
    }

    /**
     * An image's drill-down: its dataset labels and attributes (null when the images topic never described it) and
     * each run that scored or answered it, by provider, model and run id.
     */
    public record ImageDetail(DatasetTruth datasetTruth, Map<String, Object> attributes, List<RunAnswer> runs) {
    }

    /** One row of a run's image list. */
    public record ListedImage(String imageId, String status, boolean answered, String truthCountryCode,
            String truthCountry, String predCountryCode, Double distanceKm, Double geoguessrScore,
            BigDecimal costUsd) {
    }

    /** A page of a run's image list: {@code total} counts every image the filter lets through. */
    public record Page(long total, List<ListedImage> images) {
    }

    private static final TypeReference<TreeMap<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS_IN_ORDER = new TypeReference<>() {
    };

    static final String IMAGE_SQL = "select coalesce(s.run_id, a.run_id) as entry_run,"
            + " r.provider as run_provider, r.model as run_model, r.simulated as run_simulated,"
            + " r.prompt_id as run_prompt,"
            + " s.run_id as s_run, s.provider as s_provider, s.model as s_model, s.simulated as s_simulated,"
            + " s.status as s_status, s.answered, s.request_attempt as s_attempt,"
            + " s.truth_latitude, s.truth_longitude, s.truth_continent, s.truth_country_code, s.truth_country,"
            + " s.truth_region, s.truth_region_code, s.truth_city,"
            + " s.pred_latitude, s.pred_longitude, s.pred_continent, s.pred_country_code, s.pred_country,"
            + " s.pred_region, s.pred_region_code, s.pred_city,"
            + " s.distance_km, s.geoguessr_score, s.confidence, s.scene::text as scene,"
            + " s.input_tokens as s_input, s.output_tokens as s_output, s.cost_usd as s_cost,"
            + " s.latency_ms as s_latency,"
            + " a.run_id as a_run, a.provider as a_provider, a.model as a_model, a.simulated as a_simulated,"
            + " a.prompt_id as a_prompt, a.status as a_status, a.request_attempt as a_attempt, a.attempts,"
            + " a.http_status, a.error_type, a.error, a.answer::text as answer, a.raw_response, a.raw_truncated,"
            + " a.reasoning, a.input_tokens as a_input, a.output_tokens as a_output, a.reasoning_tokens,"
            + " a.cost_usd as a_cost, a.latency_ms as a_latency"
            + " from (select * from " + ProjectionStore.SCORE + " where dataset_id = ? and image_id = ?) s"
            + " full join (select * from " + AnswerStore.ANSWER + " where dataset_id = ? and image_id = ?) a"
            + " on a.run_id = s.run_id"
            + " left join " + ProjectionStore.RUN + " r on r.run_id = coalesce(s.run_id, a.run_id)"
            + " order by coalesce(r.provider, a.provider, s.provider), coalesce(r.model, a.model, s.model), entry_run";
    static final String DATASET_IMAGE_SQL = "select attributes::text as attributes, truth_city, truth_admin1,"
            + " truth_country from " + ProjectionStore.IMAGE + " where dataset_id = ? and image_id = ?";
    private static final String LIST_COLUMNS = "s.image_id, s.status, s.answered, s.truth_country_code,"
            + " s.truth_country, s.pred_country_code, s.distance_km, s.geoguessr_score, s.cost_usd";

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    /** The image's drill-down; empty when no run scored or answered it. */
    public Optional<ImageDetail> image(String datasetId, String imageId) {
        try (Connection connection = dataSource.getConnection()) {
            List<RunAnswer> runs = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(IMAGE_SQL)) {
                statement.setString(1, datasetId);
                statement.setString(2, imageId);
                statement.setString(3, datasetId);
                statement.setString(4, imageId);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        runs.add(runAnswer(rs));
                    }
                }
            }
            if (runs.isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement statement = connection.prepareStatement(DATASET_IMAGE_SQL)) {
                statement.setString(1, datasetId);
                statement.setString(2, imageId);
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(new ImageDetail(new DatasetTruth(rs.getString("truth_city"),
                                rs.getString("truth_admin1"), rs.getString("truth_country")),
                                json(rs.getString("attributes"), OBJECT), runs));
                    }
                }
            }
            return Optional.of(new ImageDetail(null, null, runs));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read image " + imageId + " of dataset " + datasetId, e);
        }
    }

    /** The run's scored images that pass the filter, in image id order, one page of them, and how many pass. */
    public Page images(String runId, ImageFilter filter) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(" from " + ProjectionStore.SCORE + " s where s.run_id = ?");
        parameters.add(runId);
        if (!filter.statuses().isEmpty()) {
            where.append(" and s.status in (").append("?, ".repeat(filter.statuses().size() - 1)).append("?)");
            parameters.addAll(filter.statuses().stream().sorted().toList());
        }
        if (filter.countryCode() != null) {
            where.append(" and s.truth_country_code = ?");
            parameters.add(filter.countryCode());
        }
        if (filter.hasErrorRange()) {
            where.append(" and s.answered and s.distance_km is not null");
        }
        if (filter.minKm() != null) {
            where.append(" and s.distance_km >= ?");
            parameters.add(filter.minKm());
        }
        if (filter.maxKm() != null) {
            where.append(" and s.distance_km <= ?");
            parameters.add(filter.maxKm());
        }
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement statement = connection.prepareStatement("select count(*)" + where)) {
                bind(statement, parameters);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<ListedImage> images = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("select " + LIST_COLUMNS + where
                    + " order by s.image_id limit ? offset ?")) {
                bind(statement, parameters);
                statement.setInt(parameters.size() + 1, filter.limit());
                statement.setInt(parameters.size() + 2, filter.offset());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        images.add(new ListedImage(rs.getString("image_id"), rs.getString("status"),
                                rs.getBoolean("answered"), rs.getString("truth_country_code"),
                                rs.getString("truth_country"), rs.getString("pred_country_code"),
                                rs.getObject("distance_km", Double.class), rs.getObject("geoguessr_score", Double.class),
                                rs.getBigDecimal("cost_usd")));
                    }
                }
            }
            return new Page(total, images);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the images of run " + runId, e);
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    private RunAnswer runAnswer(ResultSet rs) throws SQLException {
        Boolean runSimulated = rs.getObject("run_simulated", Boolean.class);
        ImageAnswers.RunLabel run = new ImageAnswers.RunLabel(rs.getString("run_provider"),
                rs.getString("run_model"), runSimulated, rs.getString("run_prompt"));
        ImageAnswers.Scored scored = rs.getString("s_run") == null ? null : new ImageAnswers.Scored(
                rs.getString("s_provider"), rs.getString("s_model"), rs.getBoolean("s_simulated"),
                rs.getString("s_status"), rs.getBoolean("answered"), rs.getInt("s_attempt"), place(rs, "truth_"),
                place(rs, "pred_"), number(rs, "distance_km"), number(rs, "geoguessr_score"),
                rs.getObject("confidence", Integer.class), json(rs.getString("scene"), OBJECT), rs.getLong("s_input"),
                rs.getLong("s_output"), rs.getBigDecimal("s_cost"), rs.getLong("s_latency"));
        ImageAnswers.Answered answered = rs.getString("a_run") == null ? null : new ImageAnswers.Answered(
                rs.getString("a_provider"), rs.getString("a_model"), rs.getBoolean("a_simulated"),
                rs.getString("a_prompt"), rs.getString("a_status"), rs.getInt("a_attempt"), rs.getInt("attempts"),
                rs.getObject("http_status", Integer.class), rs.getString("error_type"), rs.getString("error"),
                answer(rs.getString("answer")), rs.getString("raw_response"), rs.getBoolean("raw_truncated"),
                rs.getString("reasoning"), rs.getLong("a_input"), rs.getLong("a_output"),
                rs.getLong("reasoning_tokens"), rs.getBigDecimal("a_cost"), rs.getLong("a_latency"));
        return new RunAnswer(rs.getString("entry_run"), run, scored, answered);
    }

    private static ImageAnswers.Place place(ResultSet rs, String prefix) throws SQLException {
        return new ImageAnswers.Place(number(rs, prefix + "latitude"), number(rs, prefix + "longitude"),
                rs.getString(prefix + "continent"), rs.getString(prefix + "country_code"),
                rs.getString(prefix + "country"), rs.getString(prefix + "region"),
                rs.getString(prefix + "region_code"), rs.getString(prefix + "city"));
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, Double.class);
    }

    /** The stored answer with its fields in GeoAnswer's order (jsonb keeps its own). */
    private Map<String, Object> answer(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return mapper.convertValue(mapper.readValue(json, GeoAnswer.class), FIELDS_IN_ORDER);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SQLException("stored answer is not a GeoAnswer: " + json, e);
        }
    }

    /** A jsonb object read as text; null stays null. */
    private <T extends Map<String, Object>> T json(String json, TypeReference<T> type) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored JSON is not an object: " + json, e);
        }
    }
}
