package io.placebench.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

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
 * @param apiKey        when set, API requests need it ({@code Authorization: Bearer}, {@code x-api-key} or
 *                      {@code x-goog-api-key}, by wire format); null = no auth
 * @param rpm           requests per minute allowed per API key (0 = unlimited)
 * @param tpm           tokens per minute allowed per API key (0 = unlimited); a request counts its prompt
 *                      tokens plus its output token limit on admission, as OpenAI does
 * @param burstSeconds  how many seconds of the per-minute allowance may be spent at once (bucket capacity)
 * @param faultRates    probability, per request, of each injected fault (random, not keyed on the request,
 *                      so a retry may succeed)
 * @param hangMs        how long a {@link Fault.Kind#HANG} holds the connection before answering
 */
public record SimulatorConfig(String host, int port, long meanLatencyMs, double latencyJitter, long seed,
                              String apiKey, int rpm, long tpm, double burstSeconds,
                              Map<Fault.Kind, Double> faultRates, long hangMs) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_MEAN_LATENCY_MS = 300;
    public static final double DEFAULT_LATENCY_JITTER = 0.25;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_BURST_SECONDS = 1.0;
    public static final long DEFAULT_HANG_MS = 600_000;

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
        if (rpm < 0 || tpm < 0) {
            throw new IllegalArgumentException("rpm and tpm must be >= 0 (0 = unlimited), got " + rpm + " / " + tpm);
        }
        if (!(burstSeconds > 0 && burstSeconds <= 60)) {
            throw new IllegalArgumentException("burst seconds must be in (0, 60], got " + burstSeconds);
        }
        EnumMap<Fault.Kind, Double> rates = new EnumMap<>(Fault.Kind.class);
        double total = 0;
        if (faultRates != null) {
            for (Map.Entry<Fault.Kind, Double> e : faultRates.entrySet()) {
                double r = e.getValue() == null ? 0 : e.getValue();
                if (!(r >= 0 && r <= 1)) {
                    throw new IllegalArgumentException("fault rate of " + e.getKey().wireName() + " must be in [0, 1], got " + r);
                }
                if (r > 0) {
                    rates.put(e.getKey(), r);
                    total += r;
                }
            }
        }
        if (total > 1 + 1e-9) {
            throw new IllegalArgumentException("fault rates add up to " + total + ", more than 1");
        }
        faultRates = Collections.unmodifiableMap(rates);
        if (hangMs < 0) {
            throw new IllegalArgumentException("hang must be >= 0 ms, got " + hangMs);
        }
    }

    /** The first version's constructor: no rate limits, no faults. */
    public SimulatorConfig(String host, int port, long meanLatencyMs, double latencyJitter, long seed, String apiKey) {
        this(host, port, meanLatencyMs, latencyJitter, seed, apiKey, 0, 0, DEFAULT_BURST_SECONDS, Map.of(),
                DEFAULT_HANG_MS);
    }

    /** 127.0.0.1, random port, 300 ms +/- 25 %, seed 42, no API key, no limits, no faults. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_HOST, 0, DEFAULT_MEAN_LATENCY_MS, DEFAULT_LATENCY_JITTER, DEFAULT_SEED, null);
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, faultRates, hangMs);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, faultRates, hangMs);
    }

    public SimulatorConfig withMeanLatencyMs(long meanLatencyMs) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, faultRates, hangMs);
    }

    public SimulatorConfig withLatencyJitter(double latencyJitter) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, faultRates, hangMs);
    }

    public SimulatorConfig withSeed(long seed) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, faultRates, hangMs);
    }

    public SimulatorConfig withApiKey(String apiKey) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, faultRates, hangMs);
    }

    public SimulatorConfig withRateLimits(int rpm, long tpm) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, faultRates, hangMs);
    }

    public SimulatorConfig withBurstSeconds(double burstSeconds) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, faultRates, hangMs);
    }

    public SimulatorConfig withFaultRate(Fault.Kind kind, double rate) {
        EnumMap<Fault.Kind, Double> rates = new EnumMap<>(Fault.Kind.class);
        rates.putAll(faultRates);
        rates.put(kind, rate);
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, rates, hangMs);
    }

    public SimulatorConfig withHangMs(long hangMs) {
        return new SimulatorConfig(host, port, meanLatencyMs, latencyJitter, seed, apiKey, rpm, tpm, burstSeconds, faultRates, hangMs);
    }

    /** Never prints the API key. */
    @Override
    public String toString() {
        return "SimulatorConfig[host=" + host + ", port=" + port + ", meanLatencyMs=" + meanLatencyMs
                + ", latencyJitter=" + latencyJitter + ", seed=" + seed + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", rpm=" + rpm + ", tpm=" + tpm + ", burstSeconds=" + burstSeconds + ", faultRates=" + faultRates
                + ", hangMs=" + hangMs + "]";
    }
}
