package io.placebench.scoring.messaging;

import io.placebench.events.PredictionMade;
import io.placebench.scoring.service.ScoringService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Scores predictions, a polled batch at a time (one transaction per batch), two batches at once
 * ({@code smallrye.messaging.worker.scoring.max-concurrency}) so that database and Kafka round trips overlap;
 * advisory locks per image keep concurrent batches consistent. If a batch fails, its records are retried one by
 * one so that a single bad record goes to the dead-letter topic alone.
 */
@ApplicationScoped
public class PredictionConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);

    @Inject
    ScoringService scoring;

    @Inject
    DeadLetters deadLetters;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Incoming("predictions")
    @Blocking(value = "scoring", ordered = false)
    public void consume(List<PredictionMade> batch) {
        List<PredictionMade> readable = batch.stream().filter(Objects::nonNull).toList();
        if (readable.size() < batch.size()) {
            LOG.warnf("Skipping %d predictions records that could not be read", batch.size() - readable.size());
        }
        if (readable.isEmpty()) {
            return;
        }
        try {
            long start = System.nanoTime();
            scoring.scorePredictions(readable);
            registry.timer("placebench.scoring.batch", "topic", "predictions")
                    .record(java.time.Duration.ofNanos(System.nanoTime() - start));
            registry.summary("placebench.scoring.batch.size", "topic", "predictions").record(readable.size());
        } catch (RuntimeException batchFailure) {
            LOG.warnf(batchFailure, "A batch of %d predictions failed; retrying them one by one", readable.size());
            for (PredictionMade prediction : readable) {
                try {
                    scoring.scorePredictions(List.of(prediction));
                } catch (RuntimeException e) {
                    deadLetters.prediction(prediction, e);
                }
            }
        }
    }
}
