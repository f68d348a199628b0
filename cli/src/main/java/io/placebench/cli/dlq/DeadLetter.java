package io.placebench.cli.dlq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One record of a dead-letter topic, read the way SmallRye Reactive Messaging's Kafka connector writes them
 * ({@code KafkaDeadLetterQueue}): the original key, value and headers, plus UTF-8 headers naming the original
 * topic, partition and offset and the failure. A dead-letter record of a record that was itself replayed carries
 * no older dead-letter headers (they are removed at replay), but when a header appears twice the connector's own,
 * which comes first, wins.
 *
 * @param topic          the dead-letter topic
 * @param originalTopic  where the record came from (header, else derived from the dead-letter topic's name), or
 *                       null when neither says
 */
public record DeadLetter(String topic, int partition, long offset, long timestamp, String key, String value,
                         String originalTopic, Integer originalPartition, Long originalOffset, String reason,
                         String exceptionClass, String cause, String causeClass) {

    // SmallRye's header names (KafkaDeadLetterQueue, smallrye-reactive-messaging-kafka 4.x)
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    public static final String CAUSE_CLASS = "dead-letter-cause-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** Prefix of every header above. */
    public static final String PREFIX = "dead-letter-";
    /** SmallRye's deserialization-failure headers (DeserializationFailureHandler): also about the failure. */
    public static final String DESERIALIZATION_PREFIX = "deserialization-failure-";
    public static final String DESERIALIZATION_REASON = "deserialization-failure-reason";

    /** The default topic name SmallRye gives a channel's dead-letter topic when none is configured. */
    public static final String SMALLRYE_DEFAULT_PREFIX = "dead-letter-topic-";
    public static final String SUFFIX = ".dlq";

    /** Our services name them {@code <service>.<topic>.dlq}; SmallRye's default is {@code dead-letter-topic-<channel>}. */
    public static boolean isDeadLetterTopic(String name) {
        return name.endsWith(SUFFIX) || name.startsWith(SMALLRYE_DEFAULT_PREFIX);
    }

    /**
     * Reads a record of a dead-letter topic. {@code existingTopics} lets the original topic be found from the
     * dead-letter topic's name when the record has no {@value #TOPIC} header (see {@link #topicFromName}).
     */
    public static DeadLetter of(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
            Headers headers, Set<String> existingTopics) {
        String original = first(headers, TOPIC);
        if (original == null) {
            original = topicFromName(topic, existingTopics).orElse(null);
        }
        String reason = first(headers, REASON);
        if (reason == null) {
            reason = first(headers, DESERIALIZATION_REASON);
        }
        return new DeadLetter(topic, partition, offset, timestamp, text(key), text(value), original,
                integer(first(headers, PARTITION)), longValue(first(headers, OFFSET)), reason,
                first(headers, EXCEPTION_CLASS), first(headers, CAUSE), first(headers, CAUSE_CLASS));
    }

    /**
     * The original topic of a dead-letter topic named {@code <service>.<topic>.dlq} or {@code <topic>.dlq}: the
     * name without {@code .dlq}, or without its first dot-separated part too, whichever exists (the longer
     * first). Empty when neither exists or the name has another form.
     */
    public static Optional<String> topicFromName(String dlqTopic, Set<String> existingTopics) {
        if (!dlqTopic.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String stripped = dlqTopic.substring(0, dlqTopic.length() - SUFFIX.length());
        if (existingTopics.contains(stripped)) {
            return Optional.of(stripped);
        }
        int dot = stripped.indexOf('.');
        if (dot > 0 && dot < stripped.length() - 1 && existingTopics.contains(stripped.substring(dot + 1))) {
            return Optional.of(stripped.substring(dot + 1));
        }
        return Optional.empty();
    }

    /** The headers a replayed record carries: the original ones, without any dead-letter or failure header. */
    public static List<Header> replayHeaders(Headers headers) {
        List<Header> kept = new ArrayList<>();
        for (Header h : headers) {
            if (!h.key().startsWith(PREFIX) && !h.key().startsWith(DESERIALIZATION_PREFIX)) {
                kept.add(new RecordHeader(h.key(), h.value()));
            }
        }
        return kept;
    }

    /** The first value of a header as UTF-8 (SmallRye adds its own before copying the original's). */
    static String first(Headers headers, String name) {
        for (Header h : headers.headers(name)) {
            return h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
        return null;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String s) {
        try {
            return s == null ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "reason (exception class)", the cause likewise, for one line of text. */
    public String why() {
        StringBuilder sb = new StringBuilder(reason == null ? "(no reason recorded)" : reason);
        if (exceptionClass != null) {
            sb.append(" (").append(exceptionClass).append(')');
        }
        if (cause != null || causeClass != null) {
            sb.append("; cause: ").append(cause == null ? "" : cause);
            if (causeClass != null) {
                sb.append(" (").append(causeClass).append(')');
            }
        }
        return sb.toString();
    }
}
