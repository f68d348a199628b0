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
 * @param ingestTokenHash    SHA-256 hex of the API token ingest-service accepts for writes
 *                           ({@code placebench.auth.token-hashes}); null leaves ingest open
 */
public record StackConfig(Path home, Path stateDir, Ports ports, long simulatorLatencyMs, Duration readyTimeout,
                          String ingestTokenHash) {

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(120);

    public StackConfig {
        home = home.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
        if (ingestTokenHash != null && !ingestTokenHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("ingestTokenHash must be 64 lowercase hex digits");
        }
    }

    /** A stack without an API token (ingest-service open to writes). */
    public StackConfig(Path home, Path stateDir, Ports ports, long simulatorLatencyMs, Duration readyTimeout) {
        this(home, stateDir, ports, simulatorLatencyMs, readyTimeout, null);
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
