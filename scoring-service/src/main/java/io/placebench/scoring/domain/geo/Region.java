package io.placebench.scoring.domain.geo;

import java.util.List;

/**
 * A first-level region of a country (state, province, region...). {@code isoCode} is its ISO 3166-2 code
 * (e.g. US-CA, FR-HDF, GB-SCT) or null where none exists. {@code aliases} feed the text matcher: ISO names,
 * Natural Earth names and the GeoNames admin1 names that map to this region.
 */
public record Region(int index, int country, String name, String isoCode, List<String> aliases) {
}
