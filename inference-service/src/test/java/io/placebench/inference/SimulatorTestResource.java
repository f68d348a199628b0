package io.placebench.inference;

import io.placebench.simulator.SimulatorConfig;
import io.placebench.simulator.SimulatorServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Four embedded llm-simulators.
 * <ul>
 * <li>{@code fast} answers at once and demands an API key (so a successful call proves the credential header of
 * each wire format is sent): behind {@code simulator} and, derived by application.properties,
 * {@code simulator-responses}, {@code simulator-anthropic}, {@code simulator-gemini}.</li>
 * <li>{@code slow} takes 1.5 s: {@code slow} reads it with a 300 ms timeout (every call times out),
 * {@code steady} with the default timeout.</li>
 * <li>{@code faulty} answers at once; tests script its faults ({@code POST /_sim/faults}): providers
 * {@code faulty} (Chat Completions), {@code faulty-anthropic}, {@code faulty-gemini}.</li>
 * <li>{@code paced} takes 300 ms: provider {@code paced} calls it one request at a time (max-concurrency 1), so the
 * order of its answers is the order in which the dispatcher leased them (DispatchIsolationTest).</li>
 * </ul>
 * Provider {@code limited} is {@code fast} behind a 30 RPM limit with at most 4 calls at a time: a slow,
 * rate-limited model whose queue stays long (DispatchIsolationTest).
 */
public class SimulatorTestResource implements QuarkusTestResourceLifecycleManager {

    static final String API_KEY = "sk-test-placebench-0123456789abcdef";

    private SimulatorServer fast;
    private SimulatorServer slow;
    private SimulatorServer faulty;
    private SimulatorServer paced;

    @Override
    public Map<String, String> start() {
        fast = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0).withApiKey(API_KEY));
        slow = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(1500).withLatencyJitter(0));
        faulty = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(0));
        paced = SimulatorServer.start(SimulatorConfig.defaults().withMeanLatencyMs(300).withLatencyJitter(0));
        Map<String, String> config = new HashMap<>();
        config.put("placebench.providers.simulator.base-url", fast.baseUrl());
        config.put("placebench.providers.simulator.api-key", API_KEY);
        config.put("placebench.providers.slow.base-url", slow.baseUrl());
        config.put("placebench.providers.slow.simulated", "true");
        config.put("placebench.providers.slow.read-timeout", "300ms");
        config.put("placebench.providers.steady.base-url", slow.baseUrl());
        config.put("placebench.providers.steady.simulated", "true");
        config.put("placebench.providers.faulty.base-url", faulty.baseUrl());
        config.put("placebench.providers.faulty.simulated", "true");
        config.put("placebench.providers.faulty-anthropic.api", "anthropic");
        config.put("placebench.providers.faulty-anthropic.base-url", faulty.baseUrl());
        config.put("placebench.providers.faulty-anthropic.simulated", "true");
        config.put("placebench.providers.faulty-gemini.api", "gemini");
        config.put("placebench.providers.faulty-gemini.base-url", faulty.geminiBaseUrl());
        config.put("placebench.providers.faulty-gemini.simulated", "true");
        config.put("placebench.providers.limited.base-url", fast.baseUrl());
        config.put("placebench.providers.limited.api-key", API_KEY);
        config.put("placebench.providers.limited.simulated", "true");
        config.put("placebench.providers.limited.rpm", "30");
        config.put("placebench.providers.limited.max-concurrency", "4");
        config.put("placebench.providers.paced.base-url", paced.baseUrl());
        config.put("placebench.providers.paced.simulated", "true");
        config.put("placebench.providers.paced.max-concurrency", "1");
        config.put("placebench.retry.initial-backoff", "50ms");
        config.put("placebench.runs.state-cache-ttl", "200ms");
        return config;
    }

    @Override
    public void stop() {
        for (SimulatorServer s : new SimulatorServer[] {fast, slow, faulty, paced}) {
            if (s != null) {
                s.close();
            }
        }
    }
}
