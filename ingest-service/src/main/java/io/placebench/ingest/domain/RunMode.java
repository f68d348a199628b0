package io.placebench.ingest.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Which images a run covers. {@code SNAPSHOT}: the images with bytes present when the run starts.
 * {@code OPEN}: those, and every image added to the dataset later, for as long as the run is running (images
 * added while it is paused are sent when it resumes). {@code IMPORTED}: answers recorded elsewhere, never sent
 * to a provider.
 */
public enum RunMode {
    SNAPSHOT, OPEN, IMPORTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** snapshot or open (imported runs are made by importing results, not by request). */
    public static Optional<RunMode> requestable(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(SNAPSHOT);
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "snapshot" -> Optional.of(SNAPSHOT);
            case "open" -> Optional.of(OPEN);
            default -> Optional.empty();
        };
    }

    public static RunMode of(String stored) {
        return stored == null ? SNAPSHOT : valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
