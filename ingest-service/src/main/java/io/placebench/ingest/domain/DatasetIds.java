package io.placebench.ingest.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** Dataset ids: 1 to 64 characters from {@code A-Z a-z 0-9 . _ -}. */
public final class DatasetIds {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private DatasetIds() {
    }

    /** Why {@code id} is not a valid dataset id, or empty when it is. */
    public static Optional<String> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("dataset id is required");
        }
        if (!PATTERN.matcher(id).matches()) {
            return Optional.of("dataset id '" + id + "' is invalid: use 1 to 64 characters among letters, digits, "
                    + "'.', '_' and '-'");
        }
        return Optional.empty();
    }
}
