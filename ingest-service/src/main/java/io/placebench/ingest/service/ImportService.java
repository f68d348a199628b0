package io.placebench.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.ingest.client.UrlFetcher;
import io.placebench.ingest.config.IngestConfig;
import io.placebench.ingest.config.PublicUrl;
import io.placebench.ingest.config.UploadsConfig;
import io.placebench.ingest.domain.BlobStore;
import io.placebench.ingest.domain.ImageFields;
import io.placebench.ingest.domain.ImageType;
import io.placebench.ingest.domain.Manifest;
import io.placebench.ingest.domain.ManifestFormat;
import io.placebench.ingest.domain.ManifestOptions;
import io.placebench.ingest.domain.ManifestParser;
import io.placebench.ingest.domain.ManifestRow;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.domain.RowProblem;
import io.placebench.ingest.domain.TooLargeException;
import io.placebench.ingest.domain.ZipExtractor;
import io.placebench.events.Topics;
import io.placebench.ingest.repository.Outbox;
import io.placebench.ingest.repository.StoredImage;
import io.placebench.ingest.service.Views.ImageView;
import io.placebench.ingest.service.Views.ImportReport;
import io.placebench.ingest.service.Views.ImportRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Brings images in: from a manifest in a folder on this server, from an uploaded manifest (with an uploaded
 * zip archive of images, or with image URLs that ingest fetches), one upload at a time, or as truth only (the
 * images of imported results). Rows are read, fetched, hashed and written to the blob store in parallel
 * ({@code placebench.ingest.io-threads}), stored in batches ({@code placebench.ingest.batch-size} rows per
 * transaction); each transaction appends the {@code ImageIngested} events of its images to the outbox, then the
 * new images are sent to the open runs of the dataset.
 *
 * <p>(dataset, image id) identifies an image: the same id with the same bytes and coordinates is a duplicate
 * (nothing changes, no event), with other bytes or coordinates it is rejected. An image known by its truth
 * only gets its bytes when they are imported later with the same coordinates (counted as accepted).
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
    Outbox outbox;

    @Inject
    IngestConfig config;

    @Inject
    UploadsConfig uploads;

    @Inject
    PublicUrl publicUrl;

    @Inject
    DatasetService datasets;

    @Inject
    RunService runs;

    @Inject
    UrlFetcher fetcher;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    private ExecutorService io;

    private enum Outcome { ACCEPTED, DUPLICATE, REJECTED }

    /**
     * One checked image ready to be stored; its bytes (when there are any) are already in the blob store.
     * {@code sha256} and {@code type} are null for a truth-only image.
     */
    private record Candidate(int row, String imageId, String sha256, ImageType type, long sizeBytes, double latitude,
            double longitude, String city, String admin1, String country, Map<String, String> attributes) {
    }

    /** What storing one candidate did; {@code image} is the stored (or already existing) row. */
    private record Stored(Outcome outcome, StoredImage image, boolean needsEvent) {
    }

    private synchronized ExecutorService io() {
        if (io == null) {
            AtomicInteger n = new AtomicInteger();
            io = Executors.newFixedThreadPool(Math.max(1, config.ioThreads()), r -> {
                Thread t = new Thread(r, "ingest-io-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return io;
    }

    void shutdown(@Observes ShutdownEvent event) {
        synchronized (this) {
            if (io != null) {
                io.shutdownNow();
            }
        }
    }

    // ---------------------------------------------------------------- manifest imports

    public ImportReport importFolder(String datasetId, ImportRequest request) {
        if (request == null) {
            throw ApiException.badRequest("request body is required: {\"folder\": \"/abs/path\", \"manifest\": "
                    + "\"manifest.csv\"}", List.of(new Problem("folder", null, "folder is required")));
        }
        QuarkusTransaction.requiringNew().run(() -> DatasetService.require(datasetId));
        ManifestOptions options = options(request.format(), request.mapping());
        Manifest manifest = new ManifestParser(config.maxImageBytes())
                .parse(request.folder(), request.manifest(), options);
        return importManifest(datasetId, manifest, request.folder());
    }

    /**
     * An uploaded manifest ({@code manifestFile}, named {@code manifestName}; null to read
     * {@code manifestInArchive} from the archive) with an optional zip {@code archive} of the images. Without an
     * archive, rows need a {@code url} (or the format reads no images).
     */
    public ImportReport importUpload(String datasetId, Path manifestFile, String manifestName, Path archive,
            String manifestInArchive, String format, String mapping) {
        QuarkusTransaction.requiringNew().run(() -> DatasetService.require(datasetId));
        ManifestOptions options = options(format, parseMapping(mapping));
        if (manifestFile == null && archive == null) {
            throw ApiException.badRequest("a manifest part (and optionally an archive part) is required",
                    List.of(new Problem("manifest", null, "manifest is required")));
        }
        Path work = null;
        try {
            Path folder = null;
            if (archive != null) {
                Path base = Files.createDirectories(Path.of(uploads.directory().orElse(System.getProperty(
                        "java.io.tmpdir"))));
                work = Files.createTempDirectory(base, "placebench-import-");
                folder = work.resolve("archive");
                Files.createDirectories(folder);
                try (InputStream in = Files.newInputStream(archive)) {
                    new ZipExtractor(uploads.maxArchiveEntries(), uploads.maxArchiveUnpackedBytes())
                            .extract(in, folder);
                }
            }
            ManifestParser parser = new ManifestParser(config.maxImageBytes());
            Manifest manifest;
            if (manifestFile != null) {
                String name = manifestName == null || manifestName.isBlank() ? "manifest" : manifestName;
                manifest = parser.parseFile(folder, manifestFile, name, options);
            } else {
                String name = ImageFields.clean(manifestInArchive) == null ? ManifestParser.DEFAULT_MANIFEST
                        : manifestInArchive.trim();
                manifest = parser.parse(folder.toString(), name, options);
            }
            return importManifest(datasetId, manifest,
                    archive != null ? "an uploaded archive" : "an uploaded manifest");
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the upload", e);
        } finally {
            deleteTree(work);
        }
    }

    /** The request's format and mapping as parser options (400 naming {@code format} or {@code mapping}). */
    public static ManifestOptions options(String format, Map<String, String> mapping) {
        ManifestFormat chosen = null;
        if (ImageFields.clean(format) != null && !format.trim().equalsIgnoreCase("auto")) {
            chosen = ManifestFormat.named(format).orElseThrow(() -> ApiException.badRequest("unknown format '"
                    + format + "': expected auto or one of " + String.join(", ", ManifestFormat.names()),
                    List.of(new Problem("format", format, "unknown format"))));
        }
        Map<String, String> cleaned = new LinkedHashMap<>();
        if (mapping != null) {
            List<Problem> problems = new ArrayList<>();
            mapping.forEach((field, column) -> {
                if (!ManifestFormat.FIELDS.contains(field)) {
                    problems.add(new Problem("mapping", field, "unknown field '" + field + "': expected one of "
                            + String.join(", ", ManifestFormat.FIELDS)));
                } else {
                    cleaned.put(field, column == null ? "" : column);
                }
            });
            if (!problems.isEmpty()) {
                throw ApiException.badRequest("invalid mapping: " + problems.get(0).reason(), problems);
            }
        }
        return new ManifestOptions(chosen, cleaned, true);
    }

    private Map<String, String> parseMapping(String mapping) {
        if (ImageFields.clean(mapping) == null) {
            return Map.of();
        }
        try {
            return json.readValue(mapping, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("mapping must be a JSON object of field to column name, e.g. "
                    + "{\"id\":\"IMG_ID\",\"latitude\":\"LAT\"}", List.of(new Problem("mapping", mapping,
                            "not a JSON object of strings")));
        }
    }

    /** What loading one batch gave: the candidates to store and the problems of the other rows. */
    private record Loaded(List<Candidate> candidates, List<RowProblem> problems) {
    }

    /**
     * Stores the accepted rows of a parsed manifest; {@code from} names the source in the log. Batches are
     * pipelined: the next batch is read, hashed and written to the blob store while this one is stored and
     * announced.
     */
    public ImportReport importManifest(String datasetId, Manifest manifest, String from) {
        List<RowProblem> rejected = new ArrayList<>(manifest.problems());
        int accepted = 0;
        int duplicates = 0;
        List<ManifestRow> rows = manifest.accepted();
        int batchSize = Math.max(1, config.batchSize());
        List<List<ManifestRow>> batches = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += batchSize) {
            batches.add(rows.subList(start, Math.min(rows.size(), start + batchSize)));
        }
        CompletableFuture<Loaded> next = batches.isEmpty() ? null : loadAsync(batches.get(0));
        for (int b = 0; b < batches.size(); b++) {
            Loaded loaded = join(next);
            next = b + 1 < batches.size() ? loadAsync(batches.get(b + 1)) : null;
            List<Candidate> candidates = loaded.candidates();
            List<RowProblem> batchRejected = new ArrayList<>(loaded.problems());
            List<StoredImage> toPublish = new ArrayList<>();
            int[] counts = QuarkusTransaction.requiringNew().call(() -> {
                DatasetService.lockDataset(em, datasetId);
                Map<String, StoredImage> existing = existing(datasetId, candidates);
                int newOnes = 0;
                int dupes = 0;
                for (Candidate candidate : candidates) {
                    Stored stored = store(datasetId, candidate, existing.get(candidate.imageId()));
                    switch (stored.outcome()) {
                        case ACCEPTED -> newOnes++;
                        case DUPLICATE -> dupes++;
                        case REJECTED -> batchRejected.add(new RowProblem(candidate.row(), "id", candidate.imageId(),
                                CONFLICT));
                    }
                    if (stored.needsEvent()) {
                        toPublish.add(stored.image());
                    }
                }
                announce(toPublish);
                em.flush();
                return new int[] {newOnes, dupes};
            });
            accepted += counts[0];
            duplicates += counts[1];
            rejected.addAll(batchRejected);
            count("accepted", counts[0]);
            count("duplicate", counts[1]);
            count("rejected", batchRejected.stream().mapToInt(RowProblem::row).distinct().count());
            openRuns(datasetId, toPublish);
        }
        count("rejected", manifest.rejectedRows());
        rejected.sort(Comparator.comparingInt(RowProblem::row));
        int rejectedRows = (int) rejected.stream().mapToInt(RowProblem::row).distinct().count();
        LOG.infof("Import into %s from %s (%s): %d rows, %d accepted, %d duplicates, %d rejected", datasetId, from,
                manifest.format(), manifest.rows(), accepted, duplicates, rejectedRows);
        return new ImportReport(datasetId, manifest.format(), manifest.rows(), accepted, duplicates, rejectedRows,
                rejected);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Reads (or fetches), checks, hashes and stores the bytes of each row in parallel. */
    private CompletableFuture<Loaded> loadAsync(List<ManifestRow> batch) {
        List<CompletableFuture<Object>> futures = new ArrayList<>(batch.size());
        for (ManifestRow row : batch) {
            futures.add(CompletableFuture.supplyAsync(() -> load(row), io()));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Candidate> candidates = new ArrayList<>(batch.size());
            List<RowProblem> problems = new ArrayList<>();
            for (CompletableFuture<Object> future : futures) {
                Object result = future.join();
                if (result instanceof Candidate c) {
                    candidates.add(c);
                } else {
                    @SuppressWarnings("unchecked")
                    List<RowProblem> rowProblems = (List<RowProblem>) result;
                    problems.addAll(rowProblems);
                }
            }
            return new Loaded(candidates, problems);
        });
    }

    /** A {@link Candidate}, or the list of the row's problems. */
    private Object load(ManifestRow row) {
        if (row.file() == null && row.url() == null) {
            return candidate(row, null, null, 0);
        }
        String field = row.file() != null ? "file" : "url";
        String value = row.file() != null ? row.file().getFileName().toString() : row.url().toString();
        byte[] bytes;
        if (row.file() != null) {
            try {
                bytes = Files.readAllBytes(row.file());
            } catch (IOException e) {
                return List.of(new RowProblem(row.row(), field, value, "file cannot be read: "
                        + e.getClass().getSimpleName()));
            }
        } else {
            try {
                bytes = fetcher.fetch(row.url());
            } catch (UrlFetcher.FetchException e) {
                return List.of(new RowProblem(row.row(), field, value, e.getMessage()));
            }
        }
        List<Problem> problems = new ArrayList<>();
        ImageType type = ImageFields.image(field, value, bytes.length, bytes, bytes.length, config.maxImageBytes(),
                problems);
        if (type == null || !ImageFields.readable(field, value, type, bytes, problems)) {
            return problems.stream().map(p -> RowProblem.of(row.row(), p)).toList();
        }
        BlobStore.Blob blob = putBlob(bytes);
        return candidate(row, blob.sha256(), type, bytes.length);
    }

    private static Candidate candidate(ManifestRow row, String sha, ImageType type, long size) {
        return new Candidate(row.row(), row.id(), sha, type, size, row.latitude(), row.longitude(), row.city(),
                row.admin1(), row.country(), row.attributes());
    }

    private BlobStore.Blob putBlob(byte[] bytes) {
        try {
            return blobs.put(bytes);
        } catch (IOException e) {
            throw new ApiException(500, "could not write to the blob store " + blobs.directory(), e);
        }
    }

    private Map<String, StoredImage> existing(String datasetId, List<Candidate> candidates) {
        Map<String, StoredImage> found = new HashMap<>();
        if (candidates.isEmpty()) {
            return found;
        }
        List<String> ids = candidates.stream().map(Candidate::imageId).toList();
        em.createQuery("from StoredImage i where i.datasetId = :dataset and i.imageId in :ids", StoredImage.class)
                .setParameter("dataset", datasetId)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(i -> found.put(i.imageId, i));
        return found;
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
                if (size > config.maxImageBytes()) {
                    count("rejected", 1);
                    throw new TooLargeException("file", config.maxImageBytes(), "file is " + size
                            + " bytes, above the limit of " + config.maxImageBytes()
                            + " bytes (placebench.ingest.max-image-bytes)");
                }
                bytes = Files.readAllBytes(file);
                type = ImageFields.image("file", fileName, size, bytes, bytes.length, config.maxImageBytes(),
                        problems);
                if (type != null && !ImageFields.readable("file", fileName, type, bytes, problems)) {
                    type = null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the uploaded file", e);
            }
        }
        if (!problems.isEmpty()) {
            count("rejected", 1);
            throw ApiException.badRequest("invalid image upload: " + String.join("; ",
                    problems.stream().map(Problem::reason).toList()), problems);
        }
        BlobStore.Blob blob = putBlob(bytes);
        Candidate candidate = new Candidate(1, id, blob.sha256(), type, bytes.length, lat, lon,
                ImageFields.clean(city), ImageFields.clean(admin1), ImageFields.clean(country), Map.of());
        Stored stored = QuarkusTransaction.requiringNew().call(() -> {
            DatasetService.lockDataset(em, datasetId);
            Stored s = store(datasetId, candidate, StoredImage.findImage(datasetId, id).orElse(null));
            if (s.needsEvent()) {
                announce(List.of(s.image()));
            }
            return s;
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
            openRuns(datasetId, List.of(stored.image()));
        }
        return new Uploaded(datasets.view(stored.image()), stored.outcome() == Outcome.ACCEPTED);
    }

    // ---------------------------------------------------------------- shared

    /**
     * Inside a transaction holding the dataset lock: stores a new image, adds bytes to a truth-only image, or
     * classifies an existing id as a duplicate or a conflict.
     */
    private Stored store(String datasetId, Candidate c, StoredImage existing) {
        if (existing != null) {
            boolean sameTruth = Double.compare(existing.latitude, c.latitude()) == 0
                    && Double.compare(existing.longitude, c.longitude()) == 0;
            if (!sameTruth) {
                return new Stored(Outcome.REJECTED, existing, false);
            }
            if (existing.sha256 == null && c.sha256() != null) {
                existing.sha256 = c.sha256();
                existing.mediaType = c.type().mediaType();
                existing.sizeBytes = c.sizeBytes();
                existing.publishedAt = null;
                return new Stored(Outcome.ACCEPTED, existing, true);
            }
            if (existing.sha256 != null && c.sha256() != null && !existing.sha256.equals(c.sha256())) {
                return new Stored(Outcome.REJECTED, existing, false);
            }
            // Unchanged; publish again only if an earlier publication failed after the commit.
            return new Stored(Outcome.DUPLICATE, existing, existing.publishedAt == null);
        }
        StoredImage image = new StoredImage();
        image.datasetId = datasetId;
        image.imageId = c.imageId();
        image.sha256 = c.sha256();
        image.mediaType = c.type() == null ? null : c.type().mediaType();
        image.sizeBytes = c.sizeBytes();
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

    /**
     * Inside the transaction that stores them: one ImageIngested per image appended to the outbox (published by
     * the relay once this commits; nothing is announced that rolls back, nothing stored goes unannounced).
     */
    private void announce(List<StoredImage> stored) {
        if (stored.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<Outbox.Pending> events = new ArrayList<>(stored.size());
        for (StoredImage i : stored) {
            ImageIngested event = new ImageIngested(UUID.randomUUID().toString(), ImageIngested.SCHEMA_VERSION, now,
                    i.datasetId, i.imageId, i.sha256, i.mediaType, i.sizeBytes,
                    i.sha256 == null ? null : publicUrl.blobUrl(i.sha256),
                    new GroundTruth(i.latitude, i.longitude, i.city, i.admin1, i.country),
                    datasets.attributes(i.attributes));
            events.add(new Outbox.Pending(Topics.IMAGES, i.imageId, event.eventId(), event));
            i.publishedAt = now.truncatedTo(ChronoUnit.MICROS);
        }
        outbox.append(events);
    }

    /** After the commit: the dataset's open runs take the new images with bytes. */
    private void openRuns(String datasetId, List<StoredImage> stored) {
        List<String> withBytes = stored.stream().filter(i -> i.sha256 != null).map(i -> i.imageId).toList();
        if (!withBytes.isEmpty()) {
            runs.imagesAdded(datasetId, withBytes);
        }
    }

    private void count(String outcome, long amount) {
        if (amount > 0) {
            registry.counter("placebench.ingest.images", "outcome", outcome).increment(amount);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warnf("Could not delete the temporary folder %s: %s", root, e);
        }
    }

    /** Ids of the images of a dataset with their sha256 (null when only the truth is known). */
    public Map<String, String> imageIds(String datasetId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> ids = new HashMap<>();
            em.createQuery("select i.imageId, i.sha256 from StoredImage i where i.datasetId = :dataset", Object[].class)
                    .setParameter("dataset", datasetId)
                    .getResultStream()
                    .forEach(r -> ids.put((String) r[0], (String) r[1]));
            return ids;
        });
    }
}
