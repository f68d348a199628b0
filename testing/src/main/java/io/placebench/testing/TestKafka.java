package io.placebench.testing;

import java.util.logging.Logger;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM, chosen in this order: the external broker named by
 * {@code PLACEBENCH_TEST_KAFKA}; a Testcontainers broker when Docker answers; otherwise Kafka's own
 * in-process KRaft cluster ({@link KafkaClusterTestKit}, one combined broker and controller).
 */
public final class TestKafka {

    public static final String ENV_EXTERNAL = "PLACEBENCH_TEST_KAFKA";
    private static final Logger LOG = Logger.getLogger(TestKafka.class.getName());
    private static String bootstrapServers;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = start();
        }
        return bootstrapServers;
    }

    private static String start() {
        String external = System.getenv(ENV_EXTERNAL);
        if (external != null && !external.isBlank()) {
            LOG.info("Using external Kafka " + external);
            return external;
        }
        if (DockerAvailability.dockerAnswers()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:4.2.1")
                    .withEnv("KAFKA_NUM_PARTITIONS", "3");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            LOG.info("Using Testcontainers Kafka " + container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        return startInProcess();
    }

    private static String startInProcess() {
        // At JVM exit the test kit's temp-directory deletion hook races our close hook; a broker that sees its log
        // directory vanish halts the JVM with code 1, so a test JVM that passed every test would fail its build.
        // Kafka's own test harnesses replace these procedures for the same reason.
        Exit.setHaltProcedure((code, message) -> LOG.warning("In-process Kafka asked to halt the JVM with code " + code
                + " (ignored in tests): " + message));
        Exit.setExitProcedure((code, message) -> LOG.warning("In-process Kafka asked to exit the JVM with code " + code
                + " (ignored in tests): " + message));
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    cluster.close();
                } catch (Exception e) {
                    LOG.warning("Closing the in-process Kafka failed: " + e);
                }
            }));
            LOG.info("Using in-process Kafka " + cluster.bootstrapServers());
            return cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-process Kafka broker", e);
        }
    }

    /** Docker detection is cached: Testcontainers answers quickly, but only once is needed. */
    static final class DockerAvailability {
        private static Boolean available;

        static synchronized boolean dockerAnswers() {
            if (available == null) {
                try {
                    available = DockerClientFactory.instance().isDockerAvailable();
                } catch (Throwable e) {
                    available = false;
                }
            }
            return available;
        }
    }
}
