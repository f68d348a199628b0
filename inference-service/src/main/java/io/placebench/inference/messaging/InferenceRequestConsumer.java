package io.placebench.inference.messaging;

import io.placebench.events.InferenceRequested;
import io.placebench.inference.service.InferenceService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code inference.requests}. Provider calls are slow, so requests run unordered on the bounded
 * {@code inference-workers} pool ({@code smallrye.messaging.worker.inference-workers.max-concurrency}) while the
 * connector keeps polling: {@code max.poll.interval.ms} is never at risk, and throttled commits advance past a
 * record only once it and every record before it are done.
 */
@ApplicationScoped
public class InferenceRequestConsumer {

    public static final String WORKER_POOL = "inference-workers";
    private static final Logger LOG = Logger.getLogger(InferenceRequestConsumer.class);

    @Inject
    InferenceService inference;

    @Incoming("inference-requests")
    @Blocking(value = WORKER_POOL, ordered = false)
    public void consume(InferenceRequested request) {
        if (request == null || request.runId() == null || request.imageId() == null) {
            LOG.warn("Skipping an inference.requests record that could not be read or names no run and image");
            return;
        }
        inference.handle(request);
    }
}
