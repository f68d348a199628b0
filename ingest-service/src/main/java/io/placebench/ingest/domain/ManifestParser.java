package io.placebench.ingest.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an image manifest: a UTF-8 CSV file with a header, or a JSON Lines file (one JSON object per line), in
 * one of the {@link ManifestFormat}s — recognised from the column names unless the options name one — with an
 * optional column mapping. The generic layout names the columns {@code id}, {@code file}, {@code latitude},
 * {@code longitude} (required), {@code url}, {@code city}, {@code admin1}, {@code country} (optional); every
 * other column is kept as a string attribute of each image. {@code file} is a path relative to the folder.
 *
 * <p>Row numbers: the header is row 0, data records are rows 1, 2, 3... in file order (in JSON Lines the
 * first non-blank line is row 1); blank lines are skipped and get no number. A row is accepted only when all
 * its checks pass; every problem of a rejected row is reported. Pure Java: it reads the filesystem but knows
 * nothing of storage, the network or messaging.
 */
public final class ManifestParser {

    public static final String DEFAULT_MANIFEST = "manifest.csv";
    public static final List<String> REQUIRED_COLUMNS = List.of("id", "file", "latitude", "longitude");
    public static final List<String> ADDRESS_COLUMNS = List.of("city", "admin1", "country");

    public static final String OUTSIDE_FOLDER = "path outside the folder";
    public static final String IMAGEO_US_COUNTRY = "United States";
    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^([A-Za-z]:|[\\\\/]).*", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxImageBytes;

    public ManifestParser(long maxImageBytes) {
        this.maxImageBytes = maxImageBytes;
    }

    /**
     * Parses {@code manifest} (default {@value #DEFAULT_MANIFEST}, relative to {@code folder}).
     *
     * @throws ManifestException when the folder or the manifest cannot be used at all
     */
    public Manifest parse(String folder, String manifest) {
        return parse(folder, manifest, ManifestOptions.DEFAULT);
    }

    /** As {@link #parse(String, String)}, in the given format and mapping. */
    public Manifest parse(String folder, String manifest, ManifestOptions options) {
        Path dir = folder(folder);
        String name = ImageFields.clean(manifest) == null ? DEFAULT_MANIFEST : manifest.trim();
        Path file;
        try {
            file = dir.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new ManifestException("manifest is not a valid path: " + name,
                    new Problem("manifest", name, "not a valid path"));
        }
        return parseFile(dir, file, name, options);
    }

    /** The folder as an absolute normalised path, or a {@link ManifestException} naming field {@code folder}. */
    public static Path folder(String folder) {
        String folderText = ImageFields.clean(folder);
        if (folderText == null) {
            throw new ManifestException("folder is required", new Problem("folder", folder, "folder is required"));
        }
        Path dir;
        try {
            dir = Path.of(folderText).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ManifestException("folder is not a valid path: " + folderText,
                    new Problem("folder", folderText, "not a valid path"));
        }
        if (!Files.exists(dir)) {
            throw new ManifestException("folder not found: " + dir, new Problem("folder", folderText, "folder not found"));
        }
        if (!Files.isDirectory(dir)) {
            throw new ManifestException("folder is not a directory: " + dir,
                    new Problem("folder", folderText, "not a directory"));
        }
        return dir;
    }

    /**
     * Parses the manifest file {@code file} (named {@code name} in messages) whose paths are relative to
     * {@code folder} (null: there is no folder, rows need a {@code url} or no image at all).
     */
    public Manifest parseFile(Path folder, Path file, String name, ManifestOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new ManifestException("manifest not found: " + file, new Problem("manifest", name,
                    Files.exists(file) ? "not a regular file" : "manifest not found"));
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(folder, reader, options, isJsonLinesName(name));
        } catch (UncheckedIOException e) {
            throw unreadable(name, e.getCause());
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static boolean isJsonLinesName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jsonl") || lower.endsWith(".ndjson");
    }

    private static ManifestException unreadable(String name, IOException e) {
        String reason = e instanceof CharacterCodingException ? "manifest is not valid UTF-8"
                : "manifest cannot be read: " + e.getMessage();
        return new ManifestException(reason, new Problem("manifest", name, reason));
    }

    /** Parses generic manifest text whose {@code file} paths are relative to {@code folder} (an existing directory). */
    public Manifest parse(Path folder, Reader manifest) throws IOException {
        return parse(folder, manifest, ManifestOptions.DEFAULT, false);
    }

    /**
     * Parses manifest text: JSON Lines when {@code jsonLines} is true or the first character is <code>{</code>,
     * CSV otherwise. {@code folder} may be null when no row needs a file.
     */
    public Manifest parse(Path folder, Reader manifest, ManifestOptions options, boolean jsonLines) throws IOException {
        Path dir = folder == null ? null : folder.toAbsolutePath().normalize();
        Context context = new Context(dir, dir == null ? null : dir.toRealPath(), options);
        BufferedReader reader = manifest instanceof BufferedReader b ? b : new BufferedReader(manifest);
        if (jsonLines || startsWithBrace(reader)) {
            return parseJsonLines(reader, context);
        }
        return parseCsv(reader, context);
    }

    private static boolean startsWithBrace(BufferedReader reader) throws IOException {
        reader.mark(8192);
        try {
            for (int i = 0; i < 8192; i++) {
                int c = reader.read();
                if (c < 0) {
                    return false;
                }
                if (c == '\uFEFF' || Character.isWhitespace(c)) {
                    continue;
                }
                return c == '{';
            }
            return false;
        } finally {
            reader.reset();
        }
    }

    // ---------------------------------------------------------------- CSV

    private Manifest parseCsv(Reader manifest, Context context) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .get();
        int row = 0;
        try (CSVParser parser = format.parse(manifest)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new ManifestException("manifest is empty: expected a header with the columns "
                        + String.join(",", REQUIRED_COLUMNS), new Problem("manifest", null, "manifest is empty"));
            }
            List<String> names = headerNames(records.next());
            Layout layout = Layout.resolve(names, context.options, true);
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // A syntax error (an unterminated quote, say) ends the readable part of the file.
                    row++;
                    context.problems.add(new RowProblem(row, null, null, "CSV syntax error, the rest of the manifest "
                            + "was not read: " + rootMessage(e)));
                    break;
                }
                row++;
                if (record.size() != names.size()) {
                    context.problems.add(new RowProblem(row, null, null, "row has " + record.size()
                            + " values but the header has " + names.size() + " columns"));
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), record.get(i));
                }
                parseRow(row, values, layout, context);
            }
            return new Manifest(layout.format.label(), row, List.copyOf(context.accepted),
                    List.copyOf(context.problems));
        }
    }

    private static List<String> headerNames(CSVRecord record) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).trim();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1).trim();
            }
            names.add(name);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw new ManifestException("manifest header: column " + (i + 1) + " has no name",
                        new Problem("header", null, "column " + (i + 1) + " has no name"));
            }
            if (seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i) != null) {
                throw new ManifestException("manifest header: duplicate column " + name,
                        new Problem("header", name, "duplicate column"));
            }
        }
        return names;
    }

    // ---------------------------------------------------------------- JSON Lines

    private Manifest parseJsonLines(BufferedReader reader, Context context) throws IOException {
        int row = 0;
        Layout layout = null;
        String line;
        boolean first = true;
        while ((line = reader.readLine()) != null) {
            if (first && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            first = false;
            if (line.isBlank()) {
                continue;
            }
            row++;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                context.problems.add(new RowProblem(row, null, null, "not valid JSON: "
                        + e.getOriginalMessage()));
                continue;
            }
            if (node == null || !node.isObject()) {
                context.problems.add(new RowProblem(row, null, null, "not a JSON object"));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> values.put(e.getKey(), text(e.getValue())));
            if (layout == null) {
                layout = Layout.resolve(new ArrayList<>(values.keySet()), context.options, true);
            }
            parseRow(row, values, layout, context);
        }
        if (row == 0) {
            throw new ManifestException("manifest is empty: expected one JSON object per line",
                    new Problem("manifest", null, "manifest is empty"));
        }
        String format = layout == null ? ManifestFormat.GENERIC.label() : layout.format.label();
        return new Manifest(format, row, List.copyOf(context.accepted), List.copyOf(context.problems));
    }

    /** A JSON value as manifest text: strings as they are, numbers and booleans as written, null as blank. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        return value.toString();
    }

    // ---------------------------------------------------------------- rows

    private void parseRow(int row, Map<String, String> values, Layout layout, Context context) {
        List<Problem> found = new ArrayList<>();
        String id = ImageFields.clean(layout.value(values, "id"));
        ImageFields.checkImageId("id", id).ifPresent(found::add);
        if (id != null && found.isEmpty()) {
            Integer first = context.firstRowOfId.putIfAbsent(id, row);
            if (first != null) {
                found.add(new Problem("id", id, "duplicate id (first used in row " + first + ")"));
            }
        }
        Double latitude = ImageFields.coordinate("latitude", layout.value(values, "latitude"), 90, found);
        Double longitude = ImageFields.coordinate("longitude", layout.value(values, "longitude"), 180, found);
        Source source = context.options.imagesRequired() ? findImage(id, values, layout, context, found) : Source.NONE;
        if (!found.isEmpty()) {
            found.forEach(p -> context.problems.add(RowProblem.of(row, p)));
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        values.forEach((column, value) -> {
            if (!layout.consumed(column)) {
                attributes.put(column, value);
            }
        });
        String country = layout.optional(values, "country");
        context.accepted.add(new ManifestRow(row, id, source.file == null ? null : source.file.path, source.url,
                source.file == null ? null : source.file.type, source.file == null ? 0 : source.file.size,
                latitude, longitude, layout.optional(values, "city"), layout.optional(values, "admin1"),
                country != null ? country : layout.defaultCountry, attributes));
    }

    private record Source(ImageFile file, URI url) {
        static final Source NONE = new Source(null, null);
    }

    /** The row's image: its file (as written, else found by id), else its url; a problem when there is none. */
    private Source findImage(String id, Map<String, String> values, Layout layout, Context context,
            List<Problem> found) {
        String fileValue = ImageFields.clean(layout.value(values, "file"));
        String urlValue = ImageFields.clean(layout.value(values, "url"));
        List<Problem> fileProblems = new ArrayList<>();
        if (fileValue != null) {
            ImageFile file = checkFile(fileValue, context, fileProblems);
            if (file != null) {
                return new Source(file, null);
            }
            boolean notFound = fileProblems.size() == 1 && "file not found".equals(fileProblems.get(0).reason());
            if (!(notFound && layout.format.findsImagesById())) {
                found.addAll(fileProblems);
                return Source.NONE;
            }
        }
        if (layout.format.findsImagesById() && id != null && context.dir != null) {
            FolderIndex.Match match = context.index().find(id);
            if (match.found()) {
                List<Problem> lookup = new ArrayList<>();
                ImageFile file = checkFile(match.file().toString(), context, lookup);
                if (file != null) {
                    return new Source(file, null);
                }
                if (urlValue == null) {
                    found.addAll(lookup);
                    return Source.NONE;
                }
            } else if (match.ambiguous() && urlValue == null) {
                found.add(new Problem("file", id, "several image files are named after this id: " + match.candidates()
                        .stream().map(Path::toString).sorted().collect(Collectors.joining(", "))));
                return Source.NONE;
            }
        }
        if (urlValue != null) {
            Optional<URI> url = ImageFields.httpUrl(urlValue);
            if (url.isEmpty()) {
                found.add(new Problem("url", urlValue, "url must be an absolute http or https URL"));
                return Source.NONE;
            }
            return new Source(null, url.get());
        }
        if (!fileProblems.isEmpty()) {
            found.addAll(fileProblems);
        } else if (layout.format.findsImagesById()) {
            found.add(new Problem("file", id, context.dir == null ? "no folder or archive holds the images"
                    : "file not found (no image named after the id with ." + String.join(", .",
                            FolderIndex.EXTENSIONS) + ")"));
        } else if (layout.hasUrl()) {
            found.add(new Problem("file", null, "file or url is required"));
        } else {
            found.add(new Problem("file", layout.value(values, "file"), "file is required"));
        }
        return Source.NONE;
    }

    private record ImageFile(Path path, ImageType type, long size) {
    }

    /** Resolves {@code value} inside the folder and checks it is a readable, supported image within the size cap. */
    private ImageFile checkFile(String value, Context context, List<Problem> found) {
        if (context.dir == null) {
            found.add(new Problem("file", value, "no folder or archive holds the images"));
            return null;
        }
        Path dir = context.dir;
        Path path;
        try {
            if (WINDOWS_ABSOLUTE.matcher(value).matches() || Path.of(value).isAbsolute()) {
                found.add(new Problem("file", value, OUTSIDE_FOLDER));
                return null;
            }
            path = dir.resolve(value).normalize();
        } catch (InvalidPathException e) {
            found.add(new Problem("file", value, "not a valid path"));
            return null;
        }
        if (!path.startsWith(dir)) {
            found.add(new Problem("file", value, OUTSIDE_FOLDER));
            return null;
        }
        if (!Files.exists(path)) {
            found.add(new Problem("file", value, "file not found"));
            return null;
        }
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(context.realDir)) { // a symbolic link pointing out of the folder
                found.add(new Problem("file", value, OUTSIDE_FOLDER));
                return null;
            }
            if (!Files.isRegularFile(real)) {
                found.add(new Problem("file", value, "not a regular file"));
                return null;
            }
            long size = Files.size(real);
            byte[] head = new byte[ImageType.SIGNATURE_BYTES];
            int n = 0;
            try (InputStream in = Files.newInputStream(real)) {
                n = in.readNBytes(head, 0, head.length);
            }
            ImageType type = ImageFields.image("file", value, size, head, n, maxImageBytes, found);
            return type == null ? null : new ImageFile(real, type, size);
        } catch (IOException e) {
            found.add(new Problem("file", value, "file cannot be read: " + e.getClass().getSimpleName()));
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** State of one parse. */
    private static final class Context {
        final Path dir;
        final Path realDir;
        final ManifestOptions options;
        final List<ManifestRow> accepted = new ArrayList<>();
        final List<RowProblem> problems = new ArrayList<>();
        final Map<String, Integer> firstRowOfId = new HashMap<>();
        FolderIndex index;

        Context(Path dir, Path realDir, ManifestOptions options) {
            this.dir = dir;
            this.realDir = realDir;
            this.options = options;
        }

        FolderIndex index() {
            if (index == null) {
                index = FolderIndex.of(dir);
            }
            return index;
        }
    }

    /**
     * Which column feeds each canonical field: the format's column, or the mapping's. Columns feeding a field
     * are not attributes.
     */
    private static final class Layout {
        final ManifestFormat format;
        final Map<String, String> columnOfField = new HashMap<>();
        final Map<String, Boolean> consumedColumns = new HashMap<>();
        String defaultCountry;

        private Layout(ManifestFormat format) {
            this.format = format;
        }

        String value(Map<String, String> values, String field) {
            String column = columnOfField.get(field);
            return column == null ? null : values.get(column);
        }

        String optional(Map<String, String> values, String field) {
            return ImageFields.clean(value(values, field));
        }

        boolean consumed(String column) {
            return consumedColumns.containsKey(column);
        }

        boolean hasUrl() {
            return columnOfField.containsKey("url");
        }

        static Layout resolve(List<String> names, ManifestOptions options, boolean checkRequired) {
            Map<String, String> byLower = new HashMap<>();
            names.forEach(n -> byLower.putIfAbsent(n.toLowerCase(Locale.ROOT), n));
            ManifestFormat format = options.format() != null ? options.format()
                    : ManifestFormat.detect(byLower.keySet());
            Layout layout = new Layout(format);
            List<Problem> problems = new ArrayList<>();
            for (String field : ManifestFormat.FIELDS) {
                String wanted;
                boolean fromMapping = options.mapping().containsKey(field);
                if (fromMapping) {
                    wanted = ImageFields.clean(options.mapping().get(field));
                } else {
                    wanted = format.column(field).orElse(null);
                }
                if (wanted == null) {
                    continue;
                }
                String column = byLower.get(wanted.toLowerCase(Locale.ROOT));
                if (column != null) {
                    layout.columnOfField.put(field, column);
                    layout.consumedColumns.put(column, true);
                } else if (fromMapping) {
                    problems.add(new Problem("mapping." + field, wanted, "column " + wanted + " named by the mapping "
                            + "is not in the manifest"));
                }
            }
            if (format == ManifestFormat.IMAGEO && !layout.columnOfField.containsKey("country")
                    && byLower.containsKey("gmap_id")) {
                layout.defaultCountry = IMAGEO_US_COUNTRY; // dataset 2: points of interest in the United States
            }
            if (checkRequired) {
                List<String> required = new ArrayList<>();
                for (String field : List.of("id", "file", "latitude", "longitude")) {
                    boolean needed = !field.equals("file") || (options.imagesRequired()
                            && !format.findsImagesById() && !layout.columnOfField.containsKey("url"));
                    if (needed && !layout.columnOfField.containsKey(field)
                            && !options.mapping().containsKey(field)) {
                        required.add(field);
                    }
                }
                for (String field : required) {
                    String column = format.column(field).orElse(field);
                    problems.add(new Problem(field, null, "required column " + column + " is missing from the header"));
                }
            }
            if (!problems.isEmpty()) {
                String message = problems.stream().allMatch(p -> p.reason().startsWith("required column"))
                        ? "manifest header lacks the required column(s): " + String.join(", ",
                                problems.stream().map(Problem::field).toList())
                        : "manifest header does not fit the " + format.label() + " format: " + String.join("; ",
                                problems.stream().map(Problem::reason).toList());
                throw new ManifestException(message, problems);
            }
            return layout;
        }
    }
}
