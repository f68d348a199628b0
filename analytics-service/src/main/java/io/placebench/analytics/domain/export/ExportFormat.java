package io.placebench.analytics.domain.export;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The layouts of {@code GET /api/runs/{runId}/scores}: each with its media type and file name extension. */
public enum ExportFormat {
    /** RFC 4180 CSV with a header, one row per score ({@link ScoreExportRow#COLUMNS}). */
    CSV("text/csv; charset=utf-8", "csv"),
    /** JSON Lines, one object per score with the CSV's columns as fields. */
    JSONL("application/x-ndjson", "jsonl"),
    /** JSON Lines in IMAGEO-Bench's result layout ({@link ImageoWriter}). */
    IMAGEO("application/x-ndjson", "imageo.jsonl");

    /** Used when the request names no format. */
    public static final ExportFormat DEFAULT = JSONL;

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The name as the query parameter spells it. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a query parameter names (case-insensitive); {@link #DEFAULT} when absent, empty when unknown. */
    public static Optional<ExportFormat> parse(String value) {
        if (value == null) {
            return Optional.of(DEFAULT);
        }
        String wanted = value.trim();
        return Arrays.stream(values()).filter(f -> f.parameter().equalsIgnoreCase(wanted)).findFirst();
    }

    /** "csv, jsonl or imageo", for error messages. */
    public static String choices() {
        String all = Arrays.stream(values()).map(ExportFormat::parameter).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    /** A writer of this format onto {@code out} (which the writer flushes but never closes). */
    public ScoreRowWriter writer(OutputStream out) {
        return switch (this) {
            case CSV -> new CsvWriter(out);
            case JSONL -> new JsonlWriter(out);
            case IMAGEO -> new ImageoWriter(out);
        };
    }

    /**
     * A safe attachment file name for a run: {@code <runId>.<extension>}, with every character other than
     * letters, digits, '.', '_' and '-' replaced by '_' (run ids are free text; a quote would break the header).
     */
    public String fileName(String runId) {
        return runId.replaceAll("[^A-Za-z0-9._-]", "_") + "." + extension;
    }
}
