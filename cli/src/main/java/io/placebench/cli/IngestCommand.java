package io.placebench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.placebench.cli.client.ApiException;
import io.placebench.cli.client.Multipart;
import io.placebench.cli.client.PlaceBenchClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code placebench ingest}: import a dataset's images (a folder on the server, an uploaded zip, or image URLs). */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import images with their ground truth into a dataset of ingest-service and print the "
                + "import report (accepted, duplicates, rejected rows with the reason).",
                "Three ways:",
                "  --folder DIR [--manifest FILE]   a folder on the ingest server's machine (for the local stack: "
                        + "this machine); the manifest is relative to DIR (default manifest.csv)",
                "  --archive ZIP [--manifest FILE]  upload a zip of the images; --manifest is a local file to "
                        + "upload with it, or else the name of the manifest inside the zip (default manifest.csv)",
                "  --manifest FILE                  upload only a manifest whose rows give image URLs",
                "Formats: auto (default: recognised from the header), generic, imageo, im2gps (im2gps3k, yfcc4k, "
                        + "mp16), osv5m; --map FIELD=COLUMN maps columns of other layouts (fields id, file, url, "
                        + "latitude, longitude, city, admin1, country; FIELD= unmaps). See docs/datasets.md.",
                "Exit codes: 0 the import ran (rejected rows are listed, they do not fail it), 1 the request "
                        + "failed, 2 bad options."},
        footer = {"", "Examples:",
                "  placebench ingest im2gps3k --create --folder /data/im2gps3k --manifest im2gps3k_places365.csv",
                "  placebench ingest mine --create --archive photos.zip --manifest photos.csv "
                        + "--map id=IMG_ID --map latitude=LAT --map longitude=LON"})
public class IngestCommand implements Callable<Integer> {

    /** How many rejected rows are printed (--json prints every one). */
    static final int SHOWN_REJECTIONS = 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset id ([A-Za-z0-9._-], at most 64).")
    String dataset;

    @Option(names = "--folder", paramLabel = "DIR", description = "Folder on the ingest server holding the images.")
    Path folder;

    @Option(names = "--archive", paramLabel = "ZIP", description = "Local zip of the images to upload.")
    Path archive;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "The manifest (CSV or JSON Lines): relative to --folder; with --archive a local file "
                    + "or a name inside the zip; alone, a local file of image URLs.")
    String manifest;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "auto, generic, imageo, im2gps (im2gps3k, yfcc4k, mp16) or osv5m (default: auto).")
    String format;

    @Option(names = "--map", paramLabel = "FIELD=COLUMN",
            description = "Read FIELD from column COLUMN (repeatable).")
    Map<String, String> mapping = new LinkedHashMap<>();

    @Option(names = "--create", description = "Create the dataset first when it does not exist.")
    boolean create;

    @Option(names = "--name", description = "Name of a dataset made by --create (default: its id).")
    String name;

    @Option(names = "--description", description = "Description of a dataset made by --create.")
    String description;

    @Option(names = "--json", description = "Print the whole import report as JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60m", converter = DurationConverter.class,
            description = "How long the import may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    ApiOptions api = new ApiOptions();

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        Request request = request();
        PlaceBenchClient client = api.client(timeout);
        if (create && client.dataset(dataset).isEmpty()) {
            client.createDataset(dataset, name, description);
            (json ? spec.commandLine().getErr() : out).println("Created dataset '" + dataset + "'.");
        }
        JsonNode report;
        try {
            report = request.form() != null ? client.importUpload(dataset, request.form())
                    : client.importFolder(dataset, request.body());
        } catch (ApiException e) {
            if (e.status() == 404 && !create) {
                throw new ApiException(e.getMessage() + "\n  (pass --create to create dataset '" + dataset + "')",
                        e.status(), e.body());
            }
            throw e;
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            printReport(out, "Imported into dataset '" + report.path("datasetId").asText(dataset) + "'", report);
        }
        out.flush();
        return 0;
    }

    /** The JSON body of a server-side folder import, or the multipart form of an upload. */
    record Request(Map<String, Object> body, Multipart form) {
    }

    Request request() throws JsonProcessingException {
        if (folder != null && archive != null) {
            throw new ParameterException(spec.commandLine(), "give either --folder or --archive, not both");
        }
        if (folder == null && archive == null && manifest == null) {
            throw new ParameterException(spec.commandLine(),
                    "give --folder DIR (on the server), --archive ZIP (uploaded) or --manifest FILE (image URLs)");
        }
        String formatValue = format == null || format.isBlank() ? null : format.trim();
        if (folder != null) {
            Path dir = folder.toAbsolutePath().normalize();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("folder", dir.toString());
            if (manifest != null) {
                body.put("manifest", relativeManifest(dir));
            }
            if (formatValue != null) {
                body.put("format", formatValue);
            }
            if (!mapping.isEmpty()) {
                body.put("mapping", mapping);
            }
            return new Request(body, null);
        }
        Multipart form = new Multipart();
        if (archive != null) {
            requireFile(archive, "--archive");
            if (manifest != null && Files.isRegularFile(Path.of(manifest))) {
                form.file("manifest", Path.of(manifest));
            } else if (manifest != null) {
                form.text("manifestName", manifest);
            }
            form.file("archive", archive);
        } else {
            requireFile(Path.of(manifest), "--manifest");
            form.file("manifest", Path.of(manifest));
        }
        form.textIfPresent("format", formatValue);
        if (!mapping.isEmpty()) {
            form.text("mapping", new ObjectMapper().writeValueAsString(mapping));
        }
        return new Request(null, form);
    }

    /** The manifest relative to the folder, as ingest expects it. */
    private String relativeManifest(Path dir) {
        Path m = Path.of(manifest);
        if (!m.isAbsolute()) {
            return manifest;
        }
        Path normalized = m.normalize();
        if (!normalized.startsWith(dir)) {
            throw new ParameterException(spec.commandLine(), "--manifest " + manifest + " is not inside --folder "
                    + dir + "; give it relative to the folder (or upload it: --manifest alone or with --archive)");
        }
        return dir.relativize(normalized).toString();
    }

    private void requireFile(Path file, String option) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": no such readable file");
        }
    }

    /** A one-line summary of an import report, then its rejected rows (the first {@value #SHOWN_REJECTIONS}). */
    static void printReport(PrintWriter out, String title, JsonNode report) {
        JsonNode rejected = report.path("rejected");
        long rejectedRows = report.has("rejectedRows") ? report.path("rejectedRows").asLong()
                : distinctRows(rejected);
        String format = report.path("format").asText("");
        out.printf("%s%s: %d rows, %d accepted, %d duplicates, %d rejected%n", title,
                format.isEmpty() ? "" : " (format " + format + ")", report.path("rows").asLong(),
                report.path("accepted").asLong(), report.path("duplicates").asLong(), rejectedRows);
        printRejections(out, rejected, rejectedRows, "row", "  ");
    }

    /** Problems of the first {@value #SHOWN_REJECTIONS} rejected rows (or lines), one line each. */
    static void printRejections(PrintWriter out, JsonNode problems, long rejectedRows, String unit, String indent) {
        if (problems == null || problems.isEmpty()) {
            return;
        }
        out.printf("%sRejected %ss (%d):%n", indent, unit, rejectedRows);
        Set<Integer> shown = new HashSet<>();
        int problemsLeft = 0;
        for (JsonNode p : problems) {
            int row = p.path("row").asInt();
            if (!shown.contains(row) && shown.size() >= SHOWN_REJECTIONS) {
                problemsLeft++;
                continue;
            }
            shown.add(row);
            StringBuilder line = new StringBuilder(indent).append("  ").append(unit).append(' ').append(row)
                    .append(": ");
            String field = p.path("field").asText("");
            if (!field.isEmpty()) {
                line.append(field);
                if (p.hasNonNull("value")) {
                    line.append(" '").append(abbreviate(p.path("value").asText(), 60)).append('\'');
                }
                line.append(": ");
            }
            line.append(p.path("reason").asText());
            out.println(line);
        }
        if (problemsLeft > 0) {
            out.printf("%s  … %d more rejected %ss not shown (--json prints them all)%n", indent,
                    Math.max(1, rejectedRows - shown.size()), unit);
        }
    }

    private static long distinctRows(JsonNode problems) {
        Set<Integer> rows = new HashSet<>();
        for (JsonNode p : problems) {
            rows.add(p.path("row").asInt());
        }
        return rows.size();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
