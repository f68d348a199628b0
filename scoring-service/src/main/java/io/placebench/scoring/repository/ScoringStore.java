package io.placebench.scoring.repository;

import io.placebench.events.GeoPlace;
import io.placebench.events.RegionMatches;
import io.placebench.events.ScoreComputed;
import io.placebench.events.TextMatches;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Set-at-a-time SQL for the scoring consumers: one statement per step for a whole batch (PostgreSQL arrays and
 * {@code unnest}), so a batch of hundreds of predictions costs a handful of round trips. Runs on the caller's
 * connection, inside its transaction.
 */
public final class ScoringStore {

    /** (first, second): (run, image) for scores and pending predictions, (dataset, image) for truths. */
    public record Key(String first, String second) {
    }

    /** A truth row with its cached geocoding label (JSON), if any. */
    public record TruthRow(String datasetId, String imageId, double latitude, double longitude, String city,
            String admin1, String country, String geoVersion, String geoLabel) {
    }

    /** A truth to store with its label (JSON) and version. */
    public record TruthWrite(TruthRow truth, GeoPlace label, String labelJson) {
    }

    /** A pending prediction taken out of the waiting table. */
    public record Pending(String runId, String imageId, String eventJson) {
    }

    private ScoringStore() {
    }

    /**
     * Transaction-scoped advisory locks on the given (dataset, image) keys, taken in one fixed order (by lock id)
     * so that two batches never wait on each other crosswise.
     */
    public static void lockImages(Connection c, Collection<Key> datasetImages) throws SQLException {
        TreeSet<String> keys = new TreeSet<>();
        for (Key k : datasetImages) {
            keys.add(k.first() + "/" + k.second());
        }
        try (PreparedStatement ps = c.prepareStatement("select count(*) from (select pg_advisory_xact_lock(h) "
                + "from (select distinct hashtextextended(k, 0) as h from unnest(?::text[]) as k) d order by h) x")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    /** A score already stored: its event and the request attempt it scored. */
    public record StoredScore(String eventJson, int requestAttempt) {
    }

    /** Stored scores of the (run, image) pairs already scored. */
    public static Map<Key, StoredScore> existingScores(Connection c, Collection<Key> runImages) throws SQLException {
        Map<Key, StoredScore> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select s.run_id, s.image_id, s.event_json, s.request_attempt "
                + "from score s join unnest(?::text[], ?::text[]) as k(run_id, image_id) "
                + "on s.run_id = k.run_id and s.image_id = k.image_id")) {
            setPairs(c, ps, 1, runImages);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new Key(rs.getString(1), rs.getString(2)),
                            new StoredScore(rs.getString(3), rs.getInt(4)));
                }
            }
        }
        return found;
    }

    public static Map<Key, TruthRow> truths(Connection c, Collection<Key> datasetImages) throws SQLException {
        Map<Key, TruthRow> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select t.dataset_id, t.image_id, t.latitude, t.longitude, "
                + "t.city, t.admin1, t.country, t.geo_version, t.geo_label from truth t "
                + "join unnest(?::text[], ?::text[]) as k(dataset_id, image_id) "
                + "on t.dataset_id = k.dataset_id and t.image_id = k.image_id")) {
            setPairs(c, ps, 1, datasetImages);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TruthRow row = new TruthRow(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
                    found.put(new Key(row.datasetId(), row.imageId()), row);
                }
            }
        }
        return found;
    }

    /** Inserts or replaces truths with their labels (one statement). */
    public static void upsertTruths(Connection c, List<TruthWrite> rows, String version) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into truth (dataset_id, image_id, latitude, "
                + "longitude, city, admin1, country, continent, country_code, region_code, region_name, place_id, "
                + "geo_method, geo_version, geo_label) "
                + "select u.d, u.i, u.la, u.lo, u.ci, u.a1, u.co, u.cn, u.cc, u.rc, u.rn, u.pid, u.gm, ?, u.gl "
                + "from unnest(?::text[], ?::text[], ?::float8[], ?::float8[], ?::text[], ?::text[], ?::text[], "
                + "?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::text[]) "
                + "as u(d, i, la, lo, ci, a1, co, cn, cc, rc, rn, pid, gm, gl) "
                + "on conflict (dataset_id, image_id) do update set latitude = excluded.latitude, "
                + "longitude = excluded.longitude, city = excluded.city, admin1 = excluded.admin1, "
                + "country = excluded.country, continent = excluded.continent, country_code = excluded.country_code, "
                + "region_code = excluded.region_code, region_name = excluded.region_name, "
                + "place_id = excluded.place_id, geo_method = excluded.geo_method, "
                + "geo_version = excluded.geo_version, geo_label = excluded.geo_label")) {
            int p = 1;
            ps.setString(p++, version);
            p = text(c, ps, p, rows, w -> w.truth().datasetId());
            p = text(c, ps, p, rows, w -> w.truth().imageId());
            ps.setArray(p++, c.createArrayOf("float8", rows.stream().map(w -> w.truth().latitude()).toArray()));
            ps.setArray(p++, c.createArrayOf("float8", rows.stream().map(w -> w.truth().longitude()).toArray()));
            p = text(c, ps, p, rows, w -> w.truth().city());
            p = text(c, ps, p, rows, w -> w.truth().admin1());
            p = text(c, ps, p, rows, w -> w.truth().country());
            p = text(c, ps, p, rows, w -> w.label() == null ? null : w.label().continent());
            p = text(c, ps, p, rows, w -> w.label() == null ? null : w.label().countryCode());
            p = text(c, ps, p, rows, w -> w.label() == null ? null : w.label().regionCode());
            p = text(c, ps, p, rows, w -> w.label() == null ? null : w.label().region());
            ps.setArray(p++, c.createArrayOf("int8",
                    rows.stream().map(w -> w.label() == null ? null : w.label().placeId()).toArray()));
            p = text(c, ps, p, rows, w -> w.label() == null ? null : w.label().method());
            text(c, ps, p, rows, TruthWrite::labelJson);
            ps.executeUpdate();
        }
    }

    private static final String SCORE_COLUMNS = "run_id, image_id, dataset_id, provider, model, status, answered, "
            + "distance_km, geoguessr_score, hit_1km, hit_25km, hit_200km, hit_750km, hit_2500km, cost_usd, scored_at, "
            + "event_json, geodesic_km, truth_country, truth_region_code, predicted_country, predicted_region_code, "
            + "predicted_place_id, match_continent, match_country, match_region, match_city, text_answered, text_city, "
            + "text_state, text_country, text_city_globe, text_state_globe, text_country_globe, request_attempt";

    /** A higher request attempt replaces every column of the stored score but the key, and adds its cost. */
    private static final String REPLACE_LOWER_ATTEMPT = java.util.Arrays.stream(SCORE_COLUMNS.split(",\\s*"))
            .filter(column -> !column.equals("run_id") && !column.equals("image_id"))
            .map(column -> column.equals("cost_usd") ? "cost_usd = score.cost_usd + excluded.cost_usd"
                    : column + " = excluded." + column)
            .collect(java.util.stream.Collectors.joining(", ",
                    " on conflict (run_id, image_id) do update set ", " where excluded.request_attempt > score.request_attempt"));

    /**
     * Inserts scores; a (run, image) already stored is left alone unless this score is of a higher request attempt
     * (a retried image), which replaces it. The rows are streamed with {@code COPY} into
     * a session-local staging table (emptied at commit) and moved with one {@code INSERT ... ON CONFLICT DO
     * NOTHING}: the cheapest way into PostgreSQL for a thousand wide rows.
     */
    public static int insertScores(Connection c, List<ScoreComputed> events, List<String> jsons)
            throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("create temp table if not exists score_stage (like score including defaults) "
                    + "on commit delete rows");
        }
        StringBuilder rows = new StringBuilder(events.size() * 1600);
        for (int i = 0; i < events.size(); i++) {
            ScoreComputed e = events.get(i);
            GeoPlace t = e.truthPlace();
            GeoPlace p = e.predictedPlace();
            RegionMatches r = e.regionMatches();
            TextMatches x = e.textMatches();
            Object[] values = {e.runId(), e.imageId(), e.datasetId(), e.provider(), e.model(), e.status().name(),
                    e.answered(), e.distanceKm(), e.geoguessrScore(), e.hits().km1(), e.hits().km25(),
                    e.hits().km200(), e.hits().km750(), e.hits().km2500(), e.costUsd().toPlainString(),
                    e.occurredAt().toString(), jsons.get(i), e.geodesicKm(),
                    t == null ? null : t.countryCode(), t == null ? null : t.regionCode(),
                    p == null ? null : p.countryCode(), p == null ? null : p.regionCode(),
                    p == null ? null : p.placeId(),
                    r == null ? null : r.continent(), r == null ? null : r.country(),
                    r == null ? null : r.region(), r == null ? null : r.city(),
                    x == null ? null : x.answered(), x == null ? null : x.city(), x == null ? null : x.state(),
                    x == null ? null : x.country(), x == null ? null : x.cityGlobe(),
                    x == null ? null : x.stateGlobe(), x == null ? null : x.countryGlobe(), e.requestAttemptOrFirst()};
            for (int k = 0; k < values.length; k++) {
                if (k > 0) {
                    rows.append('\t');
                }
                copyValue(rows, values[k]);
            }
            rows.append('\n');
        }
        try {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(
                    "copy score_stage (" + SCORE_COLUMNS + ") from stdin", new java.io.StringReader(rows.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into score_stage failed", e);
        }
        try (java.sql.Statement st = c.createStatement()) {
            // The staging rows go at commit (ON COMMIT DELETE ROWS); a second call in one transaction would
            // offer the first rows again, which ON CONFLICT ignores (same attempt).
            return st.executeUpdate("insert into score (" + SCORE_COLUMNS + ") select " + SCORE_COLUMNS
                    + " from score_stage" + REPLACE_LOWER_ATTEMPT);
        }
    }

    /** A value in COPY's text format: \N for null, backslash escapes for backslash, tab, newline, return. */
    private static void copyValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String s = value instanceof Boolean b ? (b ? "t" : "f") : value.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    private static Boolean region(ScoreComputed e, Function<RegionMatches, Boolean> f) {
        return e.regionMatches() == null ? null : f.apply(e.regionMatches());
    }

    private static Boolean text(ScoreComputed e, Function<TextMatches, Boolean> f) {
        return e.textMatches() == null ? null : f.apply(e.textMatches());
    }

    /** Parks predictions whose truth has not arrived; one already parked stays as it is. */
    public static void insertPending(Connection c, List<Key> runImages, List<String> datasetIds, List<String> jsons)
            throws SQLException {
        if (runImages.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into pending_prediction (run_id, image_id, "
                + "dataset_id, event_json, received_at) select r, i, d, j, now() "
                + "from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as u(r, i, d, j) "
                + "on conflict (run_id, image_id) do nothing")) {
            setPairs(c, ps, 1, runImages);
            ps.setArray(3, c.createArrayOf("text", datasetIds.toArray()));
            ps.setArray(4, c.createArrayOf("text", jsons.toArray()));
            ps.executeUpdate();
        }
    }

    /** Removes and returns the predictions waiting for these (dataset, image) truths. */
    public static List<Pending> takePending(Connection c, Collection<Key> datasetImages) throws SQLException {
        List<Pending> taken = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("delete from pending_prediction p "
                + "using unnest(?::text[], ?::text[]) as k(dataset_id, image_id) "
                + "where p.dataset_id = k.dataset_id and p.image_id = k.image_id "
                + "returning p.run_id, p.image_id, p.event_json")) {
            setPairs(c, ps, 1, datasetImages);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return taken;
    }

    private static void setPairs(Connection c, PreparedStatement ps, int at, Collection<Key> keys)
            throws SQLException {
        ps.setArray(at, c.createArrayOf("text", keys.stream().map(Key::first).toArray()));
        ps.setArray(at + 1, c.createArrayOf("text", keys.stream().map(Key::second).toArray()));
    }

    private static <T> int text(Connection c, PreparedStatement ps, int at, List<T> rows, Function<T, String> f)
            throws SQLException {
        ps.setArray(at, c.createArrayOf("text", rows.stream().map(f).toArray()));
        return at + 1;
    }

    private static <T> int bool(Connection c, PreparedStatement ps, int at, List<T> rows, Function<T, Boolean> f)
            throws SQLException {
        Array array = c.createArrayOf("bool", rows.stream().map(f).toArray());
        ps.setArray(at, array);
        return at + 1;
    }

    private static <T> int float8(Connection c, PreparedStatement ps, int at, List<T> rows, Function<T, Double> f)
            throws SQLException {
        ps.setArray(at, c.createArrayOf("float8", rows.stream().map(f).toArray()));
        return at + 1;
    }
}
