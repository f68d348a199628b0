package io.placebench.analytics.domain;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which of a run's scored images to list, and which page: statuses (any of them; empty = all), the truth's country
 * code, an error range in km (inclusive; when given, only answered images qualify), and limit/offset. Parsed from
 * the query parameters of {@code GET /api/runs/{runId}/images}, each bad value reported with its parameter's name.
 */
public record ImageFilter(Set<String> statuses, String countryCode, Double minKm, Double maxKm, int limit,
        int offset) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private static final Pattern COUNTRY_CODE = Pattern.compile("[A-Za-z]{2}");

    public ImageFilter {
        statuses = Set.copyOf(statuses);
    }

    /** Whether the filter asks for an error range (and so for answered images only). */
    public boolean hasErrorRange() {
        return minKm != null || maxKm != null;
    }

    /** The outcome of parsing: a filter, or the first bad parameter. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(ImageFilter filter) implements Parsed {
    }

    /** {@code parameter}: the query parameter at fault; {@code message}: what it must be; {@code got}: its value. */
    public record Invalid(String parameter, String message, String got) implements Parsed {
    }

    /**
     * Parses the raw query parameters (null = absent). {@code status} values may be repeated and comma-separated,
     * in any case, and must be among {@code knownStatuses}; {@code country} is an ISO 3166-1 alpha-2 code.
     */
    public static Parsed parse(List<String> status, String country, String minKm, String maxKm, String limit,
            String offset, Collection<String> knownStatuses) {
        Set<String> statuses = new LinkedHashSet<>();
        if (status != null && !status.isEmpty()) {
            for (String value : status) {
                for (String part : value.split(",", -1)) {
                    String name = part.trim().toUpperCase(Locale.ROOT);
                    if (!name.isEmpty() && !knownStatuses.contains(name)) {
                        return new Invalid("status", "status must be among " + knownStatuses, String.join(",", status));
                    }
                    if (!name.isEmpty()) {
                        statuses.add(name);
                    }
                }
            }
            if (statuses.isEmpty()) {
                return new Invalid("status", "status must name at least one of " + knownStatuses,
                        String.join(",", status));
            }
        }
        String code = null;
        if (country != null) {
            if (!COUNTRY_CODE.matcher(country.trim()).matches()) {
                return new Invalid("country", "country must be an ISO 3166-1 alpha-2 code such as FR", country);
            }
            code = country.trim().toUpperCase(Locale.ROOT);
        }
        Double min = null;
        Double max = null;
        if (minKm != null) {
            min = kilometres(minKm);
            if (min == null) {
                return new Invalid("minKm", "minKm must be a number of km, at least 0", minKm);
            }
        }
        if (maxKm != null) {
            max = kilometres(maxKm);
            if (max == null) {
                return new Invalid("maxKm", "maxKm must be a number of km, at least 0", maxKm);
            }
        }
        if (min != null && max != null && min > max) {
            return new Invalid("minKm", "minKm must not exceed maxKm (" + maxKm.trim() + ")", minKm);
        }
        Integer pageSize = limit == null ? Integer.valueOf(DEFAULT_LIMIT) : integer(limit);
        if (pageSize == null || pageSize < 1 || pageSize > MAX_LIMIT) {
            return new Invalid("limit", "limit must be an integer from 1 to " + MAX_LIMIT, limit);
        }
        Integer skip = offset == null ? Integer.valueOf(0) : integer(offset);
        if (skip == null || skip < 0) {
            return new Invalid("offset", "offset must be an integer of at least 0", offset);
        }
        return new Valid(new ImageFilter(statuses, code, min, max, pageSize, skip));
    }

    private static Double kilometres(String value) {
        try {
            double km = Double.parseDouble(value.trim());
            return Double.isFinite(km) && km >= 0 ? km : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(String value) {
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
