package io.placebench.analytics.messaging;

import io.placebench.events.DeadLetterRecord;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Scores and predictions records that can never be stored go to {@code analytics-service.scores.dlq} and
 * {@code analytics-service.predictions.dlq} as {@link DeadLetterRecord}s: the bytes that arrived, with SmallRye's
 * dead-letter headers. Both are consumed in batches, so the connector's strategy (which would dead-letter a whole
 * batch when it is nacked) is not used for them.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel("scores-dlq")
    MutinyEmitter<String> scores;

    @Inject
    @Channel("predictions-dlq")
    MutinyEmitter<String> predictions;

    void score(KafkaRecord<String, ?> record, RuntimeException cause) {
        send(scores, "Scores", record, cause);
    }

    void prediction(KafkaRecord<String, ?> record, RuntimeException cause) {
        send(predictions, "Predictions", record, cause);
    }

    /** Sends the dead letter and waits for the broker's acknowledgement (a failure throws). */
    private static void send(MutinyEmitter<String> topic, String what, KafkaRecord<String, ?> record,
            RuntimeException cause) {
        long offset = record instanceof IncomingKafkaRecord<?, ?> in ? in.getOffset() : -1;
        DeadLetterRecord letter = DeadLetterRecord.of(record.getTopic(), record.getPartition(), offset,
                record.getKey(), record.getHeaders(), record.getPayload(), cause);
        LOG.errorf(letter.reason(), "%s record %s-%d@%d can never be stored; sent to the dead-letter topic", what,
                record.getTopic(), record.getPartition(), offset);
        topic.sendMessage(Message.of(letter.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(letter.key()).withHeaders(letter.headers()).build())).await().atMost(SEND_TIMEOUT);
    }
}
