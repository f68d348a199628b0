package io.placebench.scoring.domain.geo;

import java.util.List;

/**
 * A country or territory. {@code alpha2}/{@code alpha3} are ISO 3166-1 codes; both are null for the few de
 * facto entities without one (Northern Cyprus, Somaliland), which only the de facto view uses. Kosovo carries
 * the user-assigned XK/XKX that GeoNames and the EU use.
 */
public record Country(int index, String alpha2, String alpha3, String name, String officialName, int continent,
        List<String> aliases) {

    /** A stable key: the alpha-2 code, or the name for an entity without one. */
    public String key() {
        return alpha2 != null ? alpha2 : name;
    }
}
