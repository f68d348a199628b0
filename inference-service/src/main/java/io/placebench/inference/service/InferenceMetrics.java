package io.placebench.inference.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.placebench.events.PredictionMade;
import io.placebench.events.TokenUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Micrometer meters of inference (tags: provider, model, status, kind, reason, limit, outcome; never an image
 * or run id):
 * {@code placebench.inference.requests}, {@code .tokens}, {@code .cost.usd}, {@code .latency} (histogram),
 * {@code .attempts}, {@code .retries}, {@code .ratelimit.wait} (histogram), {@code .in_flight} (calls in flight),
 * {@code .concurrency.limit}, {@code .duplicates}, {@code .skipped}, {@code .runs.changes},
 * {@code .worker.cpu}; the durable queue: {@code placebench.inference.queue.depth} (requests queued per provider
 * and model, in the database: the same figure on every replica, the signal an autoscaler scales on),
 * {@code .queue.leased} (requests this replica holds), {@code .queue.leases.expired}, {@code .outbox.pending}.
 */
@ApplicationScoped
public class InferenceMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<String> depthGauges = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Long> depth = Map.of();

    @Inject
    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("placebench.inference.in_flight", inFlight, AtomicInteger::get)
                .description("Provider calls in flight in this instance").register(registry);
    }

    public void callStarted() {
        inFlight.incrementAndGet();
    }

    public void callFinished() {
        inFlight.decrementAndGet();
    }

    public void record(PredictionMade p) {
        String provider = p.provider();
        String model = p.model();
        registry.counter("placebench.inference.requests", "provider", provider, "model", model,
                "status", p.status().name()).increment();
        TokenUsage u = p.usage() == null ? TokenUsage.NONE : p.usage();
        tokens(provider, model, "input", u.input());
        tokens(provider, model, "output", u.output());
        tokens(provider, model, "cached", u.cached());
        tokens(provider, model, "cache_write", u.cacheWrite());
        tokens(provider, model, "reasoning", u.reasoning());
        tokens(provider, model, "image", u.image());
        Counter.builder("placebench.inference.cost.usd").description("Provider cost in USD")
                .tags("provider", provider, "model", model).register(registry)
                .increment(p.costUsd() == null ? 0 : p.costUsd().doubleValue());
        registry.counter("placebench.inference.attempts", "provider", provider, "model", model)
                .increment(p.attempts());
        if (p.attempts() > 0) {
            Timer.builder("placebench.inference.latency")
                    .description("Wall time of the successful (or last) provider call")
                    .tags("provider", provider, "model", model)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.ofMillis(p.latencyMs()));
        }
    }

    /** reason: rate_limit (429/529/503), server_error, timeout, connection. */
    public void retry(String provider, String model, String reason) {
        registry.counter("placebench.inference.retries", "provider", provider, "model", model, "reason", reason)
                .increment();
    }

    /** limit: cooldown, rpm, tpm, concurrency. */
    public void rateLimitWait(String provider, String model, String limit, long nanos) {
        Timer.builder("placebench.inference.ratelimit.wait").description("Time a call waited for a rate limit")
                .tags("provider", provider, "model", model, "limit", limit)
                .publishPercentileHistogram()
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void concurrencyGauge(String provider, String model, Supplier<Number> limit) {
        Gauge.builder("placebench.inference.concurrency.limit", limit).description("Adaptive limit of calls in flight")
                .tags("provider", provider, "model", model).register(registry);
    }

    /** outcome: {@code republished} (done before) or {@code busy} (another worker holds the claim). */
    public void duplicate(String outcome) {
        registry.counter("placebench.inference.duplicates", "outcome", outcome).increment();
    }

    /** reason: paused, cancelled (no call, no prediction: the run is halted). */
    public void skipped(String reason) {
        registry.counter("placebench.inference.skipped", "reason", reason).increment();
    }

    /** status: PAUSED or BUDGET_EXHAUSTED, announced by this instance. */
    public void runChanged(String status) {
        registry.counter("placebench.inference.runs.changes", "status", status).increment();
    }

    /** CPU time of the worker thread for one request (excludes waiting; network I/O runs on event loops). */
    public void workerCpu(String provider, String model, long nanos) {
        Timer.builder("placebench.inference.worker.cpu").description("Worker-thread CPU time per request")
                .tags("provider", provider == null ? "none" : provider, "model", model == null ? "none" : model)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Gauges of the queue: {@code depth} maps "provider\0model" to the queued count, refreshed by the dispatcher. */
    public void queueGauges(Map<String, Long> depth, Supplier<Number> leased) {
        Gauge.builder("placebench.inference.queue.leased", leased).description("Requests leased by this replica")
                .register(registry);
        this.depth = depth;
    }

    /** Registers the depth gauge of a provider/model the first time it is seen. */
    public void queueDepthSeen(String laneKey) {
        if (depthGauges.add(laneKey)) {
            String[] pm = laneKey.split("\u0000", 2);
            Gauge.builder("placebench.inference.queue.depth", () -> depth.getOrDefault(laneKey, 0L))
                    .description("Requests queued for a model, waiting for a call (all replicas)")
                    .tags("provider", pm[0], "model", pm[1]).register(registry);
        }
    }

    public void leasesExpired(int count) {
        registry.counter("placebench.inference.queue.leases.expired").increment(count);
    }

    public void outboxGauge(Supplier<Number> pending) {
        Gauge.builder("placebench.inference.outbox.pending", pending)
                .description("Events committed but not yet acknowledged by the broker").register(registry);
    }

    /** A dead letter the broker acknowledged, per dead-letter topic (other services count theirs per producer). */
    public void deadLettersPublished(String topic, int count) {
        Counter.builder("placebench.inference.dead.letters").description("Records published to a dead-letter topic")
                .tag("topic", topic).register(registry).increment(count);
    }

    private void tokens(String provider, String model, String kind, long count) {
        registry.counter("placebench.inference.tokens", "provider", provider, "model", model, "kind", kind)
                .increment(count);
    }
}
