package io.placebench.ingest.domain;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * An accepted manifest row: every field checked. The image comes from {@code file} (the real path of the image
 * inside the folder, with its type and size as seen while parsing) or from {@code url} (fetched later; type
 * null, size 0); both are null when only the truth was read. Address parts are null when absent or blank.
 */
public record ManifestRow(
        int row,
        String id,
        Path file,
        URI url,
        ImageType type,
        long sizeBytes,
        double latitude,
        double longitude,
        String city,
        String admin1,
        String country,
        Map<String, String> attributes) {

    /** Where the image comes from, for messages: the file name, the URL, or null. */
    public String sourceText() {
        return file != null ? file.getFileName().toString() : url != null ? url.toString() : null;
    }
}
