package io.placebench.ingest.messaging;

import io.placebench.events.ImageIngested;
import io.placebench.events.InferenceRequested;
import io.placebench.events.RunChanged;
import io.placebench.events.Topics;
import io.placebench.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes the events of the ingest service. Batches are sent all at once and then awaited together
 * (every record's acknowledgement, {@code acks=all}), so a large import or run fan-out is not slowed by one
 * round trip per record; a failure of any record fails the whole call.
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    IngestConfig config;

    @Inject
    @Channel("images")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, ImageIngested>> images;

    @Inject
    @Channel("inference-requests")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<Record<String, InferenceRequested>> inferenceRequests;

    @Inject
    @Channel("runs")
    MutinyEmitter<Record<String, RunChanged>> runs;

    /** Topic {@value Topics#IMAGES}, key: image id. */
    public void images(List<ImageIngested> events) {
        List<Uni<Void>> sends = new ArrayList<>(events.size());
        for (ImageIngested event : events) {
            sends.add(images.send(Record.of(event.imageId(), event)));
        }
        awaitAll(sends);
    }

    /** Topic {@value Topics#INFERENCE_REQUESTS}, key: {@link Topics#runImageKey}. */
    public void inferenceRequests(List<InferenceRequested> events) {
        List<Uni<Void>> sends = new ArrayList<>(events.size());
        for (InferenceRequested event : events) {
            sends.add(inferenceRequests.send(Record.of(Topics.runImageKey(event.runId(), event.imageId()), event)));
        }
        awaitAll(sends);
    }

    /** Topic {@value Topics#RUNS}, key: run id. */
    public void runChanged(RunChanged event) {
        runs.send(Record.of(event.runId(), event)).await().atMost(config.publishTimeout());
    }

    private void awaitAll(List<Uni<Void>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        Uni.join().all(sends).andCollectFailures().await().atMost(config.publishTimeout());
    }
}
