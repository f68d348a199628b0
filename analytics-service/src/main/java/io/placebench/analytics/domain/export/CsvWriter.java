package io.placebench.analytics.domain.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV (commons-csv): a header of {@link ScoreExportRow#COLUMNS}, CRLF line ends, a field quoted when it
 * holds a comma, a quote (doubled) or a line break. A null (and a non-finite number) is an empty field, so a
 * missing number is empty, never {@code ""}; booleans are {@code true}/{@code false}; numbers as Java prints them
 * ({@code Double.toString}, money plain); {@code scored_at} ISO-8601 UTC; {@code scene} and {@code attributes} as
 * compact JSON text. UTF-8, no BOM.
 */
public final class CsvWriter implements ScoreRowWriter {

    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader(ScoreExportRow.COLUMNS.stream().map(ScoreExportRow.Column::name).toArray(String[]::new))
            .get();

    private final CSVPrinter printer;

    public CsvWriter(OutputStream out) {
        try {
            printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16),
                    FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(ScoreExportRow row) throws IOException {
        List<String> values = new ArrayList<>(ScoreExportRow.COLUMNS.size());
        for (ScoreExportRow.Column column : ScoreExportRow.COLUMNS) {
            values.add(text(column.value().apply(row)));
        }
        printer.printRecord(values);
    }

    /** How one value is written in a field; null for an empty field. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return ScoreExportRow.money(decimal).toPlainString();
        }
        if (value instanceof Map<?, ?> map) {
            try {
                return JsonlWriter.JSON.writeValueAsString(map);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not writable as JSON: " + map, e);
            }
        }
        return value.toString();
    }

    @Override
    public void close() throws IOException {
        printer.flush();
    }
}
