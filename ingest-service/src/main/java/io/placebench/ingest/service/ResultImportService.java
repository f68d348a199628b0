package io.placebench.ingest.service;

import io.placebench.events.ImportedResult;
import io.placebench.ingest.config.IngestConfig;
import io.placebench.ingest.domain.BlobStore;
import io.placebench.ingest.domain.DatasetIds;
import io.placebench.ingest.domain.ImageFields;
import io.placebench.ingest.domain.ImageoResults;
import io.placebench.ingest.domain.Manifest;
import io.placebench.ingest.domain.ManifestFormat;
import io.placebench.ingest.domain.ManifestOptions;
import io.placebench.ingest.domain.ManifestParser;
import io.placebench.ingest.domain.Problem;
import io.placebench.ingest.domain.RowProblem;
import io.placebench.ingest.service.Views.DatasetRequest;
import io.placebench.ingest.service.Views.ImportReport;
import io.placebench.ingest.service.Views.ImportedRun;
import io.placebench.ingest.service.Views.ResultFileReport;
import io.placebench.ingest.service.Views.ResultsImportReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Imports published results: an IMAGEO-Bench result JSONL per model (or several models per file) together with
 * the dataset's info CSV. The info CSV becomes the dataset's truth (images without bytes unless they were
 * imported before); each (file, provider, model) becomes an imported run whose requests carry the recorded
 * answer ({@code InferenceRequested.imported}) for inference to parse — no provider is called.
 *
 * <p>Re-importing the same file changes nothing: an imported run's id is derived from the dataset, provider,
 * model, prompt and the SHA-256 of the file.
 */
@ApplicationScoped
public class ResultImportService {

    public static final String FORMAT = "imageo";
    public static final String DEFAULT_PROMPT = "imageo";
    private static final Logger LOG = Logger.getLogger(ResultImportService.class);

    @Inject
    ImportService imports;

    @Inject
    DatasetService datasets;

    @Inject
    RunService runs;

    @Inject
    IngestConfig config;

    /** A file to read and the name it is reported under. */
    public record Source(Path path, String name) {
    }

    /** Files named by path on this server. */
    public ResultsImportReport importPaths(String format, String datasetId, String truth, List<String> results,
            String promptId) {
        List<Problem> problems = new ArrayList<>();
        Source truthSource = truth == null || truth.isBlank() ? null : source("truth", truth, problems);
        if (truthSource == null && problems.isEmpty()) {
            problems.add(new Problem("truth", truth, "truth (the dataset's info CSV) is required"));
        }
        List<Source> resultSources = new ArrayList<>();
        if (results == null || results.isEmpty()) {
            problems.add(new Problem("results", null, "results (one or more result JSONL files) are required"));
        } else {
            for (String result : results) {
                Source s = source("results", result, problems);
                if (s != null) {
                    resultSources.add(s);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("cannot import results: " + String.join("; ",
                    problems.stream().map(Problem::reason).toList()), problems);
        }
        return importSources(format, datasetId, truthSource, resultSources, promptId);
    }

    private static Source source(String field, String value, List<Problem> problems) {
        try {
            Path path = Path.of(value.trim()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                problems.add(new Problem(field, value, Files.exists(path) ? "not a regular file" : "file not found"));
                return null;
            }
            return new Source(path, path.getFileName().toString());
        } catch (InvalidPathException e) {
            problems.add(new Problem(field, value, "not a valid path"));
            return null;
        }
    }

    public ResultsImportReport importSources(String format, String rawDatasetId, Source truth, List<Source> results,
            String rawPromptId) {
        String chosen = ImageFields.clean(format) == null ? FORMAT : format.trim().toLowerCase(Locale.ROOT);
        if (!chosen.equals(FORMAT) && !chosen.equals("imageo-bench")) {
            throw ApiException.badRequest("unknown results format '" + format + "': expected imageo",
                    List.of(new Problem("format", format, "expected imageo")));
        }
        if (truth == null) {
            throw ApiException.badRequest("truth (the dataset's info CSV) is required",
                    List.of(new Problem("truth", null, "truth is required")));
        }
        if (results == null || results.isEmpty()) {
            throw ApiException.badRequest("results (one or more result JSONL files) are required",
                    List.of(new Problem("results", null, "results are required")));
        }
        String promptId = ImageFields.clean(rawPromptId) == null ? DEFAULT_PROMPT : rawPromptId.trim();
        String datasetId = ImageFields.clean(rawDatasetId) == null ? defaultDatasetId(truth.name())
                : rawDatasetId.trim();
        DatasetIds.problem(datasetId).ifPresent(reason -> {
            throw ApiException.badRequest(reason, List.of(new Problem("datasetId", datasetId, reason)));
        });
        boolean exists = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(
                () -> io.placebench.ingest.repository.Dataset.findById(datasetId) != null);
        if (!exists) {
            datasets.create(new DatasetRequest(datasetId, null, "IMAGEO-Bench results imported with "
                    + truth.name()));
            LOG.infof("Dataset %s created for the results imported with %s", datasetId, truth.name());
        }

        Manifest truthManifest = new ManifestParser(config.maxImageBytes()).parseFile(null, truth.path(), truth.name(),
                ManifestOptions.truthOnly(ManifestFormat.IMAGEO));
        ImportReport truthReport = imports.importManifest(datasetId, truthManifest, truth.name());
        Map<String, String> known = imports.imageIds(datasetId);

        List<ResultFileReport> files = new ArrayList<>();
        for (Source result : results) {
            files.add(importFile(datasetId, promptId, result, known));
        }
        return new ResultsImportReport(datasetId, FORMAT, truthReport, files);
    }

    private ResultFileReport importFile(String datasetId, String promptId, Source file, Map<String, String> known) {
        byte[] content;
        try {
            content = Files.readAllBytes(file.path());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.name(), e);
        }
        ImageoResults.Parsed parsed;
        try (Reader reader = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(content),
                StandardCharsets.UTF_8.newDecoder())) {
            parsed = ImageoResults.parse(reader);
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(file.name() + " is not valid UTF-8",
                    List.of(new Problem("results", file.name(), "not valid UTF-8")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.name(), e);
        }
        String fileSha = BlobStore.sha256(content);
        List<RowProblem> rejected = new ArrayList<>(parsed.problems());
        List<ImportedRun> runsMade = new ArrayList<>();
        int accepted = 0;
        for (ImageoResults.Group group : parsed.groups()) {
            List<RunService.ImportedAnswer> answers = new ArrayList<>();
            for (ImageoResults.Line line : group.lines()) {
                String imageId = line.candidateIds().stream().filter(known::containsKey).findFirst().orElse(null);
                if (imageId == null) {
                    rejected.add(new RowProblem(line.line(), "image_file", line.imageFile(), "no truth for this image "
                            + "in dataset " + datasetId + " (looked for " + String.join(", ", line.candidateIds())
                            + ")"));
                    continue;
                }
                answers.add(new RunService.ImportedAnswer(imageId, new ImportedResult(file.name() + "#" + line.line(),
                        line.rawResponse(), line.error(), line.status(), line.usage(), line.costUsd(), null)));
            }
            if (answers.isEmpty()) {
                continue;
            }
            String runId = runId(datasetId, group.provider(), group.model(), promptId, fileSha);
            boolean existed = runs.importRun(runId, datasetId, group.provider(), group.model(), promptId, file.name(),
                    answers);
            accepted += answers.size();
            runsMade.add(new ImportedRun(runId, group.provider(), group.model(), answers.size(), existed));
            LOG.infof("Results %s: run %s (%s/%s) %s with %d answers", file.name(), runId, group.provider(),
                    group.model(), existed ? "already imported" : "imported", answers.size());
        }
        rejected.sort(Comparator.comparingInt(RowProblem::row));
        int rejectedLines = (int) rejected.stream().mapToInt(RowProblem::row).distinct().count();
        return new ResultFileReport(file.name(), parsed.lines(), accepted, rejectedLines, rejected, runsMade);
    }

    /** {@code dataset3_info.csv} gives {@code imageo-dataset3}. */
    static String defaultDatasetId(String truthName) {
        String base = truthName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        if (base.endsWith("_info")) {
            base = base.substring(0, base.length() - "_info".length());
        }
        String id = "imageo-" + base.replaceAll("[^A-Za-z0-9._-]", "-");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    /** Stable run id of an imported (dataset, provider, model, prompt, file content). */
    static String runId(String datasetId, String provider, String model, String promptId, String fileSha) {
        String key = String.join("\n", datasetId, provider, model, promptId, fileSha);
        return "run-" + BlobStore.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }
}
