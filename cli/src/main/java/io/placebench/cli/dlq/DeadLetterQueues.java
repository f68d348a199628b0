package io.placebench.cli.dlq;

import io.placebench.cli.stack.StackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topics of a broker and what is left to replay in them. What was replayed is remembered as the
 * committed offsets of one consumer group ({@value #GROUP}): a partition's pending records are those after its
 * committed offset (all of them before the first replay). A record is committed only after the broker
 * acknowledged its copy on the original topic (acks=all, idempotent producer), so a replay that is interrupted
 * re-sends at most the records of its last unacknowledged batch; consumers are idempotent by event id.
 */
public final class DeadLetterQueues implements AutoCloseable {

    public static final String GROUP = "placebench-dlq";
    private static final long TIMEOUT_S = 30;

    private final String bootstrap;
    private final String group;
    private final Admin admin;

    public DeadLetterQueues(String bootstrap, String group) {
        this.bootstrap = bootstrap;
        this.group = group;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        this.admin = Admin.create(p);
    }

    /** One partition: offsets of its first and next record, and the group's committed offset (null: none). */
    public record PartitionState(int partition, long start, Long committed, long end) {
        /** Where replay resumes: the committed offset, unless retention deleted it already. */
        public long from() {
            return committed == null ? start : Math.max(start, committed);
        }

        public long pending() {
            return Math.max(0, end - from());
        }

        public long total() {
            return end - start;
        }
    }

    public record TopicState(String topic, List<PartitionState> partitions) {
        public long pending() {
            return partitions.stream().mapToLong(PartitionState::pending).sum();
        }

        public long total() {
            return partitions.stream().mapToLong(PartitionState::total).sum();
        }
    }

    /** A record replayed ({@code to} set) or left pending ({@code problem} set). */
    public record Outcome(String topic, int partition, long offset, String key, String to, String problem) {
    }

    /** Every topic of the broker (the dead-letter ones and the others, for finding original topics). */
    public Set<String> topics() {
        return call(() -> admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS));
    }

    /** The dead-letter topics, by name, with their partitions' offsets; {@code only} (if not null) picks one. */
    public List<TopicState> states(String only) {
        List<String> names = topics().stream().filter(DeadLetter::isDeadLetterTopic)
                .filter(t -> only == null || only.equals(t)).sorted().toList();
        if (names.isEmpty()) {
            return List.of();
        }
        return call(() -> {
            Map<String, TopicDescription> described =
                    admin.describeTopics(names).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.forEach((topic, d) -> d.partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            }));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<TopicState> states = new ArrayList<>();
            for (String topic : names) {
                Map<Integer, PartitionState> partitions = new TreeMap<>();
                for (var p : described.get(topic).partitions()) {
                    TopicPartition tp = new TopicPartition(topic, p.partition());
                    OffsetAndMetadata c = committed.get(tp);
                    partitions.put(p.partition(), new PartitionState(p.partition(), starts.get(tp).offset(),
                            c == null ? null : c.offset(), ends.get(tp).offset()));
                }
                states.add(new TopicState(topic, List.copyOf(partitions.values())));
            }
            return states;
        });
    }

    /** The pending records of these topics, in topic, partition and offset order. */
    public List<DeadLetter> pending(List<TopicState> states) {
        Set<String> existing = topics();
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            for (TopicState t : states) {
                for (PartitionState p : t.partitions()) {
                    read(consumer, t.topic(), p, batch -> {
                        for (ConsumerRecord<byte[], byte[]> r : batch) {
                            letters.add(letter(r, existing));
                        }
                        return true;
                    });
                }
            }
        }
        return letters;
    }

    /**
     * Re-publishes each pending record to its original topic (same key, value and headers, less the dead-letter
     * ones), then commits it as replayed. A record whose original topic is unknown or does not exist stops its
     * partition there (it stays pending, and so do the records after it, to keep their order); the other
     * partitions go on.
     */
    public List<Outcome> replay(List<TopicState> states) {
        Set<String> existing = topics();
        List<Outcome> outcomes = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
             KafkaProducer<byte[], byte[]> producer = producer()) {
            for (TopicState t : states) {
                for (PartitionState p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(t.topic(), p.partition());
                    read(consumer, t.topic(), p, batch -> {
                        List<Future<RecordMetadata>> sent = new ArrayList<>();
                        long next = -1;
                        boolean goOn = true;
                        for (ConsumerRecord<byte[], byte[]> r : batch) {
                            DeadLetter letter = letter(r, existing);
                            String problem = letter.originalTopic() == null
                                    ? "the original topic is not known (no " + DeadLetter.TOPIC
                                            + " header, and the name does not tell)"
                                    : !existing.contains(letter.originalTopic())
                                            ? "the original topic " + letter.originalTopic() + " does not exist"
                                            : null;
                            if (problem != null) {
                                outcomes.add(new Outcome(r.topic(), r.partition(), r.offset(), letter.key(), null,
                                        problem));
                                goOn = false;
                                break;
                            }
                            sent.add(producer.send(new ProducerRecord<>(letter.originalTopic(), null, r.key(),
                                    r.value(), DeadLetter.replayHeaders(r.headers()))));
                            outcomes.add(new Outcome(r.topic(), r.partition(), r.offset(), letter.key(),
                                    letter.originalTopic(), null));
                            next = r.offset() + 1;
                        }
                        if (next >= 0) {
                            producer.flush();
                            for (Future<RecordMetadata> f : sent) {
                                await(f);
                            }
                            // only now: a record counts as replayed once its copy is acknowledged
                            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next)));
                        }
                        return goOn;
                    });
                }
            }
        }
        return outcomes;
    }

    private static DeadLetter letter(ConsumerRecord<byte[], byte[]> r, Set<String> existing) {
        return DeadLetter.of(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), r.headers(),
                existing);
    }

    /** Reads one partition from its pending start up to the end seen by {@link #states}, a batch at a time. */
    private void read(KafkaConsumer<byte[], byte[]> consumer, String topic, PartitionState p,
            java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> handle) {
        if (p.pending() == 0) {
            return;
        }
        TopicPartition tp = new TopicPartition(topic, p.partition());
        consumer.assign(List.of(tp));
        consumer.seek(tp, p.from());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (consumer.position(tp) < p.end()) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                if (r.offset() < p.end()) {
                    batch.add(r);
                }
            }
            if (!batch.isEmpty()) {
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
                if (!handle.test(batch)) {
                    return;
                }
            } else if (System.nanoTime() > deadline) {
                throw StackException.failure("no records from " + tp + " at offset " + consumer.position(tp)
                        + " for " + TIMEOUT_S + " s (broker " + bootstrap + ")");
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private void await(Future<RecordMetadata> f) {
        try {
            f.get(TIMEOUT_S * 3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StackException.failure("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw StackException.failure("a replayed record was not acknowledged by " + bootstrap + ": " + cause
                    + "; it stays pending (nothing after it was marked replayed)");
        }
    }

    private interface KafkaCall<T> {
        T call() throws Exception;
    }

    private <T> T call(KafkaCall<T> call) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StackException.failure("interrupted");
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw StackException.failure("Kafka at " + bootstrap + " did not answer: " + cause
                    + " (is the stack up? --kafka HOST:PORT names another broker)");
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
