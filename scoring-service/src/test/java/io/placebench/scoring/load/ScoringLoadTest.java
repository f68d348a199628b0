package io.placebench.scoring.load;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.Address;
import io.placebench.events.EventJson;
import io.placebench.events.GeoAnswer;
import io.placebench.events.GroundTruth;
import io.placebench.events.ImageIngested;
import io.placebench.events.PredictionMade;
import io.placebench.events.PredictionStatus;
import io.placebench.events.Topics;
import io.placebench.events.TokenUsage;
import io.placebench.testing.KafkaTestResource;
import io.placebench.testing.PostgresTestResource;
import io.placebench.testing.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.placebench.scoring.repository.Score;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End-to-end load measurement (Kafka in, PostgreSQL, Kafka out), skipped unless
 * {@code -Dplacebench.load.predictions=N} is given; see docs/benchmarks.md ("Scoring"). It prints the figures
 * and asserts only that every prediction was scored exactly once, never a speed.
 */
@QuarkusTest
@Tag("benchmark")
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true)
class ScoringLoadTest {

    @Test
    void scoresAStreamOfPredictions() throws Exception {
        int predictions = Integer.getInteger("placebench.load.predictions", 0);
        Assumptions.assumeTrue(predictions > 0, "load run not requested (-Dplacebench.load.predictions=N)");
        int images = Integer.getInteger("placebench.load.images", 10_000);
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);

        ObjectMapper json = EventJson.newMapper();
        String dataset = "load-" + UUID.randomUUID();
        String runPrefix = "load-run-" + UUID.randomUUID().toString().substring(0, 8);
        SplittableRandom random = new SplittableRandom(7);
        double[][] truth = new double[images][];
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < images; i++) {
                truth[i] = new double[] {random.nextDouble(-55, 70), random.nextDouble(-180, 180)};
                ImageIngested image = new ImageIngested(UUID.randomUUID().toString(), 1, Instant.now(), dataset,
                        "img-" + i, "0".repeat(64), "image/jpeg", 10, "http://localhost/blob",
                        new GroundTruth(truth[i][0], truth[i][1], null, null, null), Map.of());
                producer.send(new ProducerRecord<>(Topics.IMAGES, image.imageId(), json.writeValueAsString(image)));
            }
            producer.flush();
        }
        long truthStart = System.nanoTime();
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> ((Number) Score.getEntityManager()
                        .createNativeQuery("select count(*) from truth where dataset_id = ?1")
                        .setParameter(1, dataset).getSingleResult()).intValue()) == images);
        double truthSeconds = (System.nanoTime() - truthStart) / 1e9;

        // Serialise everything first, so that the producer is not the bottleneck being measured.
        List<ProducerRecord<String, String>> records = new ArrayList<>(predictions);
        int runs = Math.max(1, (predictions + images - 1) / images);
        for (int k = 0; k < predictions; k++) {
            String run = runPrefix + "-" + (k / images);
            int i = k % images;
            GeoAnswer answer = random.nextInt(10) == 0 ? null : new GeoAnswer(
                    truth[i][0] + random.nextDouble(-2, 2), Math.max(-180, Math.min(180, truth[i][1]
                            + random.nextDouble(-2, 2))), new Address(null, "Springfield", "Ohio", "USA"), 3);
            PredictionMade p = new PredictionMade(UUID.randomUUID().toString(), 1, Instant.now(), run, dataset,
                    "img-" + i, "simulator", "sim-strong", "imageo", "h", true,
                    answer == null ? PredictionStatus.REFUSED : PredictionStatus.OK, answer, "{}", null, null,
                    new TokenUsage(100, 20, 0, 0, 85), new BigDecimal("0.0001"), 10, 1);
            records.add(new ProducerRecord<>(Topics.PREDICTIONS, Topics.runImageKey(run, p.imageId()),
                    json.writeValueAsString(p)));
        }

        try (KafkaConsumer<String, String> scores = scoresFromNow(); KafkaProducer<String, String> producer = producer()) {
            long start = System.nanoTime();
            for (ProducerRecord<String, String> r : records) {
                producer.send(r);
            }
            producer.flush();
            long sent = System.nanoTime();
            int seen = 0;
            long first = 0;
            long last = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (seen < predictions && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : scores.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(runPrefix)) {
                        seen++;
                        last = System.nanoTime();
                        if (first == 0) {
                            first = last;
                        }
                    }
                }
            }
            double total = (last - start) / 1e9;
            double steady = (last - first) / 1e9;
            System.out.printf(Locale.ROOT, "%n[load] %d images: truths recorded (with geocoding) in %.1f s (%.0f/s)%n",
                    images, truthSeconds, images / truthSeconds);
            System.out.printf(Locale.ROOT, "[load] %d predictions (%d runs) sent in %.1f s; %d scores out; first "
                    + "send to last score %.1f s = %.0f scores/s; first to last score %.1f s = %.0f scores/s%n",
                    predictions, runs, (sent - start) / 1e9, seen, total, seen / total, steady,
                    seen / Math.max(steady, 1e-9));
            assertEquals(predictions, seen, "every prediction produced one score");
        }
        long stored = QuarkusTransaction.requiringNew().call(() -> Score.count("runId like ?1", runPrefix + "%"));
        assertEquals(predictions, stored, "every prediction stored once");
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** A consumer of the scores topic positioned at its current end. */
    private static KafkaConsumer<String, String> scoresFromNow() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "load-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        // The topic exists once the service has published anything; make sure it does before assigning.
        List<TopicPartition> partitions = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            partitions.clear();
            consumer.partitionsFor(Topics.SCORES, Duration.ofSeconds(5))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            return !partitions.isEmpty();
        });
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }
}
