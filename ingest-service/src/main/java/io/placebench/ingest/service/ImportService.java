package io.placebench.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.ingest.config.IngestConfig;
import io.placebench.ingest.config.PublicUrl;
import io.placebench.ingest.domain.BlobStore;
import io.placebench.ingest.domain.ImageFields;
import io.placebench.ingest.domain.ImageType;
import io.placebench.ingest.domain.Manifest;
import io.placebench.ingest.domain.ManifestParser;
import io.placebench.ingest.domain.ManifestRow;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.domain.RowProblem;
import io.placebench.ingest.messaging.EventPublisher;
import io.placebench.ingest.repository.StoredImage;
import io.placebench.ingest.service.Views.ImageView;
import io.placebench.ingest.service.Views.ImportReport;
import io.placebench.ingest.service.Views.ImportRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Brings images in, from a manifest folder or one upload at a time. Each image is checked, its bytes put in
 * the blob store, its row stored; {@code ImageIngested} events are published after the rows are committed.
 * (dataset, image id) identifies an image: the same id with the same bytes and coordinates is a duplicate
 * (nothing changes, no event), with other bytes or coordinates it is rejected.
 */
@ApplicationScoped
public class ImportService {

    public static final String CONFLICT = "image id already exists with different content";
    private static final Logger LOG = Logger.getLogger(ImportService.class);

    @Inject
    EntityManager em;

    @Inject
    BlobStore blobs;

    @Inject
    EventPublisher publisher;

    @Inject
    IngestConfig config;

    @Inject
    PublicUrl publicUrl;

    @Inject
    DatasetService datasets;

    @Inject
    MeterRegistry registry;

    private enum Outcome { ACCEPTED, DUPLICATE, REJECTED }

    /** One image ready to be stored: checked fields, real bytes' hash and type. */
    private record Candidate(String imageId, byte[] bytes, String sha256, ImageType type, double latitude,
            double longitude, String city, String admin1, String country, Map<String, String> attributes) {
    }

    /** What storing one candidate did; {@code image} is the stored (or already existing) row. */
    private record Stored(Outcome outcome, StoredImage image, boolean needsEvent) {
    }

    // ---------------------------------------------------------------- manifest import

    public ImportReport importFolder(String datasetId, ImportRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required: {\"folder\": \"/abs/path\", \"manifest\": "
                    + "\"manifest.csv\"}", List.of(new Problem("folder", null, "folder is required")));
        }
        QuarkusTransaction.requiringNew().run(() -> DatasetService.require(datasetId));
        Manifest manifest = new ManifestParser(config.maxImageBytes())
                .parse(request.folder(), request.manifest());
        List<RowProblem> rejected = new ArrayList<>(manifest.problems());
        int accepted = 0;
        int duplicates = 0;
        List<ManifestRow> rows = manifest.accepted();
        int batchSize = Math.max(1, config.batchSize());
        for (int start = 0; start < rows.size(); start += batchSize) {
            List<ManifestRow> batch = rows.subList(start, Math.min(rows.size(), start + batchSize));
            List<StoredImage> toPublish = new ArrayList<>();
            List<RowProblem> batchRejected = new ArrayList<>();
            int[] counts = QuarkusTransaction.requiringNew().call(() -> {
                DatasetService.lockDataset(em, datasetId);
                int newOnes = 0;
                int dupes = 0;
                for (ManifestRow row : batch) {
                    Candidate candidate = readRow(row, batchRejected);
                    if (candidate == null) {
                        continue;
                    }
                    Stored stored = store(datasetId, candidate);
                    switch (stored.outcome()) {
                        case ACCEPTED -> newOnes++;
                        case DUPLICATE -> dupes++;
                        case REJECTED -> batchRejected.add(new RowProblem(row.row(), "id", row.id(), CONFLICT));
                    }
                    if (stored.needsEvent()) {
                        toPublish.add(stored.image());
                    }
                }
                return new int[] {newOnes, dupes};
            });
            accepted += counts[0];
            duplicates += counts[1];
            rejected.addAll(batchRejected);
            count("accepted", counts[0]);
            count("duplicate", counts[1]);
            count("rejected", batchRejected.stream().mapToInt(RowProblem::row).distinct().count());
            publish(datasetId, toPublish);
        }
        count("rejected", manifest.rejectedRows());
        rejected.sort(Comparator.comparingInt(RowProblem::row));
        int rejectedRows = (int) rejected.stream().mapToInt(RowProblem::row).distinct().count();
        LOG.infof("Import into %s from %s: %d rows, %d accepted, %d duplicates, %d rejected", datasetId,
                request.folder(), manifest.rows(), accepted, duplicates, rejectedRows);
        return new ImportReport(datasetId, manifest.rows(), accepted, duplicates, rejectedRows, rejected);
    }

    /** Reads the bytes of an accepted manifest row again, checking they are still what the parser saw. */
    private Candidate readRow(ManifestRow row, List<RowProblem> rejected) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(row.file());
        } catch (IOException e) {
            rejected.add(new RowProblem(row.row(), "file", row.file().getFileName().toString(),
                    "file cannot be read: " + e.getClass().getSimpleName()));
            return null;
        }
        List<Problem> problems = new ArrayList<>();
        ImageType type = ImageFields.image("file", row.file().getFileName().toString(), bytes.length, bytes,
                bytes.length, config.maxImageBytes(), problems);
        if (type == null) {
            problems.forEach(p -> rejected.add(RowProblem.of(row.row(), p)));
            return null;
        }
        return new Candidate(row.id(), bytes, BlobStore.sha256(bytes), type, row.latitude(), row.longitude(),
                row.city(), row.admin1(), row.country(), row.attributes());
    }

    // ---------------------------------------------------------------- single upload

    /** The outcome of an upload: the image and whether it was new (false: the same image was already there). */
    public record Uploaded(ImageView image, boolean created) {
    }

    /**
     * Stores one uploaded image. {@code file} is the uploaded temporary file (null when the part is missing),
     * {@code fileName} its client-side name (for messages only).
     */
    public Uploaded upload(String datasetId, Path file, String fileName, String imageId, String latitude,
            String longitude, String city, String admin1, String country) {
        QuarkusTransaction.requiringNew().run(() -> DatasetService.require(datasetId));
        List<Problem> problems = new ArrayList<>();
        String id = ImageFields.clean(imageId);
        ImageFields.checkImageId("id", id).ifPresent(problems::add);
        Double lat = ImageFields.coordinate("latitude", latitude, 90, problems);
        Double lon = ImageFields.coordinate("longitude", longitude, 180, problems);
        byte[] bytes = null;
        ImageType type = null;
        if (file == null) {
            problems.add(new Problem("file", null, "file is required (a multipart part named file)"));
        } else {
            try {
                long size = Files.size(file);
                if (size <= config.maxImageBytes()) {
                    bytes = Files.readAllBytes(file);
                }
                byte[] head = bytes != null ? bytes : new byte[0];
                type = ImageFields.image("file", fileName, size, head, head.length, config.maxImageBytes(),
                        problems);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the uploaded file", e);
            }
        }
        if (!problems.isEmpty()) {
            count("rejected", 1);
            throw ApiException.badRequest("invalid image upload: " + String.join("; ",
                    problems.stream().map(Problem::reason).toList()), problems);
        }
        Candidate candidate = new Candidate(id, bytes, BlobStore.sha256(bytes), type, lat, lon,
                ImageFields.clean(city), ImageFields.clean(admin1), ImageFields.clean(country), Map.of());
        Stored stored = QuarkusTransaction.requiringNew().call(() -> {
            DatasetService.lockDataset(em, datasetId);
            return store(datasetId, candidate);
        });
        switch (stored.outcome()) {
            case REJECTED -> {
                count("rejected", 1);
                throw new ApiException(409, CONFLICT, List.of(new Problem("id", id, CONFLICT)));
            }
            case DUPLICATE -> count("duplicate", 1);
            case ACCEPTED -> count("accepted", 1);
        }
        if (stored.needsEvent()) {
            publish(datasetId, List.of(stored.image()));
        }
        return new Uploaded(datasets.view(stored.image()), stored.outcome() == Outcome.ACCEPTED);
    }

    // ---------------------------------------------------------------- shared

    /** Inside a transaction holding the dataset lock: stores a new image, or classifies an existing id. */
    private Stored store(String datasetId, Candidate c) {
        StoredImage existing = StoredImage.findImage(datasetId, c.imageId()).orElse(null);
        if (existing != null) {
            if (!existing.sameContent(c.sha256(), c.latitude(), c.longitude())) {
                return new Stored(Outcome.REJECTED, existing, false);
            }
            // Unchanged; publish again only if an earlier publication failed after the commit.
            return new Stored(Outcome.DUPLICATE, existing, existing.publishedAt == null);
        }
        try {
            blobs.put(c.bytes());
        } catch (IOException e) {
            throw new ApiException(500, "could not write to the blob store " + blobs.directory(), e);
        }
        StoredImage image = new StoredImage();
        image.datasetId = datasetId;
        image.imageId = c.imageId();
        image.sha256 = c.sha256();
        image.mediaType = c.type().mediaType();
        image.sizeBytes = c.bytes().length;
        image.latitude = c.latitude();
        image.longitude = c.longitude();
        image.city = c.city();
        image.admin1 = c.admin1();
        image.country = c.country();
        image.attributes = datasets.attributesJson(c.attributes());
        image.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        image.persist();
        return new Stored(Outcome.ACCEPTED, image, true);
    }

    /** After the commit: publish one ImageIngested per image, await every ack, then mark them published. */
    private void publish(String datasetId, List<StoredImage> stored) {
        if (stored.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<ImageIngested> events = stored.stream().map(i -> new ImageIngested(UUID.randomUUID().toString(),
                ImageIngested.SCHEMA_VERSION, now, i.datasetId, i.imageId, i.sha256, i.mediaType, i.sizeBytes,
                publicUrl.blobUrl(i.sha256), new GroundTruth(i.latitude, i.longitude, i.city, i.admin1, i.country),
                datasets.attributes(i.attributes))).toList();
        try {
            publisher.images(events);
        } catch (RuntimeException e) {
            throw new ApiException(503, stored.size() + " images of dataset " + datasetId + " were stored but their "
                    + "events could not be published (" + e.getMessage() + "); import them again to publish them", e);
        }
        List<String> ids = stored.stream().map(i -> i.imageId).toList();
        QuarkusTransaction.requiringNew().run(() -> em.createQuery(
                "update StoredImage i set i.publishedAt = :now where i.datasetId = :dataset and i.imageId in :ids")
                .setParameter("now", now.truncatedTo(ChronoUnit.MICROS))
                .setParameter("dataset", datasetId)
                .setParameter("ids", ids)
                .executeUpdate());
    }

    private void count(String outcome, long amount) {
        if (amount > 0) {
            registry.counter("placebench.ingest.images", "outcome", outcome).increment(amount);
        }
    }
}
