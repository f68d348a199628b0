package io.placebench.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: send events as JSON, read a topic from the beginning. */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final ObjectMapper json = EventJson.newMapper();
    private final KafkaProducer<String, String> producer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    /** A client on the shared test broker. */
    public static KafkaTestClient shared() {
        return new KafkaTestClient(TestKafka.bootstrapServers());
    }

    public void send(String topic, String key, Object event) {
        try {
            sendRaw(topic, key, json.writeValueAsString(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public void sendRaw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning and returns the events accepted by {@code filter}, stopping once
     * {@code atLeast} were found or the timeout passed (then fewer are returned and the test's assertion fails).
     */
    public <T> List<T> readAll(String topic, Class<T> type, java.util.function.Predicate<T> filter, int atLeast,
            Duration timeout) {
        List<T> found = new ArrayList<>();
        readRecords(topic, timeout, record -> {
            T value = parse(record.value(), type);
            if (value != null && filter.test(value)) {
                found.add(value);
            }
            return found.size() >= atLeast;
        });
        return found;
    }

    private <T> T parse(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (Exception e) {
            return null;
        }
    }

    /** Polls until {@code done} says so (after a poll) or the timeout passes; returns every record seen. */
    public List<ConsumerRecord<String, String>> readRecords(String topic, Duration timeout,
            java.util.function.Predicate<ConsumerRecord<String, String>> done) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        Instant end = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            boolean finished = false;
            while (!finished && Instant.now().isBefore(end)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record);
                    if (done.test(record)) {
                        finished = true;
                    }
                }
            }
        }
        return seen;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
