package io.placebench.scoring.messaging;

import io.placebench.events.ImageIngested;
import io.placebench.events.TransientRetry.Done;
import io.placebench.events.TransientRetry.Failed;
import io.placebench.events.TransientRetry.Outcome;
import io.placebench.events.TransientRetry.Stopped;
import io.placebench.scoring.service.ScoringService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the ground truth of every ingested image (with its reverse-geocoded label), a polled batch at a time,
 * and scores the predictions that were waiting for it. Failures are handled as in {@link PredictionConsumer}:
 * transient ones are waited out in place, a permanent one splits the batch so that only the bad record is
 * dead-lettered; a record without a usable truth is dead-lettered before trying.
 */
@ApplicationScoped
public class ImageConsumer {

    private static final Logger LOG = Logger.getLogger(ImageConsumer.class);

    @Inject
    ScoringService scoring;

    @Inject
    DeadLetters deadLetters;

    @Inject
    RetryInPlace retry;


    @Incoming("images")
    @Blocking
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, ImageIngested> batch) {
        try {
            return process(batch);
        } catch (NotDeadLettered e) {
            LOG.errorf(e.getCause(), "A record could neither be processed nor dead-lettered; stopping the channel");
            return batch.nack(e.getCause());
        }
    }

    private CompletionStage<Void> process(KafkaRecordBatch<String, ImageIngested> batch) {
        List<KafkaRecord<String, ImageIngested>> usable = new ArrayList<>();
        for (KafkaRecord<String, ImageIngested> record : batch.getRecords()) {
            String problem = problem(record.getPayload());
            if (problem == null) {
                usable.add(record);
            } else if (!deadLetter(record, new IllegalArgumentException(problem))) {
                return leftForRedelivery(batch);
            }
        }
        if (usable.isEmpty()) {
            return batch.ack();
        }
        List<ImageIngested> images = usable.stream().map(KafkaRecord::getPayload).toList();
        Outcome<Integer> whole = retry.call("Recording a batch of truths", () -> scoring.recordTruths(images));
        if (whole instanceof Stopped) {
            return leftForRedelivery(batch);
        }
        if (whole instanceof Failed<Integer> failed) {
            LOG.warnf(failed.cause(), "A batch of %d images failed; retrying them one by one", images.size());
            for (KafkaRecord<String, ImageIngested> record : usable) {
                Outcome<Integer> one = retry.call("Recording a truth",
                        () -> scoring.recordTruths(List.of(record.getPayload())));
                if (one instanceof Stopped) {
                    return leftForRedelivery(batch);
                }
                if (one instanceof Failed<Integer> bad && !deadLetter(record, bad.cause())) {
                    return leftForRedelivery(batch);
                }
            }
        }
        return batch.ack();
    }

    /** Why an images record can never be recorded (null when it may be). */
    static String problem(ImageIngested i) {
        if (i == null) {
            return "the record could not be read";
        }
        if (i.datasetId() == null || i.datasetId().isBlank() || i.imageId() == null || i.imageId().isBlank()) {
            return "image " + i.eventId() + " lacks datasetId or imageId";
        }
        if (i.truth() == null) {
            return "image " + i.datasetId() + "/" + i.imageId() + " has no truth";
        }
        double lat = i.truth().latitude();
        double lon = i.truth().longitude();
        if (!(Double.isFinite(lat) && Double.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
            return "image " + i.datasetId() + "/" + i.imageId() + " has truth (" + lat + ", " + lon
                    + "); expected latitude in [-90, 90] and longitude in [-180, 180]";
        }
        return null;
    }

    private boolean deadLetter(KafkaRecord<String, ImageIngested> record, RuntimeException cause) {
        Outcome<Void> sent = retry.run("Dead-lettering an image", () -> deadLetters.image(record, cause));
        if (sent instanceof Failed<Void> failed) {
            // Neither processed nor dead-lettered: nack, the channel stops uncommitted (failure-strategy=fail)
            throw new NotDeadLettered(failed.cause());
        }
        return sent instanceof Done;
    }

    private CompletionStage<Void> leftForRedelivery(KafkaRecordBatch<String, ImageIngested> batch) {
        LOG.infof("Stopping: a batch of %d images is left unacknowledged and will be redelivered",
                batch.getRecords().size());
        return CompletableFuture.completedFuture(null);
    }
}
