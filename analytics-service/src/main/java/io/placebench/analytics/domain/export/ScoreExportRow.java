package io.placebench.analytics.domain.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One stored score of a run as the exports write it: every column of {@code analytics.score} that means something
 * outside the service (not the Kafka event id), plus the image's dataset truth labels and attributes from
 * {@code analytics.image} (null when no images event was seen for it). Null means "not stored" (a field the
 * producer did not send, or that does not apply: an unanswered prediction has no predicted point).
 */
public record ScoreExportRow(
        String runId,
        String imageId,
        String datasetId,
        String provider,
        String model,
        boolean simulated,
        String status,
        boolean answered,
        int requestAttempt,
        Double truthLatitude,
        Double truthLongitude,
        Double predLatitude,
        Double predLongitude,
        Double distanceKm,
        Double geodesicKm,
        Double geoguessrScore,
        Hits hits,
        Place truth,
        Place pred,
        RegionMatches matches,
        TextMatches text,
        Integer confidence,
        Map<String, Object> scene,
        BigDecimal costUsd,
        long inputTokens,
        long outputTokens,
        long latencyMs,
        Instant scoredAt,
        DatasetTruth datasetTruth,
        Map<String, Object> attributes) {

    public ScoreExportRow {
        hits = hits == null ? Hits.NONE : hits;
        truth = truth == null ? Place.NONE : truth;
        pred = pred == null ? Place.NONE : pred;
        matches = matches == null ? RegionMatches.NONE : matches;
        text = text == null ? TextMatches.NONE : text;
        datasetTruth = datasetTruth == null ? DatasetTruth.NONE : datasetTruth;
    }

    /** Threshold hits (strict {@code distance < threshold}; all false when unanswered). */
    public record Hits(boolean km1, boolean km25, boolean km200, boolean km750, boolean km2500) {
        public static final Hits NONE = new Hits(false, false, false, false, false);
    }

    /** Reverse-geocoded labels of a point (scoring-service's offline geocoder). */
    public record Place(String continent, String countryCode, String country, String region, String regionCode,
            String city) {
        public static final Place NONE = new Place(null, null, null, null, null, null);
    }

    /** Region matches of the predicted point; null where the truth has no label at that level. */
    public record RegionMatches(Boolean continent, Boolean country, Boolean region, Boolean city) {
        public static final RegionMatches NONE = new RegionMatches(null, null, null, null);
    }

    /** Text matches of the answered address: exact with aliases, and GLOBE's 0.7 rule. */
    public record TextMatches(Boolean answered, Boolean city, Boolean state, Boolean country, Boolean cityGlobe,
            Boolean stateGlobe, Boolean countryGlobe) {
        public static final TextMatches NONE = new TextMatches(null, null, null, null, null, null, null);
    }

    /** The dataset's own truth labels of the image (its manifest's city, admin1/state, country). */
    public record DatasetTruth(String city, String admin1, String country) {
        public static final DatasetTruth NONE = new DatasetTruth(null, null, null);
    }

    /** A column of the CSV and JSONL exports: its name (header and JSON field) and its value in a row. */
    public record Column(String name, Function<ScoreExportRow, Object> value) {
    }

    /** The columns of the CSV and JSONL exports, in order. Values are String, Boolean, Integer, Long, Double,
     * BigDecimal, Instant or Map (JSON object), or null. */
    public static final List<Column> COLUMNS = List.of(
            new Column("run_id", ScoreExportRow::runId),
            new Column("image_id", ScoreExportRow::imageId),
            new Column("dataset_id", ScoreExportRow::datasetId),
            new Column("provider", ScoreExportRow::provider),
            new Column("model", ScoreExportRow::model),
            new Column("simulated", ScoreExportRow::simulated),
            new Column("status", ScoreExportRow::status),
            new Column("answered", ScoreExportRow::answered),
            new Column("request_attempt", ScoreExportRow::requestAttempt),
            new Column("truth_latitude", ScoreExportRow::truthLatitude),
            new Column("truth_longitude", ScoreExportRow::truthLongitude),
            new Column("pred_latitude", ScoreExportRow::predLatitude),
            new Column("pred_longitude", ScoreExportRow::predLongitude),
            new Column("distance_km", ScoreExportRow::distanceKm),
            new Column("geodesic_km", ScoreExportRow::geodesicKm),
            new Column("geoguessr_score", ScoreExportRow::geoguessrScore),
            new Column("hit_1km", r -> r.hits().km1()),
            new Column("hit_25km", r -> r.hits().km25()),
            new Column("hit_200km", r -> r.hits().km200()),
            new Column("hit_750km", r -> r.hits().km750()),
            new Column("hit_2500km", r -> r.hits().km2500()),
            new Column("truth_continent", r -> r.truth().continent()),
            new Column("truth_country_code", r -> r.truth().countryCode()),
            new Column("truth_country", r -> r.truth().country()),
            new Column("truth_region", r -> r.truth().region()),
            new Column("truth_region_code", r -> r.truth().regionCode()),
            new Column("truth_city", r -> r.truth().city()),
            new Column("pred_continent", r -> r.pred().continent()),
            new Column("pred_country_code", r -> r.pred().countryCode()),
            new Column("pred_country", r -> r.pred().country()),
            new Column("pred_region", r -> r.pred().region()),
            new Column("pred_region_code", r -> r.pred().regionCode()),
            new Column("pred_city", r -> r.pred().city()),
            new Column("match_continent", r -> r.matches().continent()),
            new Column("match_country", r -> r.matches().country()),
            new Column("match_region", r -> r.matches().region()),
            new Column("match_city", r -> r.matches().city()),
            new Column("text_answered", r -> r.text().answered()),
            new Column("text_city", r -> r.text().city()),
            new Column("text_state", r -> r.text().state()),
            new Column("text_country", r -> r.text().country()),
            new Column("text_city_globe", r -> r.text().cityGlobe()),
            new Column("text_state_globe", r -> r.text().stateGlobe()),
            new Column("text_country_globe", r -> r.text().countryGlobe()),
            new Column("confidence", ScoreExportRow::confidence),
            new Column("scene", ScoreExportRow::scene),
            new Column("cost_usd", ScoreExportRow::costUsd),
            new Column("input_tokens", ScoreExportRow::inputTokens),
            new Column("output_tokens", ScoreExportRow::outputTokens),
            new Column("latency_ms", ScoreExportRow::latencyMs),
            new Column("scored_at", ScoreExportRow::scoredAt),
            new Column("dataset_truth_city", r -> r.datasetTruth().city()),
            new Column("dataset_truth_admin1", r -> r.datasetTruth().admin1()),
            new Column("dataset_truth_country", r -> r.datasetTruth().country()),
            new Column("attributes", ScoreExportRow::attributes));

    /** Money as written: trailing zeros of the numeric(18, 9) column stripped, never in E notation. */
    static BigDecimal money(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
