package io.placebench.simulator.domain;

import java.util.Set;

/**
 * Regions where the simulated models are worse, so that the benchmark's per-region breakdown shows a
 * geographic bias like real models have: Africa, South America and Central Asia. A point belongs to the
 * region of its nearest gazetteer city's country, which follows borders better than lat/lon boxes.
 */
public final class HardRegions {

    /** How much the sampled error grows in a harder region. */
    public static final double ERROR_MULTIPLIER = 2.5;

    private static final Set<String> AFRICA = Set.of(
            "DZ", "AO", "BJ", "BW", "BF", "BI", "CV", "CM", "CF", "TD", "KM", "CD", "CG", "CI", "DJ", "EG", "GQ",
            "ER", "SZ", "ET", "GA", "GM", "GH", "GN", "GW", "KE", "LS", "LR", "LY", "MG", "MW", "ML", "MR", "MU",
            "MA", "MZ", "NA", "NE", "NG", "RW", "ST", "SN", "SC", "SL", "SO", "ZA", "SS", "SD", "TZ", "TG", "TN",
            "UG", "ZM", "ZW", "EH", "RE", "YT", "SH");
    private static final Set<String> SOUTH_AMERICA = Set.of(
            "AR", "BO", "BR", "CL", "CO", "EC", "GY", "PY", "PE", "SR", "UY", "VE", "GF", "FK");
    private static final Set<String> CENTRAL_ASIA = Set.of("KZ", "KG", "TJ", "TM", "UZ", "AF");

    private HardRegions() {
    }

    public static boolean isHardCountry(String countryCode) {
        return AFRICA.contains(countryCode) || SOUTH_AMERICA.contains(countryCode) || CENTRAL_ASIA.contains(countryCode);
    }

    public static boolean isHard(GeoPoint p, Gazetteer gazetteer) {
        return isHardCountry(gazetteer.nearest(p).countryCode());
    }
}
