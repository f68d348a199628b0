package io.placebench.analytics.repository;

import static io.placebench.analytics.repository.NativeRows.rows;
import static io.placebench.analytics.repository.NativeRows.toDouble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.analytics.domain.PairedComparison;
import io.placebench.analytics.domain.RunInfo;
import io.placebench.analytics.domain.RunRegressions;
import io.placebench.analytics.domain.ScoreRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Read side of the paired comparison and the regressions: runs, their score rows, scenes and image attributes. */
@ApplicationScoped
public class PairedQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    /** The runs among {@code runIds} that analytics knows (in no particular order). */
    public List<RunInfo> runs(Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        Query query = em.createNativeQuery("select " + NativeRows.RUN_COLUMNS + " from " + ProjectionStore.RUN
                + " r where r.run_id in (:runs)");
        query.setParameter("runs", List.copyOf(runIds));
        return rows(query).stream().map(NativeRows::runInfo).toList();
    }

    /** One run, if known. */
    public Optional<RunInfo> run(String runId) {
        return runs(List.of(runId)).stream().findFirst();
    }

    /** The runs of a dataset that have at least one score, oldest first (then by id). */
    public List<RunInfo> scoredRuns(String datasetId) {
        Query query = em.createNativeQuery("select " + NativeRows.RUN_COLUMNS + " from " + ProjectionStore.RUN + " r"
                + " where r.dataset_id = :dataset and exists (select 1 from " + ProjectionStore.SCORE
                + " s where s.run_id = r.run_id) order by r.created_at, r.run_id");
        query.setParameter("dataset", datasetId);
        return rows(query).stream().map(NativeRows::runInfo).toList();
    }

    /** Per run, its score rows by image id (runs without a score are absent). */
    public Map<String, Map<String, PairedComparison.Row>> pairedRows(Collection<String> runIds) {
        Map<String, Map<String, PairedComparison.Row>> byRun = new HashMap<>();
        if (runIds.isEmpty()) {
            return byRun;
        }
        Query query = em.createNativeQuery("select s.run_id, s.image_id, s.answered, s.distance_km,"
                + " s.geoguessr_score, s.hit_1km, s.hit_25km, s.hit_200km, s.hit_750km, s.hit_2500km, s.cost_usd,"
                + " s.match_country from " + ProjectionStore.SCORE + " s where s.run_id in (:runs)");
        query.setParameter("runs", List.copyOf(runIds));
        try (Stream<?> stream = query.getResultStream()) {
            stream.forEach(result -> {
                Object[] r = (Object[]) result;
                ScoreRow row = new ScoreRow((Boolean) r[2], toDouble(r[3]), toDouble(r[4]), (Boolean) r[5],
                        (Boolean) r[6], (Boolean) r[7], (Boolean) r[8], (Boolean) r[9], (BigDecimal) r[10]);
                byRun.computeIfAbsent((String) r[0], id -> new HashMap<>())
                        .put((String) r[1], new PairedComparison.Row(row, (Boolean) r[11]));
            });
        }
        return byRun;
    }

    /**
     * The scored images of a run with the model's scene and the image's dataset attributes (joined on dataset and
     * image id; none when the images topic never described the image), in image-id order.
     */
    public List<RunRegressions.Image> regressionImages(String runId) {
        Query query = em.createNativeQuery("select s.image_id, s.answered, s.distance_km, s.hit_25km, s.match_city,"
                + " cast(s.scene as text), cast(i.attributes as text) from " + ProjectionStore.SCORE + " s"
                + " left join " + ProjectionStore.IMAGE + " i on i.dataset_id = s.dataset_id and i.image_id = s.image_id"
                + " where s.run_id = :run order by s.image_id");
        query.setParameter("run", runId);
        return rows(query).stream().map(r -> new RunRegressions.Image((String) r[0], (Boolean) r[1],
                toDouble(r[2]), (Boolean) r[3], (Boolean) r[4], flatObject((String) r[5]), flatObject((String) r[6])))
                .toList();
    }

    /**
     * A JSON object's scalar members as text (numbers and booleans as written, JSON null as null); nested objects
     * and arrays are not categories and are left out. Null for SQL null or a non-object.
     */
    static Map<String, String> flatObject(String json) {
        if (json == null) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                values.put(field.getKey(), null);
            } else if (value.isValueNode()) {
                values.put(field.getKey(), value.asText());
            }
        });
        return values;
    }
}
