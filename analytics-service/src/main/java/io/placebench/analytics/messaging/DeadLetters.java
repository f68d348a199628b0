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
 * Scores records that can never be stored go to {@code analytics-service.scores.dlq} as {@link DeadLetterRecord}s:
 * the bytes that arrived, with SmallRye's dead-letter headers. Scores are consumed in batches, so the connector's
 * strategy (which would dead-letter a whole batch when it is nacked) is not used for them.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel("scores-dlq")
    MutinyEmitter<String> scores;

    void score(KafkaRecord<String, ?> record, RuntimeException cause) {
        long offset = record instanceof IncomingKafkaRecord<?, ?> in ? in.getOffset() : -1;
        DeadLetterRecord letter = DeadLetterRecord.of(record.getTopic(), record.getPartition(), offset,
                record.getKey(), record.getHeaders(), record.getPayload(), cause);
        LOG.errorf(letter.reason(), "Scores record %s-%d@%d can never be stored; sent to the dead-letter topic",
                record.getTopic(), record.getPartition(), offset);
        scores.sendMessage(Message.of(letter.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(letter.key()).withHeaders(letter.headers()).build())).await().atMost(SEND_TIMEOUT);
    }
}
