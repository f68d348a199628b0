package io.placebench.simulator;

/**
 * Settings of a simulator instance. Start from {@link #defaults()} and change what you need:
 * {@code SimulatorConfig.defaults().withPort(0).withMeanLatencyMs(0)}.
 *
 * @param host          address to bind (default 127.0.0.1)
 * @param port          port to bind, 0 for a random free port
 * @param meanLatencyMs mean simulated model latency in ms (default 300; 0 answers at once)
 * @param latencyJitter the latency varies by +/- this fraction of the mean (default 0.25)
 * @param seed          mixed into every random draw; a different seed gives a different but equally
 *                      deterministic set of answers
 * @param apiKey        when set, /v1 requests need {@code Authorization: Bearer <apiKey>}; null = no auth
 */
public record SimulatorConfig(String host, int port, long meanLatencyMs, double latencyJitter, long seed,
                              String apiKey) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_MEAN_LATENCY_MS = 300;
    public static final double DEFAULT_LATENCY_JITTER = 0.25;
    public static final long DEFAULT_SEED = 42;

    public SimulatorConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (meanLatencyMs < 0) {
            throw new IllegalArgumentException("mean latency must be >= 0, got " + meanLatencyMs);
        }
        if (!(latencyJitter >= 0 && latencyJitter <= 1)) {
            throw new IllegalArgumentException("latency jitter must be in [0, 1], got " + latencyJitter);
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
    }

    /** 127.0.0.1, random port, 300 ms +/- 25 %, seed 42, no API key. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_HOST, 0, DEFAULT_MEAN_LATENCY_MS, DEFAULT_LATENCY_JITTER, DEFAULT_SEED, null);
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey);
    }

    public SimulatorConfig withMeanLatencyMs(long meanLatencyMs) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey);
    }

    public SimulatorConfig withLatencyJitter(double latencyJitter) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey);
    }

    public SimulatorConfig withSeed(long seed) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey);
    }

    public SimulatorConfig withApiKey(String apiKey) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey);
    }

    /** Never prints the API key. */
    @Override
    public String toString() {
        return "SimulatorConfig[host=" + host + ", port=" + port + ", meanLatencyMs=" + meanLatencyMs
                + ", latencyJitter=" + latencyJitter + ", seed=" + seed + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }
}
