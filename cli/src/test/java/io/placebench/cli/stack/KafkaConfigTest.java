package io.placebench.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {

    @Test
    void combinedKraftNodeOnLoopback() throws IOException {
        Path logs = Path.of("/tmp/pb state/kafka/data");
        Map<String, String> p = KafkaConfig.serverProperties(logs, 19092, 19093, 24);
        assertEquals("broker,controller", p.get("process.roles"));
        assertEquals("1", p.get("node.id"));
        assertEquals("1@127.0.0.1:19093", p.get("controller.quorum.voters"));
        assertEquals("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093", p.get("listeners"));
        assertEquals("PLAINTEXT://127.0.0.1:19092", p.get("advertised.listeners"));
        assertEquals("CONTROLLER", p.get("controller.listener.names"));
        assertEquals("1", p.get("offsets.topic.replication.factor"));
        assertEquals("1", p.get("transaction.state.log.replication.factor"));
        assertEquals("24", p.get("num.partitions"));
        // auto-created topics (the dead-letter topics) must accept acks=all writes on one broker
        assertEquals("1", p.get("default.replication.factor"));
        assertEquals("1", p.get("min.insync.replicas"));
        assertEquals("true", p.get("auto.create.topics.enable"));
        assertEquals("0", p.get("group.initial.rebalance.delay.ms"));

        // what Kafka reads back is exactly what was meant, spaces in the path included
        Properties read = new Properties();
        read.load(new StringReader(KafkaConfig.render(p)));
        assertEquals(p.size(), read.size());
        p.forEach((k, v) -> assertEquals(v, read.getProperty(k), k));
        assertEquals(logs.toAbsolutePath().toString(), read.getProperty("log.dirs"));
    }

    @Test
    void partitionsAreConfigurable() {
        assertEquals("7", KafkaConfig.serverProperties(Path.of("d"), 1, 2, 7).get("num.partitions"));
    }
}
