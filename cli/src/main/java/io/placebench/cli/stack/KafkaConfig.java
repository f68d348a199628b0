package io.placebench.cli.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The files of the local Kafka broker: a KRaft node that is broker and controller at once. */
public final class KafkaConfig {

    private KafkaConfig() {
    }

    /**
     * server.properties for a single combined node listening on 127.0.0.1. {@code partitions} is the default of
     * auto-created topics: the dead-letter topics appear on their first record with that many partitions,
     * replication factor 1 and min.insync.replicas 1, so that the services' acks=all producers can write them.
     */
    public static Map<String, String> serverProperties(Path logDirs, int port, int controllerPort, int partitions) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDirs.toAbsolutePath().toString());
        p.put("num.partitions", Integer.toString(partitions));
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** Properties file text; backslashes are escaped so that Windows-style paths survive. */
    public static String render(Map<String, String> properties) {
        return "# Written by placebench at every start; edits are overwritten.\n"
                + properties.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                        .collect(Collectors.joining("\n", "", "\n"));
    }

    /** A log4j2 configuration for the broker: INFO to the console (its log file), chatty loggers at WARN. */
    public static String log4j2Properties() {
        return String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "logger.kafka.name = kafka",
                "logger.kafka.level = INFO",
                "logger.statechange.name = state.change.logger",
                "logger.statechange.level = WARN",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "logger.clients.name = org.apache.kafka",
                "logger.clients.level = WARN",
                "logger.controller.name = org.apache.kafka.controller",
                "logger.controller.level = WARN",
                "logger.raft.name = org.apache.kafka.raft",
                "logger.raft.level = WARN",
                "");
    }
}
