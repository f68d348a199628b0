package io.placebench.inference.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.placebench.events.PredictionMade;
import io.placebench.events.TokenUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters of inference (tags: provider, model, status, kind; never an image or run id):
 * {@code placebench.inference.requests}, {@code .tokens}, {@code .cost.usd}, {@code .latency} (histogram),
 * {@code .in_flight}, {@code .attempts}, {@code .duplicates}.
 */
@ApplicationScoped
public class InferenceMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    @Inject
    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("placebench.inference.in_flight", inFlight);
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    public void finished() {
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

    /** outcome: {@code republished} (done before) or {@code busy} (another worker holds the claim). */
    public void duplicate(String outcome) {
        registry.counter("placebench.inference.duplicates", "outcome", outcome).increment();
    }

    private void tokens(String provider, String model, String kind, long count) {
        registry.counter("placebench.inference.tokens", "provider", provider, "model", model, "kind", kind)
                .increment(count);
    }
}
