package io.placebench.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.InferenceRequested;
import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.ingest.config.PublicUrl;
import io.placebench.ingest.domain.DatasetIds;
import io.placebench.ingest.domain.ImageFields;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.messaging.EventPublisher;
import io.placebench.ingest.repository.Dataset;
import io.placebench.ingest.repository.Run;
import io.placebench.ingest.repository.StoredImage;
import io.placebench.ingest.service.Views.RunRequest;
import io.placebench.ingest.service.Views.RunView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Creates runs and fans them out: {@code runs} CREATED, one {@code inference.requests} record per image of the
 * dataset (never with the ground truth), then {@code runs} RUNNING with the expected count.
 */
@ApplicationScoped
public class RunService {

    public static final String SIMULATOR = "simulator";
    private static final Logger LOG = Logger.getLogger(RunService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    EventPublisher publisher;

    @Inject
    PublicUrl publicUrl;

    @Inject
    MeterRegistry registry;

    /** The bytes of one image to ask about, without its truth. */
    public record ImageRef(String imageId, String sha256, String mediaType) {
    }

    public RunView create(RunRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required", List.of());
        }
        String datasetId = ImageFields.clean(request.datasetId());
        String provider = ImageFields.clean(request.provider());
        String model = ImageFields.clean(request.model());
        String promptId = ImageFields.clean(request.promptId());
        Map<String, Object> parameters = request.parameters() == null ? Map.of() : request.parameters();
        List<Problem> problems = new ArrayList<>();
        if (datasetId == null) {
            problems.add(new Problem("datasetId", request.datasetId(), "datasetId is required"));
        } else {
            DatasetIds.problem(datasetId).ifPresent(r -> problems.add(new Problem("datasetId", datasetId, r)));
        }
        required("provider", provider, request.provider(), problems);
        required("model", model, request.model(), problems);
        required("promptId", promptId, request.promptId(), problems);
        if (problems.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> {
                if (Dataset.findById(datasetId) == null) {
                    problems.add(new Problem("datasetId", datasetId, "dataset " + datasetId + " does not exist"));
                } else if (StoredImage.countIn(datasetId) == 0) {
                    problems.add(new Problem("datasetId", datasetId, "dataset " + datasetId + " has no images"));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid run: " + String.join("; ",
                    problems.stream().map(Problem::reason).toList()), problems);
        }

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Run run = new Run();
        run.id = "run-" + HexFormat.of().formatHex(randomBytes(6));
        run.datasetId = datasetId;
        run.provider = provider;
        run.model = model;
        run.promptId = promptId;
        run.parameters = write(parameters);
        run.simulated = SIMULATOR.equals(provider);
        run.status = RunStatus.CREATED.name();
        run.expectedCount = 0;
        run.createdAt = now;
        run.updatedAt = now;
        QuarkusTransaction.requiringNew().run(run::persist);
        registry.counter("placebench.ingest.runs.created").increment();

        try {
            publisher.runChanged(changed(run, parameters, RunStatus.CREATED, 0, null));
            List<ImageRef> images = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                    "select i.imageId, i.sha256, i.mediaType from StoredImage i where i.datasetId = :dataset "
                            + "order by i.imageId", Object[].class)
                    .setParameter("dataset", datasetId)
                    .getResultStream()
                    .map(r -> new ImageRef((String) r[0], (String) r[1], (String) r[2]))
                    .toList());
            Instant sentAt = Instant.now();
            List<InferenceRequested> requests = images.stream().map(i -> new InferenceRequested(
                    UUID.randomUUID().toString(), InferenceRequested.SCHEMA_VERSION, sentAt, run.id, datasetId,
                    i.imageId(), i.sha256(), i.mediaType(), publicUrl.blobUrl(i.sha256()), provider, model, promptId,
                    parameters)).toList();
            publisher.inferenceRequests(requests);
            Instant updated = Instant.now().truncatedTo(ChronoUnit.MICROS);
            QuarkusTransaction.requiringNew().run(() -> em.createQuery(
                    "update Run r set r.status = :status, r.expectedCount = :count, r.updatedAt = :now where r.id = :id")
                    .setParameter("status", RunStatus.RUNNING.name())
                    .setParameter("count", (long) requests.size())
                    .setParameter("now", updated)
                    .setParameter("id", run.id)
                    .executeUpdate());
            run.status = RunStatus.RUNNING.name();
            run.expectedCount = requests.size();
            run.updatedAt = updated;
            publisher.runChanged(changed(run, parameters, RunStatus.RUNNING, requests.size(), null));
        } catch (RuntimeException e) {
            if (e instanceof ApiException) {
                throw e;
            }
            throw new ApiException(503, "run " + run.id + " was created but its events could not all be published: "
                    + e.getMessage(), e);
        }
        LOG.infof("Run %s: %s/%s prompt %s over %d images of %s", run.id, provider, model, promptId,
                run.expectedCount, datasetId);
        return view(run);
    }

    public List<RunView> list() {
        return QuarkusTransaction.requiringNew().call(() -> Run.<Run>listAll(Sort.descending("createdAt")
                .and("id")).stream().map(this::view).toList());
    }

    public RunView get(String id) {
        Run run = QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(id));
        if (run == null) {
            throw new ApiException(404, "run " + id + " not found", List.of(new Problem("id", id, "not found")));
        }
        return view(run);
    }

    private RunChanged changed(Run run, Map<String, Object> parameters, RunStatus status, long expected,
            String reason) {
        return new RunChanged(UUID.randomUUID().toString(), RunChanged.SCHEMA_VERSION, Instant.now(), run.id,
                run.datasetId, run.provider, run.model, run.promptId, parameters, run.simulated, status, expected,
                reason);
    }

    private RunView view(Run r) {
        return new RunView(r.id, r.datasetId, r.provider, r.model, r.promptId, read(r.parameters), r.simulated,
                r.status, r.expectedCount, r.createdAt, r.updatedAt);
    }

    private static void required(String field, String cleaned, String raw, List<Problem> problems) {
        if (cleaned == null) {
            problems.add(new Problem(field, raw, field + " is required"));
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private String write(Map<String, Object> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("parameters cannot be written as JSON: " + e.getOriginalMessage(),
                    List.of(new Problem("parameters", null, "not serialisable")));
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run parameters are not a JSON object: " + text, e);
        }
    }
}
