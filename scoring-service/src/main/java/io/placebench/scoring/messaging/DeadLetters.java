package io.placebench.scoring.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Records that can never be processed go to the consumer's dead-letter topics ({@code scoring-service.<topic>.dlq})
 * as the bytes that arrived (JSON, or whatever could not be read), with the headers SmallRye's own dead-letter
 * strategy writes ({@code dead-letter-reason}, {@code -cause}, {@code -topic}, {@code -partition}, {@code -offset}),
 * so that one tool can list and replay every service's dead letters. Batches are consumed, so the connector's
 * strategy (which would dead-letter a whole batch) is not used.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel("predictions-dlq")
    MutinyEmitter<String> predictions;

    @Inject
    @Channel("images-dlq")
    MutinyEmitter<String> images;

    void prediction(KafkaRecord<String, ?> record, String value, Throwable cause) {
        LOG.errorf(cause, "Predictions record %s-%d@%d can never be scored; sent to the dead-letter topic",
                record.getTopic(), record.getPartition(), offset(record));
        send(predictions, record, value, cause);
    }

    void image(KafkaRecord<String, ?> record, String value, Throwable cause) {
        LOG.errorf(cause, "Images record %s-%d@%d can never be recorded; sent to the dead-letter topic",
                record.getTopic(), record.getPartition(), offset(record));
        send(images, record, value, cause);
    }

    /** The record's value as it arrived when it could not be read, else null (the caller serialises the event). */
    static String unreadableValue(KafkaRecord<String, ?> record) {
        var data = record.getHeaders().lastHeader("deserialization-failure-data");
        return data == null || data.value() == null ? null : new String(data.value(), StandardCharsets.UTF_8);
    }

    /** Why the record could not be read, as the deserializer said. */
    static String unreadableReason(KafkaRecord<String, ?> record) {
        var reason = record.getHeaders().lastHeader("deserialization-failure-reason");
        return reason == null ? "the record could not be read"
                : new String(reason.value(), StandardCharsets.UTF_8);
    }

    private static void send(MutinyEmitter<String> emitter, KafkaRecord<String, ?> from, String value,
            Throwable cause) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "dead-letter-reason", String.valueOf(cause.getMessage()));
        if (cause.getCause() != null) {
            header(headers, "dead-letter-cause", String.valueOf(cause.getCause().getMessage()));
        }
        header(headers, "dead-letter-exception-class-name", cause.getClass().getName());
        header(headers, "dead-letter-topic", from.getTopic());
        header(headers, "dead-letter-partition", Integer.toString(from.getPartition()));
        header(headers, "dead-letter-offset", Long.toString(offset(from)));
        Message<String> message = Message.of(value == null ? "" : value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(from.getKey()).withHeaders(headers).build());
        emitter.sendMessage(message).await().atMost(SEND_TIMEOUT);
    }

    private static long offset(KafkaRecord<String, ?> record) {
        return record instanceof io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord<?, ?> in ? in.getOffset() : -1;
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
