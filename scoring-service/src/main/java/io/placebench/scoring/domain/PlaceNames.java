package io.placebench.scoring.domain;

import io.placebench.scoring.domain.geo.Country;
import io.placebench.scoring.domain.geo.GeoData;
import io.placebench.scoring.domain.geo.Region;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves free-text country and first-level region names to the geocoder's countries and regions: ISO 3166-1
 * codes and names (official and common), the ISO 3166-2 names and codes, Natural Earth and GeoNames names that
 * the converter attached to each region, and the hand-written aliases below (USA / United States / US / U.S.A.,
 * UK / United Kingdom / Great Britain / England, Holland, Ivory Coast...). Lookups compare normalised text
 * ({@link TextNormalizer}), first with spaces and then without. A name that fits two countries (or two regions
 * of one country) resolves to neither, unless a hand-written alias decides.
 */
public final class PlaceNames {

    private static final int AMBIGUOUS = -1;

    /** Hand-written country aliases: ISO alpha-2, then names that people (and models) write. */
    private static final String[][] COUNTRY_ALIASES = {
            {"US", "USA", "U.S.A.", "US", "U.S.", "United States", "United States of America", "America",
                    "Estados Unidos", "Etats-Unis"},
            {"GB", "UK", "U.K.", "United Kingdom", "Great Britain", "Britain", "England", "Scotland", "Wales",
                    "Northern Ireland", "United Kingdom of Great Britain and Northern Ireland"},
            {"RU", "Russia", "Russian Federation"},
            {"KR", "South Korea", "Korea", "Republic of Korea", "Korea South", "Korea, South"},
            {"KP", "North Korea", "DPRK", "Korea North", "Korea, North"},
            {"VN", "Vietnam", "Viet Nam"},
            {"CZ", "Czech Republic", "Czechia"},
            {"NL", "Netherlands", "Holland", "Nederland"},
            {"CI", "Ivory Coast", "Cote d'Ivoire"},
            {"MM", "Burma", "Myanmar"},
            {"SZ", "Swaziland", "Eswatini"},
            {"MK", "Macedonia", "North Macedonia", "FYROM"},
            {"TR", "Turkey", "Turkiye", "Türkiye"},
            {"CV", "Cape Verde", "Cabo Verde"},
            {"TL", "East Timor", "Timor-Leste"},
            {"VA", "Vatican", "Vatican City", "Holy See"},
            {"PS", "Palestine", "State of Palestine", "Palestinian Territories", "West Bank", "Gaza",
                    "Gaza Strip"},
            {"TW", "Taiwan"},
            {"LA", "Laos"},
            {"IR", "Iran"},
            {"SY", "Syria"},
            {"BO", "Bolivia"},
            {"VE", "Venezuela"},
            {"TZ", "Tanzania"},
            {"MD", "Moldova"},
            {"FM", "Micronesia"},
            {"BN", "Brunei"},
            {"CD", "Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa", "Congo, Democratic Republic"},
            {"CG", "Republic of the Congo", "Congo-Brazzaville", "Congo"},
            {"AE", "UAE", "United Arab Emirates", "Emirates"},
            {"SA", "Saudi Arabia", "KSA"},
            {"CN", "China", "PRC", "People's Republic of China", "Mainland China"},
            {"HK", "Hong Kong"},
            {"MO", "Macau", "Macao"},
            {"XK", "Kosovo"},
            {"VI", "US Virgin Islands", "U.S. Virgin Islands"},
            {"VG", "British Virgin Islands"},
            {"FK", "Falklands", "Falkland Islands"},
            {"BS", "Bahamas"},
            {"GM", "Gambia"},
            {"BA", "Bosnia", "Bosnia and Herzegovina", "Bosnia-Herzegovina"},
            {"LY", "Libya"},
            {"KN", "Saint Kitts and Nevis", "St Kitts and Nevis", "St. Kitts"},
            {"LC", "Saint Lucia", "St Lucia"},
            {"VC", "Saint Vincent and the Grenadines", "St Vincent"},
            {"DE", "Germany", "Deutschland"},
            {"ES", "Spain", "España"},
            {"IT", "Italy", "Italia"},
            {"JP", "Japan", "Nippon"},
            {"BR", "Brazil", "Brasil"},
            {"MX", "Mexico", "México"},
            {"CH", "Switzerland", "Schweiz", "Suisse", "Svizzera"},
            {"AT", "Austria", "Österreich"},
            {"GR", "Greece", "Hellas"},
            {"SE", "Sweden", "Sverige"},
            {"NO", "Norway", "Norge"},
            {"FI", "Finland", "Suomi"},
            {"DK", "Denmark", "Danmark"},
            {"PL", "Poland", "Polska"},
            {"IE", "Ireland", "Eire", "Republic of Ireland"},
            {"FR", "France", "République française"},
            {"IN", "India", "Bharat"},
            {"NZ", "New Zealand", "Aotearoa"},
            {"PH", "Philippines", "the Philippines"},
            {"DO", "Dominican Republic"},
            {"CF", "Central African Republic"},
    };

    /** Hand-written region aliases: ISO 3166-2 code, then other names. */
    private static final String[][] REGION_ALIASES = {
            {"US-DC", "Washington DC", "Washington D.C.", "D.C.", "Washington, D.C."},
            {"US-NY", "New York State", "NY State"},
            {"GB-ENG", "England"},
            {"GB-SCT", "Scotland"},
            {"GB-WLS", "Wales", "Cymru"},
            {"GB-NIR", "Northern Ireland", "Ulster"},
            {"CA-QC", "Quebec", "Québec"},
            {"MX-CMX", "Mexico City", "CDMX", "Distrito Federal"},
    };

    private final GeoData data;
    private final Map<String, Integer> countries = new HashMap<>();
    private final Map<String, Integer> countriesCompact = new HashMap<>();
    private final Map<Integer, Map<String, Integer>> regions = new HashMap<>();
    private final Map<Integer, Map<String, Integer>> regionsCompact = new HashMap<>();
    private final Map<String, Integer> regionByCode = new HashMap<>();
    private final Map<String, Integer> countryByKey = new HashMap<>();

    public PlaceNames(GeoData data) {
        this.data = data;
        for (Country c : data.countries) {
            countryByKey.put(c.key(), c.index());
            List<String> names = new ArrayList<>(c.aliases());
            names.add(c.name());
            if (c.alpha2() != null) {
                names.add(c.alpha2());
                names.add(c.alpha3());
            }
            if (c.officialName() != null) {
                names.add(c.officialName());
            }
            for (String name : List.copyOf(names)) {
                int comma = name.indexOf(", ");
                if (comma > 0) {
                    // "Korea, Republic of" -> "Republic of Korea" and "Korea" (if unambiguous).
                    names.add(name.substring(comma + 2) + " " + name.substring(0, comma));
                    names.add(name.substring(0, comma));
                }
            }
            for (String name : names) {
                put(countries, countriesCompact, name, c.index());
            }
        }
        for (String[] row : COUNTRY_ALIASES) {
            Integer country = countryByKey.get(row[0]);
            if (country != null) {
                for (int i = 1; i < row.length; i++) {
                    force(countries, countriesCompact, row[i], country);
                }
            }
        }
        for (Region r : data.regions) {
            if (r.isoCode() != null) {
                regionByCode.putIfAbsent(r.isoCode(), r.index());
            }
            Map<String, Integer> byName = regions.computeIfAbsent(r.country(), k -> new HashMap<>());
            Map<String, Integer> byCompact = regionsCompact.computeIfAbsent(r.country(), k -> new HashMap<>());
            put(byName, byCompact, r.name(), r.index());
            for (String alias : r.aliases()) {
                put(byName, byCompact, alias, r.index());
            }
        }
        for (String[] row : REGION_ALIASES) {
            Integer region = regionByCode.get(row[0]);
            if (region != null) {
                int country = data.regions.get(region).country();
                for (int i = 1; i < row.length; i++) {
                    force(regions.get(country), regionsCompact.get(country), row[i], region);
                }
            }
        }
    }

    private static void put(Map<String, Integer> byName, Map<String, Integer> byCompact, String name, int value) {
        String n = TextNormalizer.normalize(name);
        if (n.isEmpty()) {
            return;
        }
        byName.merge(n, value, (a, b) -> a.equals(b) ? a : AMBIGUOUS);
        String c = n.replace(" ", "");
        if (c.length() >= 2) {
            byCompact.merge(c, value, (a, b) -> a.equals(b) ? a : AMBIGUOUS);
        }
    }

    private static void force(Map<String, Integer> byName, Map<String, Integer> byCompact, String name, int value) {
        String n = TextNormalizer.normalize(name);
        byName.put(n, value);
        byCompact.put(n.replace(" ", ""), value);
    }

    private static Integer lookup(Map<String, Integer> byName, Map<String, Integer> byCompact, String text) {
        if (text == null || byName == null) {
            return null;
        }
        String n = TextNormalizer.normalize(text);
        if (n.isEmpty()) {
            return null;
        }
        Integer hit = byName.get(n);
        if (hit == null) {
            hit = byCompact.get(n.replace(" ", ""));
        }
        return hit == null || hit == AMBIGUOUS ? null : hit;
    }

    /** The country a text names (code or name), or null. */
    public Country country(String text) {
        Integer index = lookup(countries, countriesCompact, text);
        return index == null ? null : data.countries.get(index);
    }

    /** The country with this key (alpha-2, or the name of an entity without one), or null. */
    public Country countryByKey(String key) {
        Integer index = key == null ? null : countryByKey.get(key);
        return index == null ? null : data.countries.get(index);
    }

    /** The first-level region of {@code country} a text names (name, ISO 3166-2 code with or without prefix). */
    public Region region(Country country, String text) {
        if (country == null) {
            return null;
        }
        Integer index = lookup(regions.get(country.index()), regionsCompact.get(country.index()), text);
        return index == null ? null : data.regions.get(index);
    }

    /** The region with this ISO 3166-2 code, or null. */
    public Region regionByCode(String isoCode) {
        Integer index = isoCode == null ? null : regionByCode.get(isoCode);
        return index == null ? null : data.regions.get(index);
    }
}
