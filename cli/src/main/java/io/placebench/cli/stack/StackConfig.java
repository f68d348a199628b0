package io.placebench.cli.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run one local stack.
 *
 * @param home               the PlaceBench checkout whose modules' {@code target/} folders hold the jars
 * @param stateDir           where PostgreSQL, Kafka, blobs and logs live
 * @param ports              every port of the stack
 * @param simulatorLatencyMs mean latency of the simulated models
 * @param readyTimeout       how long a service may take to report ready
 */
public record StackConfig(Path home, Path stateDir, Ports ports, long simulatorLatencyMs, Duration readyTimeout) {

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(120);

    public StackConfig {
        home = home.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
    }

    public Path postgresDir() {
        return stateDir.resolve("postgres");
    }

    public Path kafkaDir() {
        return stateDir.resolve("kafka");
    }

    public Path blobsDir() {
        return stateDir.resolve("blobs");
    }

    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    public Path logFile(String name) {
        return logsDir().resolve(name + ".log");
    }

    public Path stackFile() {
        return stateDir.resolve("stack.properties");
    }
}
