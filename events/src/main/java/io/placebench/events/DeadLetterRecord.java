package io.placebench.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record on its way to a consumer's dead-letter topic ({@code <service>.<topic>.dlq}): the bytes that arrived when
 * they could not be read, else the event as JSON, with the headers SmallRye's own dead-letter strategy writes
 * ({@code dead-letter-reason}, {@code -cause}, {@code -exception-class-name}, {@code -topic}, {@code -partition},
 * {@code -offset}), so that one tool ({@code placebench dlq}) lists and replays every service's dead letters.
 */
public record DeadLetterRecord(String key, String value, Headers headers, Throwable reason) {

    private static final ObjectMapper JSON = EventJson.newMapper();

    /**
     * The dead letter of a consumed record. {@code payload} is what was read (null when the value could not be read:
     * then the deserializer's own reason and the bytes it kept are used); {@code cause} is why it can never be
     * processed.
     */
    public static DeadLetterRecord of(String topic, int partition, long offset, String key, Headers incoming,
            Object payload, Throwable cause) {
        Throwable reason = payload != null ? cause : new IllegalArgumentException(header(incoming,
                "deserialization-failure-reason", "the record could not be read"));
        String value = payload != null ? write(payload) : header(incoming, "deserialization-failure-data", "");
        RecordHeaders headers = new RecordHeaders();
        add(headers, "dead-letter-reason", String.valueOf(reason.getMessage()));
        if (reason.getCause() != null) {
            add(headers, "dead-letter-cause", String.valueOf(reason.getCause().getMessage()));
        }
        add(headers, "dead-letter-exception-class-name", reason.getClass().getName());
        add(headers, "dead-letter-topic", topic);
        add(headers, "dead-letter-partition", Integer.toString(partition));
        add(headers, "dead-letter-offset", Long.toString(offset));
        return new DeadLetterRecord(key, value, headers, reason);
    }

    private static String header(Headers headers, String name, String otherwise) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? otherwise
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(Object payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not writable as JSON", e);
        }
    }
}
