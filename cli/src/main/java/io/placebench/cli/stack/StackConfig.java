package io.placebench.cli.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * @param partitions         partitions of the topics the stack creates and the broker's {@code num.partitions}
 *                           (auto-created topics such as the dead-letter topics); an existing topic with fewer
 *                           is grown to this many
 * @param restartPolicy      how children that die are restarted; null: not at all (a death stops the stack)
 * @param serviceProperties  further system properties per service ({@code -Dkey=value} before {@code -jar}, after
 *                           the stack's own, so they win), by service name; the key {@value #ALL_SERVICES} applies to
 *                           every service (a service's own entry wins over it). For tests and tuning: shorter
 *                           leases, producer timeouts, provider limits
 */
public record StackConfig(Path home, Path stateDir, Ports ports, long simulatorLatencyMs, Duration readyTimeout,
                          String ingestTokenHash, int partitions, RestartPolicy restartPolicy,
                          Map<String, Map<String, String>> serviceProperties) {

    /** The key of {@link #serviceProperties()} whose properties every service gets. */
    public static final String ALL_SERVICES = "*";

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(120);
    /** Lets up to 24 replicas of a consumer group (inference) each own a partition. */
    public static final int DEFAULT_PARTITIONS = 24;

    public StackConfig {
        home = home.toAbsolutePath().normalize();
        stateDir = stateDir.toAbsolutePath().normalize();
        if (ingestTokenHash != null && !ingestTokenHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("ingestTokenHash must be 64 lowercase hex digits");
        }
        if (partitions < 1) {
            throw StackException.config("--partitions must be at least 1, got " + partitions);
        }
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (serviceProperties != null) {
            serviceProperties.forEach((service, props) -> copy.put(service,
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(props))));
        }
        serviceProperties = java.util.Collections.unmodifiableMap(copy);
    }

    /** A stack with these partitions and restart policy, and no further service properties. */
    public StackConfig(Path home, Path stateDir, Ports ports, long simulatorLatencyMs, Duration readyTimeout,
            String ingestTokenHash, int partitions, RestartPolicy restartPolicy) {
        this(home, stateDir, ports, simulatorLatencyMs, readyTimeout, ingestTokenHash, partitions, restartPolicy,
                Map.of());
    }

    /** A stack with {@link #DEFAULT_PARTITIONS} partitions and no supervision. */
    public StackConfig(Path home, Path stateDir, Ports ports, long simulatorLatencyMs, Duration readyTimeout,
            String ingestTokenHash) {
        this(home, stateDir, ports, simulatorLatencyMs, readyTimeout, ingestTokenHash, DEFAULT_PARTITIONS, null);
    }

    /** A stack without an API token (ingest-service open to writes). */
    public StackConfig(Path home, Path stateDir, Ports ports, long simulatorLatencyMs, Duration readyTimeout) {
        this(home, stateDir, ports, simulatorLatencyMs, readyTimeout, null);
    }

    public StackConfig withPartitions(int n) {
        return new StackConfig(home, stateDir, ports, simulatorLatencyMs, readyTimeout, ingestTokenHash, n,
                restartPolicy, serviceProperties);
    }

    public StackConfig withRestartPolicy(RestartPolicy policy) {
        return new StackConfig(home, stateDir, ports, simulatorLatencyMs, readyTimeout, ingestTokenHash, partitions,
                policy, serviceProperties);
    }

    /**
     * Adds system properties for {@code service} ({@value #ALL_SERVICES}: every service); a key given again
     * replaces the earlier value.
     */
    public StackConfig withServiceProperties(String service, Map<String, String> properties) {
        Map<String, Map<String, String>> next = new LinkedHashMap<>(serviceProperties);
        Map<String, String> merged = new LinkedHashMap<>(next.getOrDefault(service, Map.of()));
        merged.putAll(properties);
        next.put(service, merged);
        return new StackConfig(home, stateDir, ports, simulatorLatencyMs, readyTimeout, ingestTokenHash, partitions,
                restartPolicy, next);
    }

    /** The further system properties of one service: those for every service, overlaid by its own. */
    public Map<String, String> servicePropertiesOf(String service) {
        Map<String, String> all = new LinkedHashMap<>(serviceProperties.getOrDefault(ALL_SERVICES, Map.of()));
        all.putAll(serviceProperties.getOrDefault(service, Map.of()));
        return all;
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
