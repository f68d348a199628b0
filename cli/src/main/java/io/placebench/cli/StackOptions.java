package io.placebench.cli;

import io.placebench.cli.stack.Ports;
import io.placebench.cli.stack.StackConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The ports and timeouts of the local stack, shared by {@code up} and {@code demo}. */
public class StackOptions {

    @Option(names = "--port-base", paramLabel = "PORT",
            description = "Use PORT..PORT+7 for ingest, inference, scoring, analytics, simulator, Kafka, Kafka "
                    + "controller and PostgreSQL (the per-port options below still win).")
    Integer portBase;

    @Option(names = "--ingest-port", paramLabel = "PORT", description = "ingest-service HTTP port (default 8081).")
    Integer ingestPort;

    @Option(names = "--inference-port", paramLabel = "PORT",
            description = "inference-service HTTP port (default 8082).")
    Integer inferencePort;

    @Option(names = "--scoring-port", paramLabel = "PORT", description = "scoring-service HTTP port (default 8083).")
    Integer scoringPort;

    @Option(names = "--analytics-port", paramLabel = "PORT",
            description = "analytics-service HTTP port (default 8084).")
    Integer analyticsPort;

    @Option(names = "--simulator-port", paramLabel = "PORT", description = "llm-simulator HTTP port (default 8090).")
    Integer simulatorPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka broker port (default 9092).")
    Integer kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT",
            description = "Kafka KRaft controller port (default 9093).")
    Integer kafkaControllerPort;

    @Option(names = "--postgres-port", paramLabel = "PORT", description = "PostgreSQL port (default 5432).")
    Integer postgresPort;

    @Option(names = "--ready-timeout", paramLabel = "DURATION", defaultValue = "120s",
            converter = DurationConverter.class,
            description = "How long each service may take to report ready (default: ${DEFAULT-VALUE}).")
    Duration readyTimeout = StackConfig.DEFAULT_READY_TIMEOUT;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + StackConfig.DEFAULT_PARTITIONS,
            description = "Partitions of the stack's topics and of auto-created ones such as the dead-letter topics; "
                    + "up to N replicas of a service can share a topic. Existing topics with fewer are grown "
                    + "(default: ${DEFAULT-VALUE}).")
    int partitions = StackConfig.DEFAULT_PARTITIONS;

    public int partitions() {
        return partitions;
    }

    public Ports ports() {
        Ports base = portBase == null ? Ports.DEFAULTS : Ports.fromBase(portBase);
        return new Ports(
                or(ingestPort, base.ingest()),
                or(inferencePort, base.inference()),
                or(scoringPort, base.scoring()),
                or(analyticsPort, base.analytics()),
                or(simulatorPort, base.simulator()),
                or(kafkaPort, base.kafka()),
                or(kafkaControllerPort, base.kafkaController()),
                or(postgresPort, base.postgres()));
    }

    public Duration readyTimeout() {
        return readyTimeout;
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
