package io.placebench.ingest.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
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
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a generic image manifest: a UTF-8 CSV file whose header names the columns {@code id}, {@code file},
 * {@code latitude}, {@code longitude} (required), {@code city}, {@code admin1}, {@code country} (optional; the
 * known names match case-insensitively) and any other columns, kept as string attributes of each image.
 * {@code file} is a path relative to the manifest's folder.
 *
 * <p>Row numbers: the header is row 0, data records are rows 1, 2, 3... in file order; blank lines are skipped
 * and get no number. A row is accepted only when all its checks pass; every problem of a rejected row is
 * reported. Pure Java: it reads the filesystem but knows nothing of storage or messaging.
 */
public final class ManifestParser {

    public static final String DEFAULT_MANIFEST = "manifest.csv";
    public static final List<String> REQUIRED_COLUMNS = List.of("id", "file", "latitude", "longitude");
    public static final List<String> ADDRESS_COLUMNS = List.of("city", "admin1", "country");

    public static final String OUTSIDE_FOLDER = "path outside the folder";
    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^([A-Za-z]:|[\\\\/]).*", Pattern.DOTALL);

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
        String name = ImageFields.clean(manifest) == null ? DEFAULT_MANIFEST : manifest.trim();
        Path file;
        try {
            file = dir.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new ManifestException("manifest is not a valid path: " + name,
                    new Problem("manifest", name, "not a valid path"));
        }
        if (!Files.isRegularFile(file)) {
            throw new ManifestException("manifest not found: " + file, new Problem("manifest", name,
                    Files.exists(file) ? "not a regular file" : "manifest not found"));
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(dir, reader);
        } catch (UncheckedIOException e) {
            throw unreadable(name, e.getCause());
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    private static ManifestException unreadable(String name, IOException e) {
        String reason = e instanceof CharacterCodingException ? "manifest is not valid UTF-8"
                : "manifest cannot be read: " + e.getMessage();
        return new ManifestException(reason, new Problem("manifest", name, reason));
    }

    /** Parses manifest text whose {@code file} paths are relative to {@code folder} (an existing directory). */
    public Manifest parse(Path folder, Reader manifest) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Path realDir = dir.toRealPath();
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .get();
        List<ManifestRow> accepted = new ArrayList<>();
        List<RowProblem> problems = new ArrayList<>();
        int row = 0;
        try (CSVParser parser = format.parse(manifest)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new ManifestException("manifest is empty: expected a header with the columns "
                        + String.join(",", REQUIRED_COLUMNS), new Problem("manifest", null, "manifest is empty"));
            }
            Header header = Header.read(records.next());
            Map<String, Integer> firstRowOfId = new HashMap<>();
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
                    problems.add(new RowProblem(row, null, null, "CSV syntax error, the rest of the manifest "
                            + "was not read: " + rootMessage(e)));
                    break;
                }
                row++;
                parseRow(row, record, header, dir, realDir, firstRowOfId, accepted, problems);
            }
        }
        return new Manifest(row, List.copyOf(accepted), List.copyOf(problems));
    }

    private void parseRow(int row, CSVRecord record, Header header, Path dir, Path realDir,
            Map<String, Integer> firstRowOfId, List<ManifestRow> accepted, List<RowProblem> problems) {
        if (record.size() != header.names.size()) {
            problems.add(new RowProblem(row, null, null, "row has " + record.size() + " values but the header has "
                    + header.names.size() + " columns"));
            return;
        }
        List<Problem> found = new ArrayList<>();
        String id = ImageFields.clean(record.get(header.index("id")));
        ImageFields.checkImageId("id", id).ifPresent(found::add);
        if (id != null && found.isEmpty()) {
            Integer first = firstRowOfId.putIfAbsent(id, row);
            if (first != null) {
                found.add(new Problem("id", id, "duplicate id (first used in row " + first + ")"));
            }
        }
        Double latitude = ImageFields.coordinate("latitude", record.get(header.index("latitude")), 90, found);
        Double longitude = ImageFields.coordinate("longitude", record.get(header.index("longitude")), 180, found);
        ImageFile image = checkFile(record.get(header.index("file")), dir, realDir, found);
        if (!found.isEmpty()) {
            found.forEach(p -> problems.add(RowProblem.of(row, p)));
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < header.names.size(); i++) {
            if (header.attribute[i]) {
                attributes.put(header.names.get(i), record.get(i));
            }
        }
        accepted.add(new ManifestRow(row, id, image.path, image.type, image.size, latitude, longitude,
                optional(record, header, "city"), optional(record, header, "admin1"),
                optional(record, header, "country"), attributes));
    }

    private record ImageFile(Path path, ImageType type, long size) {
    }

    /** Resolves {@code raw} inside the folder and checks it is a readable, supported image within the size cap. */
    private ImageFile checkFile(String raw, Path dir, Path realDir, List<Problem> found) {
        String value = ImageFields.clean(raw);
        if (value == null) {
            found.add(new Problem("file", raw, "file is required"));
            return null;
        }
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
            if (!real.startsWith(realDir)) { // a symbolic link pointing out of the folder
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

    private static String optional(CSVRecord record, Header header, String column) {
        Integer index = header.indexes.get(column);
        return index == null ? null : ImageFields.clean(record.get(index));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Column names as written (trimmed), positions of the known columns, which columns are attributes. */
    private static final class Header {
        final List<String> names;
        final Map<String, Integer> indexes = new HashMap<>();
        final boolean[] attribute;

        private Header(List<String> names) {
            this.names = names;
            this.attribute = new boolean[names.size()];
        }

        int index(String known) {
            return indexes.get(known);
        }

        static Header read(CSVRecord record) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < record.size(); i++) {
                String name = record.get(i).trim();
                if (i == 0 && name.startsWith("\uFEFF")) {
                    name = name.substring(1).trim();
                }
                names.add(name);
            }
            Header header = new Header(names);
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name.isEmpty()) {
                    throw new ManifestException("manifest header: column " + (i + 1) + " has no name",
                            new Problem("header", null, "column " + (i + 1) + " has no name"));
                }
                String lower = name.toLowerCase(Locale.ROOT);
                boolean known = REQUIRED_COLUMNS.contains(lower) || ADDRESS_COLUMNS.contains(lower);
                String key = known ? lower : name;
                if (seen.putIfAbsent(key, i) != null) {
                    throw new ManifestException("manifest header: duplicate column " + name,
                            new Problem("header", name, "duplicate column"));
                }
                if (known) {
                    header.indexes.put(lower, i);
                } else {
                    header.attribute[i] = true;
                }
            }
            List<Problem> missing = REQUIRED_COLUMNS.stream().filter(c -> !header.indexes.containsKey(c))
                    .map(c -> new Problem(c, null, "required column " + c + " is missing from the header"))
                    .toList();
            if (!missing.isEmpty()) {
                throw new ManifestException("manifest header lacks the required column(s): " + String.join(", ",
                        missing.stream().map(Problem::field).toList()), missing);
            }
            return header;
        }
    }
}
