package io.placebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.testing.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code placebench dlq} against a real in-process Kafka broker (the testing module's TestKafka). */
class DlqCommandTest {

    private static String bootstrap;
    private final ObjectMapper mapper = new ObjectMapper();
    private StringWriter out;
    private StringWriter err;
    /** Unique names: the broker lives as long as the test JVM, and the replay group's offsets with it. */
    private String orders;
    private String ordersDlq;
    private String scoresDlq;
    private String scores;

    @BeforeAll
    static void broker() {
        bootstrap = TestKafka.bootstrapServers();
    }

    @BeforeEach
    void topics() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        orders = "orders-" + id;
        scores = "scores-" + id;
        ordersDlq = "svc-a." + orders + ".dlq";
        scoresDlq = "scoring-service." + scores + ".dlq";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(orders, 3, (short) 1), new NewTopic(scores, 1, (short) 1),
                    new NewTopic(ordersDlq, 2, (short) 1), new NewTopic(scoresDlq, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = PlaceBench.configure(new CommandLine(new PlaceBench()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--json", "--kafka", bootstrap));
        assertEquals(0, run(all.toArray(String[]::new)), err.toString());
        return mapper.readTree(out.toString());
    }

    private static JsonNode topic(JsonNode list, String name) {
        for (JsonNode t : list.path("topics")) {
            if (t.path("topic").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    /** A dead letter as SmallRye's KafkaDeadLetterQueue writes it: its headers first, then the original's. */
    private void deadLetter(String dlqTopic, String key, String value, String originalTopic, int partition,
            long offset, String reason) throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add("dead-letter-exception-class-name", utf8("java.lang.IllegalArgumentException"));
        h.add("dead-letter-reason", utf8(reason));
        if (originalTopic != null) {
            h.add("dead-letter-topic", utf8(originalTopic));
            h.add("dead-letter-partition", utf8(Integer.toString(partition)));
            h.add("dead-letter-offset", utf8(Long.toString(offset)));
        }
        h.add("event-id", utf8("ev-" + key));
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(dlqTopic, null, key, value, h)).get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Every record of {@code topic} (its end offsets are read first, so this ends). */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var ends = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    @Test
    void listShowsPendingWithReasonsAndReplayEmptiesIt() throws Exception {
        deadLetter(ordersDlq, "run-1/img-1", "{\"n\":1}", orders, 2, 41, "image is not a JPEG");
        deadLetter(ordersDlq, "run-1/img-2", "{\"n\":2}", orders, 0, 7, "image is not a JPEG");
        deadLetter(ordersDlq, "run-1/img-3", "{\"n\":3}", orders, 1, 9, "missing field imageId");
        deadLetter(scoresDlq, "run-2/img-9", "{\"n\":9}", null, 0, 0, "cannot score");

        JsonNode list = json("dlq");
        assertEquals(3, topic(list, ordersDlq).path("pending").asLong());
        assertEquals(1, topic(list, scoresDlq).path("pending").asLong());

        // --show: every record with its key, origin and reason; the name tells the scoring one's origin
        assertEquals(0, run("dlq", "--show", "--kafka", bootstrap, "--topic", ordersDlq), err.toString());
        String shown = out.toString();
        assertTrue(shown.contains("key run-1/img-1  from " + orders + "/2@41"), shown);
        assertTrue(shown.contains("image is not a JPEG (java.lang.IllegalArgumentException)"), shown);
        assertTrue(shown.contains("missing field imageId"), shown);
        assertFalse(shown.contains(scoresDlq), "--topic picks one: " + shown);
        JsonNode verbose = json("dlq", "list", "-v");
        List<JsonNode> scoring = new ArrayList<>();
        verbose.path("records").forEach(r -> {
            if (r.path("topic").asText().equals(scoresDlq)) {
                scoring.add(r);
            }
        });
        assertEquals(1, scoring.size(), verbose.toString());
        assertEquals(scores, scoring.get(0).path("originalTopic").asText());
        assertEquals("cannot score", scoring.get(0).path("reason").asText());

        // replay one topic: its records go back with key, value and the original headers only
        assertEquals(0, run("dlq", "replay", "--topic", ordersDlq, "--kafka", bootstrap), err.toString());
        assertTrue(out.toString().contains("3 records replayed: " + ordersDlq + " -> " + orders), out.toString());
        List<ConsumerRecord<String, String>> back = readAll(orders);
        assertEquals(3, back.size());
        for (ConsumerRecord<String, String> r : back) {
            List<String> headers = new ArrayList<>();
            r.headers().forEach(h -> headers.add(h.key()));
            assertEquals(List.of("event-id"), headers, "dead-letter headers are dropped");
            Header eventId = r.headers().lastHeader("event-id");
            assertEquals("ev-" + r.key(), new String(eventId.value(), StandardCharsets.UTF_8));
            assertEquals("{\"n\":" + r.key().charAt(r.key().length() - 1) + "}", r.value());
        }

        list = json("dlq");
        assertEquals(0, topic(list, ordersDlq).path("pending").asLong());
        assertEquals(3, topic(list, ordersDlq).path("total").asLong(), "the dead letters themselves stay");
        assertEquals(1, topic(list, scoresDlq).path("pending").asLong());

        // a second replay sends only what is still pending: nothing twice
        assertEquals(0, run("dlq", "replay", "--topic", ordersDlq, "--kafka", bootstrap), err.toString());
        assertTrue(out.toString().contains("Nothing to replay."), out.toString());
        assertEquals(3, readAll(orders).size());
        // (other tests' topics share the broker: replay without --topic is not used here)
        JsonNode replay = json("dlq", "replay", "--topic", scoresDlq);
        assertEquals(1, replay.path("replayed").asInt(), replay.toString());
        assertEquals(1, readAll(scores).size());
        list = json("dlq");
        assertEquals(0, topic(list, scoresDlq).path("pending").asLong());
    }

    @Test
    void aRecordWithoutAKnownOriginStaysPendingWithTheRecordsAfterIt() throws Exception {
        String lostDlq = "svc-b.nowhere-" + orders + ".dlq";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(lostDlq, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        deadLetter(lostDlq, "k1", "v1", orders, 0, 1, "fine");
        deadLetter(lostDlq, "k2", "v2", "no-such-topic-" + orders, 0, 2, "lost");
        deadLetter(lostDlq, "k3", "v3", orders, 0, 3, "fine");

        assertEquals(1, run("dlq", "replay", "--topic", lostDlq, "--kafka", bootstrap));
        assertTrue(out.toString().contains("1 record replayed: " + lostDlq + " -> " + orders), out.toString());
        assertTrue(out.toString().contains("the original topic no-such-topic-" + orders + " does not exist"),
                out.toString());
        assertEquals(List.of("k1"), readAll(orders).stream().map(ConsumerRecord::key).toList());
        assertEquals(2, topic(json("dlq", "--topic", lostDlq), lostDlq).path("pending").asLong(),
                "k2 and, to keep the order, k3 wait");
    }

    @Test
    void theBrokerComesFromTheStateDirOfTheLastUp(@TempDir Path state) throws Exception {
        Files.writeString(state.resolve("stack.properties"), "kafka-port=19999\n");
        DlqCommand dlq = new DlqCommand();
        new CommandLine(dlq).parseArgs("--state-dir", state.toString());
        DlqCommand.environment = name -> null;
        try {
            assertEquals("127.0.0.1:19999", dlq.bootstrap());
            DlqCommand.environment = name -> name.equals(DlqCommand.KAFKA_ENV) ? "envhost:1" : null;
            assertEquals("envhost:1", dlq.bootstrap());
            new CommandLine(dlq).parseArgs("--state-dir", state.toString(), "--kafka", "opt:2");
            assertEquals("opt:2", dlq.bootstrap());
        } finally {
            DlqCommand.environment = System::getenv;
        }
        DlqCommand none = new DlqCommand();
        new CommandLine(none).parseArgs("--state-dir", state.resolve("missing").toString());
        DlqCommand.environment = name -> null;
        try {
            assertEquals("127.0.0.1:9092", none.bootstrap());
        } finally {
            DlqCommand.environment = System::getenv;
        }
        assertNull(none.topic);
    }

    @Test
    void aTopicThatIsNotADeadLetterTopicIsRefused() {
        assertEquals(2, run("dlq", "--topic", "predictions", "--kafka", bootstrap));
        assertTrue(err.toString().contains("is not a dead-letter topic"), err.toString());
    }
}
