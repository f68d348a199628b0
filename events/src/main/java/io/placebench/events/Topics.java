package io.placebench.events;

/** Kafka topic names, in one place. Dead-letter topics carry records a consumer could not process. */
public final class Topics {
    public static final String IMAGES = "images";
    public static final String INFERENCE_REQUESTS = "inference.requests";
    public static final String PREDICTIONS = "predictions";
    public static final String SCORES = "scores";
    public static final String RUNS = "runs";

    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** Record key for everything that belongs to one (run, image): spreads a run over partitions. */
    public static String runImageKey(String runId, String imageId) {
        return runId + "/" + imageId;
    }
}
