package io.placebench.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.ingest.config.PublicUrl;
import io.placebench.ingest.domain.DatasetIds;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.repository.Dataset;
import io.placebench.ingest.repository.StoredImage;
import io.placebench.ingest.service.Views.DatasetRequest;
import io.placebench.ingest.service.Views.DatasetView;
import io.placebench.ingest.service.Views.ImagePage;
import io.placebench.ingest.service.Views.ImageView;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Datasets and the listing of their images. */
@ApplicationScoped
public class DatasetService {

    public static final int MAX_PAGE = 1000;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    PublicUrl publicUrl;

    /** The outcome of a create: the dataset and whether it was new. */
    public record Created(DatasetView dataset, boolean created) {
    }

    @Transactional
    public Created create(DatasetRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required", List.of());
        }
        String id = request.id() == null ? null : request.id().trim();
        checkId(id);
        String name = request.name() == null || request.name().isBlank() ? id : request.name().trim();
        String description = request.description() == null || request.description().isBlank() ? null
                : request.description().trim();
        lockDataset(em, id);
        Dataset existing = Dataset.findById(id);
        if (existing != null) {
            if (existing.name.equals(name) && Objects.equals(existing.description, description)) {
                return new Created(view(existing, StoredImage.countIn(id)), false);
            }
            throw new ApiException(409, "dataset " + id + " already exists with a different name or description",
                    List.of(new Problem("id", id, "already exists")));
        }
        Dataset dataset = new Dataset();
        dataset.id = id;
        dataset.name = name;
        dataset.description = description;
        dataset.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        dataset.persist();
        return new Created(view(dataset, 0), true);
    }

    @Transactional
    public List<DatasetView> list() {
        Map<String, Long> counts = new HashMap<>();
        em.createQuery("select i.datasetId, count(i) from StoredImage i group by i.datasetId", Object[].class)
                .getResultList().forEach(r -> counts.put((String) r[0], (Long) r[1]));
        return Dataset.<Dataset>listAll(Sort.by("id")).stream()
                .map(d -> view(d, counts.getOrDefault(d.id, 0L))).toList();
    }

    @Transactional
    public DatasetView get(String id) {
        Dataset dataset = require(id);
        return view(dataset, StoredImage.countIn(id));
    }

    @Transactional
    public ImagePage images(String id, String offset, String limit) {
        int from = integer("offset", offset, 0);
        int size = integer("limit", limit, 100);
        if (from < 0) {
            throw ApiException.badRequest("offset must be 0 or more",
                    List.of(new Problem("offset", String.valueOf(offset), "must be 0 or more")));
        }
        if (size < 1 || size > MAX_PAGE) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_PAGE,
                    List.of(new Problem("limit", String.valueOf(limit), "must be between 1 and " + MAX_PAGE)));
        }
        require(id);
        List<StoredImage> rows = em.createQuery(
                "from StoredImage i where i.datasetId = :dataset order by i.imageId", StoredImage.class)
                .setParameter("dataset", id)
                .setFirstResult(from)
                .setMaxResults(size)
                .getResultList();
        return new ImagePage(id, from, size, StoredImage.countIn(id), rows.stream().map(this::view).toList());
    }

    private static int integer(String field, String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field + " is not an integer",
                    List.of(new Problem(field, raw, "not an integer")));
        }
    }

    /** The dataset, or a 400 for a malformed id and a 404 for an unknown one. */
    public static Dataset require(String id) {
        checkId(id);
        Dataset dataset = Dataset.findById(id);
        if (dataset == null) {
            throw new ApiException(404, "dataset " + id + " not found",
                    List.of(new Problem("datasetId", id, "not found")));
        }
        return dataset;
    }

    public static void checkId(String id) {
        DatasetIds.problem(id).ifPresent(reason -> {
            throw ApiException.badRequest(reason, List.of(new Problem("id", id, reason)));
        });
    }

    /** Serialises writers of one dataset (creates, imports, uploads) until the transaction ends. */
    static void lockDataset(EntityManager em, String datasetId) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "ingest.dataset/" + datasetId)
                .getSingleResult();
    }

    static DatasetView view(Dataset d, long imageCount) {
        return new DatasetView(d.id, d.name, d.description, d.createdAt, imageCount);
    }

    public ImageView view(StoredImage i) {
        return new ImageView(i.datasetId, i.imageId, i.sha256, i.mediaType, i.sizeBytes, i.latitude, i.longitude,
                i.city, i.admin1, i.country, attributes(i.attributes), i.sha256 == null ? null
                        : publicUrl.blobUrl(i.sha256), i.createdAt);
    }

    Map<String, String> attributes(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attributes are not a JSON object of strings: " + text, e);
        }
    }

    String attributesJson(Map<String, String> attributes) {
        try {
            return json.writeValueAsString(attributes == null ? Map.of() : attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
