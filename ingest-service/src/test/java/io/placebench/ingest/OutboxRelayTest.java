package io.placebench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.placebench.events.RunChanged;
import io.placebench.events.RunStatus;
import io.placebench.events.Topics;
import io.placebench.ingest.messaging.OutboxRelay;
import io.placebench.ingest.repository.Outbox;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay against the real broker and database: rolled-back rows are never published, committed ones are
 * published once with their event id, and rows the relay could not send (a producer on a dead broker address) stay
 * in the table until a working relay sends them.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class OutboxRelayTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    static RunChanged event(String runId) {
        return new RunChanged(UUID.randomUUID().toString(), RunChanged.SCHEMA_VERSION, Instant.now(), runId, "d",
                "simulator", "sim-strong", "imageo", Map.of(), true, RunStatus.RUNNING, 0, "outbox test", 7L);
    }

    static List<ConsumerRecord<String, String>> published(String key) {
        return TopicReader.readToEnd(Topics.RUNS).stream().filter(r -> key.equals(r.key())).toList();
    }

    @Test
    void aRolledBackEventIsNeverPublishedAndACommittedOneIsPublishedWithItsEventId() {
        String key = "run-outbox-" + UUID.randomUUID();
        RunChanged lost = event(key);
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.append(Topics.RUNS, key, lost.eventId(), lost);
            throw new IllegalStateException("the state change fails after its event was appended");
        }));
        RunChanged kept = event(key);
        QuarkusTransaction.requiringNew().run(() -> outbox.append(Topics.RUNS, key, kept.eventId(), kept));

        List<ConsumerRecord<String, String>> records = published(key);
        assertEquals(1, records.size(), "only the committed event");
        ConsumerRecord<String, String> record = records.get(0);
        assertEquals(kept, Flows.read(record.value(), RunChanged.class));
        assertEquals(kept.eventId(), new String(record.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8));
    }

    @Test
    void rowsAppendedWhileTheRelayCannotSendAreSentLaterInOrder() throws Exception {
        String key = "run-outbox-" + UUID.randomUUID();
        List<RunChanged> events = List.of(event(key), event(key), event(key));
        relay.pause();
        try {
            QuarkusTransaction.requiringNew().run(() -> events.forEach(e -> outbox.append(Topics.RUNS, key,
                    e.eventId(), e)));
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // nothing listens there
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "500");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> dead = new KafkaProducer<>(props)) {
                OutboxRelay.Sender sender = row -> {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    dead.send(new ProducerRecord<>(row.topic(), row.key(), row.payload()), (metadata, failure) -> {
                        if (failure != null) {
                            done.completeExceptionally(failure);
                        } else {
                            done.complete(null);
                        }
                    });
                    return done;
                };
                assertThrows(RuntimeException.class, () -> relay.relayOnce(sender));
            }
            long pending = QuarkusTransaction.requiringNew().call(() -> outbox.pending());
            assertTrue(pending >= 3, "the rows stay after the failed relay: " + pending);
        } finally {
            relay.resume();
        }
        List<ConsumerRecord<String, String>> records = published(key);
        assertEquals(events.stream().map(RunChanged::eventId).toList(),
                records.stream().map(r -> Flows.read(r.value(), RunChanged.class).eventId()).toList(),
                "each event once, in the order appended");
    }
}
