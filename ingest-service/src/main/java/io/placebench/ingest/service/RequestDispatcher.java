package io.placebench.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.ImportedResult;
import io.placebench.events.InferenceRequested;
import io.placebench.events.Topics;
import io.placebench.ingest.config.PublicUrl;
import io.placebench.ingest.config.RunsConfig;
import io.placebench.ingest.domain.RunMode;
import io.placebench.ingest.repository.Outbox;
import io.placebench.ingest.repository.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fan-out of a run into {@code inference.requests}, always inside the caller's transaction and under the
 * run's row lock: requests are appended to the outbox and marked sent in that transaction, so a request is
 * published if and only if the decision that sent it commits, and a run is fanned out once however many imports,
 * actions and watchdog passes happen at the same time.
 */
@ApplicationScoped
public class RequestDispatcher {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    RunEvents events;

    @Inject
    PublicUrl publicUrl;

    @Inject
    RunsConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    /**
     * Adds the images the run covers to {@code run_image} — all images with bytes of the dataset, or only
     * {@code imageIds}. Takes the dataset's lock so that an import committing at the same time is either seen
     * here or sees this run as running.
     */
    void fill(Run run, List<String> imageIds) {
        if (RunMode.of(run.mode) == RunMode.IMPORTED) {
            return;
        }
        DatasetService.lockDataset(em, run.datasetId);
        var query = em.createNativeQuery("""
                insert into {h-schema}run_image (run_id, image_id)
                select :run, i.image_id from {h-schema}image i
                where i.dataset_id = :dataset and i.sha256 is not null"""
                + (imageIds == null ? "" : " and i.image_id in (:ids)") + """

                on conflict do nothing""")
                .setParameter("run", run.id)
                .setParameter("dataset", run.datasetId);
        if (imageIds != null) {
            query.setParameter("ids", imageIds);
        }
        query.executeUpdate();
    }

    /** Appends a request for every unsent image of the (locked, running) run and marks them sent. */
    long dispatch(Run run) {
        long sent = 0;
        int chunk = Math.max(1, config.fanoutChunk());
        while (true) {
            int n = send(run, "ri.sent_at is null", null, chunk, true);
            sent += n;
            if (n < chunk) {
                return sent;
            }
        }
    }

    /**
     * The watchdog's re-send: a new request (new event id, same attempt, the run's current generation) for every
     * image of the locked, running run sent before {@code before} and still unanswered; {@code sent_at} moves to
     * now so the next re-send waits another period. Free for the provider: inference's ledger joins it.
     */
    long resend(Run run, Instant before) {
        long sent = 0;
        int chunk = Math.max(1, config.fanoutChunk());
        while (true) {
            int n = send(run, "ri.sent_at < :before and ri.status is null", before, chunk, false);
            sent += n;
            if (n < chunk) {
                return sent;
            }
        }
    }

    private int send(Run run, String condition, Instant before, int limit, boolean counts) {
        var query = em.createNativeQuery("""
                select ri.image_id, ri.attempt, ri.imported, i.sha256, i.media_type, ri.resend
                from {h-schema}run_image ri
                join {h-schema}image i on i.dataset_id = :dataset and i.image_id = ri.image_id
                where ri.run_id = :run and\s""" + condition + """

                order by ri.image_id
                limit :limit""")
                .setParameter("dataset", run.datasetId)
                .setParameter("run", run.id)
                .setParameter("limit", limit);
        if (before != null) {
            query.setParameter("before", before);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        Map<String, Object> parameters = events.parameters(run);
        Instant at = Instant.now();
        List<Outbox.Pending> requests = new ArrayList<>(rows.size());
        List<String> ids = new ArrayList<>(rows.size());
        int firstAttempts = 0;
        for (Object[] r : rows) {
            String imageId = (String) r[0];
            int attempt = ((Number) r[1]).intValue();
            if (attempt == 1 && !Boolean.TRUE.equals(r[5])) {
                firstAttempts++;
            }
            ImportedResult imported = r[2] == null ? null : readImported((String) r[2]);
            String sha = r[3] == null ? null : ((String) r[3]).trim();
            InferenceRequested request = new InferenceRequested(UUID.randomUUID().toString(),
                    InferenceRequested.SCHEMA_VERSION, at, run.id, run.datasetId, imageId, sha, (String) r[4],
                    sha == null ? null : publicUrl.blobUrl(sha), run.provider, run.model, run.promptId, parameters,
                    attempt, imported, run.generation);
            requests.add(new Outbox.Pending(Topics.INFERENCE_REQUESTS, Topics.runImageKey(run.id, imageId),
                    request.eventId(), request));
            ids.add(imageId);
        }
        outbox.append(requests);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        em.createNativeQuery("update {h-schema}run_image set sent_at = :now, resend = false "
                + "where run_id = :run and image_id in (:ids)")
                .setParameter("now", now)
                .setParameter("run", run.id)
                .setParameter("ids", ids)
                .executeUpdate();
        if (counts) {
            run.expectedCount += firstAttempts; // retried and re-sent images were counted when first sent
            run.updatedAt = now;
            registry.counter("placebench.ingest.requests.sent").increment(requests.size());
        }
        return requests.size();
    }

    private ImportedResult readImported(String text) {
        try {
            return json.readValue(text, ImportedResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored imported result is not JSON: " + text, e);
        }
    }
}
