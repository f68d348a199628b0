package io.placebench.inference;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * llm-simulator as its own process (so that its CPU is not the inference JVM's), with the benchmark's settings:
 * mean latency {@code load.latency-ms} (2000), jitter 0.25, {@code load.rpm} (600) requests
 * per minute per key with one second of burst. Provider {@code loadsim} points at it with the same rpm.
 */
public class LoadSimulatorResource implements QuarkusTestResourceLifecycleManager {

    static final int RPM = Integer.getInteger("load.rpm", 600);
    static final int LATENCY_MS = Integer.getInteger("load.latency-ms", 2000);
    static final String KEY = "sk-load-test-0123456789";

    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            process = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    "io.placebench.simulator.SimulatorMain", "--port", "0", "--latency-ms", Integer.toString(LATENCY_MS),
                    "--jitter", "0.25", "--rpm", Integer.toString(RPM), "--burst-seconds", "1", "--api-key", KEY))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("llm-simulator listening on ")) {
                throw new IllegalStateException("the simulator did not start: " + line);
            }
            String baseUrl = line.substring("llm-simulator listening on ".length()).trim();
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "load-simulator-output");
            drain.setDaemon(true);
            drain.start();
            return Map.of(
                    "placebench.providers.loadsim.base-url", baseUrl,
                    "placebench.providers.loadsim.api-key", KEY,
                    "placebench.providers.loadsim.simulated", "true",
                    "placebench.providers.loadsim.rpm", Integer.toString(RPM),
                    "placebench.providers.loadsim.max-concurrency", "64",
                    "quarkus.log.category.\"io.placebench\".level", "WARN");
        } catch (Exception e) {
            throw new IllegalStateException("could not start the load simulator", e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
