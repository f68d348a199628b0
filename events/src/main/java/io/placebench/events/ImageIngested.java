package io.placebench.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * Topic {@value Topics#IMAGES}, key: image id. An image was ingested into a dataset; its bytes are fetched
 * from {@code blobUrl} (claim check), never carried in the record.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageIngested(
        String eventId,
        int schemaVersion,
        Instant occurredAt,
        String datasetId,
        String imageId,
        String sha256,
        String mediaType,
        long sizeBytes,
        String blobUrl,
        GroundTruth truth,
        Map<String, String> attributes) {

    public static final int SCHEMA_VERSION = 1;
}
