package io.placebench.cli.stack;

import java.util.List;

/**
 * The ports of one local stack. {@link #uses()} names each port with what wants it and the option that moves
 * it, so that a conflict can be reported in words the user can act on.
 */
public record Ports(int ingest, int inference, int scoring, int analytics, int simulator, int kafka,
                    int kafkaController, int postgres) {

    public static final Ports DEFAULTS = new Ports(8081, 8082, 8083, 8084, 8090, 9092, 9093, 5432);

    /** What a port is for and how to change it. */
    public record Use(int port, String owner, String option) {
    }

    public Ports {
        for (int p : new int[] {ingest, inference, scoring, analytics, simulator, kafka, kafkaController, postgres}) {
            if (p < 1 || p > 65535) {
                throw StackException.config("port " + p + " is outside 1..65535");
            }
        }
    }

    /**
     * The ports {@code base .. base+7} in the order ingest, inference, scoring, analytics, simulator, Kafka,
     * Kafka controller, PostgreSQL.
     */
    public static Ports fromBase(int base) {
        return new Ports(base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7);
    }

    public List<Use> uses() {
        return List.of(
                new Use(ingest, "ingest-service", "--ingest-port"),
                new Use(inference, "inference-service", "--inference-port"),
                new Use(scoring, "scoring-service", "--scoring-port"),
                new Use(analytics, "analytics-service", "--analytics-port"),
                new Use(simulator, "llm-simulator", "--simulator-port"),
                new Use(kafka, "Kafka", "--kafka-port"),
                new Use(kafkaController, "Kafka controller", "--kafka-controller-port"),
                new Use(postgres, "PostgreSQL", "--postgres-port"));
    }
}
