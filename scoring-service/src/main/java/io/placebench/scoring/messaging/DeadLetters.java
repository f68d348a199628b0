package io.placebench.scoring.messaging;

import io.placebench.events.DeadLetterRecord;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Records that can never be processed go to the consumer's dead-letter topics ({@code scoring-service.<topic>.dlq})
 * as {@link DeadLetterRecord}s: the bytes that arrived, with SmallRye's dead-letter headers. Batches are consumed, so
 * the connector's strategy (which would dead-letter a whole batch) is not used.
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

    void prediction(KafkaRecord<String, ?> record, RuntimeException cause) {
        DeadLetterRecord letter = letter(record, cause);
        LOG.errorf(letter.reason(), "Predictions record %s-%d@%d can never be scored; sent to the dead-letter topic",
                record.getTopic(), record.getPartition(), offset(record));
        send(predictions, letter);
    }

    void image(KafkaRecord<String, ?> record, RuntimeException cause) {
        DeadLetterRecord letter = letter(record, cause);
        LOG.errorf(letter.reason(), "Images record %s-%d@%d can never be recorded; sent to the dead-letter topic",
                record.getTopic(), record.getPartition(), offset(record));
        send(images, letter);
    }

    private static DeadLetterRecord letter(KafkaRecord<String, ?> record, RuntimeException cause) {
        return DeadLetterRecord.of(record.getTopic(), record.getPartition(), offset(record), record.getKey(),
                record.getHeaders(), record.getPayload(), cause);
    }

    private static void send(MutinyEmitter<String> emitter, DeadLetterRecord letter) {
        emitter.sendMessage(Message.of(letter.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(letter.key()).withHeaders(letter.headers()).build())).await().atMost(SEND_TIMEOUT);
    }

    private static long offset(KafkaRecord<String, ?> record) {
        return record instanceof io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord<?, ?> in ? in.getOffset() : -1;
    }
}
