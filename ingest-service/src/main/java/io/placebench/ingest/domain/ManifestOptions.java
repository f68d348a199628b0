package io.placebench.ingest.domain;

import java.util.Map;

/**
 * How to read a manifest: {@code format} (null: recognised from the header), {@code mapping} (canonical field
 * to column name, overriding the format's; a blank column name removes the field), {@code imagesRequired}
 * (false reads the truth only: no file or url is looked at, as for the info CSV of imported results).
 */
public record ManifestOptions(ManifestFormat format, Map<String, String> mapping, boolean imagesRequired) {

    public static final ManifestOptions DEFAULT = new ManifestOptions(null, Map.of(), true);

    public ManifestOptions {
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
    }

    public static ManifestOptions truthOnly(ManifestFormat format) {
        return new ManifestOptions(format, Map.of(), false);
    }
}
