package io.placebench.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Hands the shared test broker ({@link TestKafka}) to a Quarkus test. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestKafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker lives as long as the test JVM, so several Quarkus test profiles can share it.
    }
}
