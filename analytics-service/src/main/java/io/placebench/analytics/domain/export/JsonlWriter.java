package io.placebench.analytics.domain.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * JSON Lines: one object per score, its fields the CSV's columns in the same order, each line ended by {@code \n}.
 * A missing value (and a non-finite number) is {@code null}, never {@code ""}; numbers are JSON numbers (money
 * plain), {@code scored_at} an ISO-8601 string, {@code scene} and {@code attributes} JSON objects.
 */
public final class JsonlWriter implements ScoreRowWriter {

    /** Map keys sorted, so that scene and attributes always read the same. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final JsonGenerator json;

    public JsonlWriter(OutputStream out) {
        json = generator(out);
    }

    @Override
    public void write(ScoreExportRow row) throws IOException {
        json.writeStartObject();
        for (ScoreExportRow.Column column : ScoreExportRow.COLUMNS) {
            json.writeFieldName(column.name());
            value(json, column.value().apply(row));
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        json.flush();
    }

    /** A buffered UTF-8 generator onto {@code out} that never closes it and writes one root value per line. */
    static JsonGenerator generator(OutputStream out) {
        try {
            JsonGenerator generator = JSON.createGenerator(out, JsonEncoding.UTF8);
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
            generator.setRootValueSeparator(null);
            return generator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one value of a {@link ScoreExportRow.Column} (or of the IMAGEO layout) as JSON. */
    static void value(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                json.writeNull();
            } else {
                json.writeNumber(d);
            }
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(ScoreExportRow.money(decimal));
        } else if (value instanceof Instant instant) {
            json.writeString(instant.toString());
        } else if (value instanceof Map<?, ?> map) {
            json.writeObject(map);
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }
}
