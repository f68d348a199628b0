package io.placebench.inference;

import io.placebench.simulator.SimulatorConfig;
import io.placebench.simulator.SimulatorServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Two embedded llm-simulators. The one behind provider {@code simulator} answers at once and demands an API key
 * (so a successful call proves the Bearer header is sent). The other takes 1.5 s: provider {@code slow} reads it
 * with a 300 ms timeout (every call times out), provider {@code steady} with the default timeout.
 */
public class SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    static final String API_KEY = "sk-test-placebench-0123456789abcdef";

    private SimulatorServer fast;
    private SimulatorServer slow;

    @Override
    public Map<String, String> start() {
        fast = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0).withApiKey(API_KEY));
        slow = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(1500).withLatencyJitter(0));
        return Map.of(
                "placebench.providers.simulator.base-url", fast.baseUrl(),
                "placebench.providers.simulator.api-key", API_KEY,
                "placebench.providers.slow.base-url", slow.baseUrl(),
                "placebench.providers.slow.simulated", "true",
                "placebench.providers.slow.read-timeout", "300ms",
                "placebench.providers.steady.base-url", slow.baseUrl(),
                "placebench.providers.steady.simulated", "true",
                "placebench.retry.initial-backoff", "50ms");
    }

    @Override
    public void stop() {
        if (fast != null) {
            fast.close();
        }
        if (slow != null) {
            slow.close();
        }
    }
}
