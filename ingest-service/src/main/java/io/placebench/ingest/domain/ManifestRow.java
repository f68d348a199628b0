package io.placebench.ingest.domain;

import java.nio.file.Path;
import java.util.Map;

/**
 * An accepted manifest row: every field checked, {@code file} the real path of the image inside the folder,
 * its type and size as seen while parsing. Address parts are null when absent or blank.
 */
public record ManifestRow(
        int row,
        String id,
        Path file,
        ImageType type,
        long sizeBytes,
        double latitude,
        double longitude,
        String city,
        String admin1,
        String country,
        Map<String, String> attributes) {
}
