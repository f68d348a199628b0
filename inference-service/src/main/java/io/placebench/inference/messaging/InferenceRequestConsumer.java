package io.placebench.inference.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.placebench.events.InferenceRequested;
import io.placebench.events.Topics;
import io.placebench.events.TransientRetry;
import io.placebench.inference.domain.Prompt;
import io.placebench.inference.repository.RequestQueue;
import io.placebench.inference.service.Catalog;
import io.placebench.inference.service.Dispatcher;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code inference.requests} in batches and only moves them into the durable queue (the ledger), then
 * lets the connector commit: provider calls never run on the consumer, so a slow model cannot hold up the topic
 * and a stopping replica has nothing in memory to lose. A database outage is waited out (the batch is retried
 * with back-off and the consumer pauses meanwhile); a record that can never be queued is dead-lettered with its
 * reason while the rest of its batch is kept.
 */
@ApplicationScoped
public class InferenceRequestConsumer {

    private static final Logger LOG = Logger.getLogger(InferenceRequestConsumer.class);

    @Inject
    RequestQueue queue;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Catalog catalog;

    @Inject
    ObjectMapper json;

    private volatile boolean stopping;

    private final TransientRetry retry = new TransientRetry(this::sleepUnlessStopping,
            () -> ThreadLocalRandom.current().nextDouble(), (attempt, e, wait) -> LOG.warnf(
                    "Queueing requests failed (%s); trying again in %d ms", e.getMessage(), wait.toMillis()));

    /** Waits; true when the service is stopping (then the batch is left for the next start). */
    private boolean sleepUnlessStopping(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        return stopping;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming("inference-requests")
    @Blocking
    public void consume(List<String> records) {
        List<RequestQueue.Incoming> valid = new ArrayList<>(records.size());
        for (String record : records) {
            RequestQueue.Incoming item = read(record);
            if (item != null) {
                valid.add(item);
            }
        }
        if (valid.isEmpty()) {
            return;
        }
        try {
            untilDone(() -> queue.enqueue(valid));
        } catch (RuntimeException permanent) {
            // one bad record must not cost the others: queue them one by one, dead-letter what still fails
            for (RequestQueue.Incoming item : valid) {
                try {
                    untilDone(() -> queue.enqueue(List.of(item)));
                } catch (RuntimeException e) {
                    reject(item.requestJson(), key(item.request()), "could not be queued: " + e);
                }
            }
        }
        valid.stream().map(i -> i.request()).distinct()
                .forEach(r -> dispatcher.offer(r.provider(), r.model(), r.runId()));
    }

    private RequestQueue.Incoming read(String record) {
        if (record == null) {
            return null;
        }
        InferenceRequested request;
        try {
            request = json.readValue(record, InferenceRequested.class);
        } catch (Exception e) {
            reject(record, "unreadable", "not an InferenceRequested: " + e.getMessage());
            return null;
        }
        if (blank(request.runId()) || blank(request.imageId()) || blank(request.provider())
                || blank(request.model())) {
            reject(record, key(request), "runId, imageId, provider and model are required");
            return null;
        }
        String promptHash = catalog.prompts().byId(request.promptId()).map(Prompt::hash).orElse(null);
        return new RequestQueue.Incoming(request, record, promptHash);
    }

    private void reject(String record, String key, String reason) {
        LOG.warnf("Dead-lettering an inference.requests record (%s): %s", key, reason);
        untilDone(() -> {
            queue.reject(Topics.INFERENCE_REQUESTS, key, record, reason);
            return null;
        });
    }

    /** Runs {@code work}, waiting out transient failures until it succeeds or the service stops. */
    private <T> T untilDone(Supplier<T> work) {
        TransientRetry.Outcome<T> outcome = retry.call(work);
        if (outcome instanceof TransientRetry.Done<T> done) {
            return done.value();
        }
        throw outcome instanceof TransientRetry.Failed<T> failed ? failed.cause()
                : ((TransientRetry.Stopped<T>) outcome).lastFailure();
    }

    private static String key(InferenceRequested r) {
        return Topics.runImageKey(r.runId(), r.imageId());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
