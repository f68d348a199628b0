package io.placebench.analytics.domain;

import io.placebench.analytics.domain.stats.ChiSquareIndependence;
import io.placebench.analytics.domain.stats.Disparity;
import io.placebench.analytics.domain.stats.Distribution;
import io.placebench.analytics.domain.stats.Proportion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A run's accuracy per geographic group of the <em>truth</em> (definitions in docs/metrics.md, "Regions"):
 * <ul>
 * <li><b>Groups</b> by the truth's label at the level asked: continent code; ISO country code (named by the
 * country); region = its ISO 3166-2 code, else {@code country/region name} (so US states appear on US data).
 * Per group: n (all its scored images), answered, {@code acc25km}, {@code acc200km}, {@code acc750km},
 * {@code acc2500km} over all n (unanswered = wrong, hits strict {@code distance < threshold}), {@code country}
 * and {@code continent} match rates over the group's images whose truth has that label, each a
 * {@link Proportion} with its Wilson interval; {@code medianErrorKm} over the answered ones. Images whose
 * truth has no label at the level form the {@code unlabelled} group (id null, name "(none)"), kept out of the
 * disparity.</li>
 * <li><b>Disparity</b> ({@link Disparity}) of {@code acc25km}, {@code acc750km} and {@code country} over the
 * labelled groups with n ≥ minN (for {@code country}, n is the group's country-match denominator).</li>
 * <li><b>Chi-square</b> ({@link ChiSquareIndependence}, no continuity correction) of country-match
 * correctness (correct / wrong) × truth continent, over the images with a country match and a truth continent,
 * <em>whatever the level asked</em>: one test per run, comparable across levels.</li>
 * <li><b>Over-prediction</b> ({@link Distribution#overPrediction}): the predicted countries of the answered
 * images against the true countries of all images (each map over the images that have such a label); the
 * (at most {@value #TOP}) countries with the largest positive excess of predicted over true share.</li>
 * <li><b>Entropy</b> ({@link Distribution#entropy}) of the predicted and of the true countries, both over the
 * same support: every country that occurs in either, so the normalised figures compare.</li>
 * </ul>
 */
public final class RegionTable {

    /** Countries listed in {@code overPrediction.top}. */
    public static final int TOP = 10;
    /** The name of the group of images whose truth has no label at the level. */
    public static final String NONE_NAME = "(none)";

    private static final Map<String, String> CONTINENTS = Map.of("AF", "Africa", "AN", "Antarctica", "AS", "Asia",
            "EU", "Europe", "NA", "North America", "OC", "Oceania", "SA", "South America");

    /** The level of the truth's label that groups the images. */
    public enum Level {
        CONTINENT, COUNTRY, REGION;

        /** The level named (case-insensitive), empty when there is none of that name. */
        public static Optional<Level> parse(String name) {
            if (name == null) {
                return Optional.empty();
            }
            return Arrays.stream(values()).filter(l -> l.label().equals(name.trim().toLowerCase(Locale.ROOT)))
                    .findFirst();
        }

        /** The name used in the API: {@code continent}, {@code country}, {@code region}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The truth's group id at this level (null: no label). */
        String id(PlacedScore.Place p) {
            return switch (this) {
                case CONTINENT -> p.continent();
                case COUNTRY -> p.countryCode();
                case REGION -> p.regionCode() != null ? p.regionCode()
                        : p.region() == null ? null
                        : p.countryCode() == null ? p.region() : p.countryCode() + "/" + p.region();
            };
        }

        /** A readable name of the group (falls back to the id). */
        String name(PlacedScore.Place p, String id) {
            String name = switch (this) {
                case CONTINENT -> CONTINENTS.get(id);
                case COUNTRY -> p.country();
                case REGION -> p.region();
            };
            return name == null ? id : name;
        }
    }

    /** One group's figures. */
    public record Group(String group, String name, long n, long answered, Proportion acc25km, Proportion acc200km,
                        Proportion acc750km, Proportion acc2500km, Proportion country, Proportion continent,
                        Double medianErrorKm) {
    }

    /** The chi-square test with the labels of its table: rows correct / wrong, columns the truth continents. */
    public record ChiSquare(List<String> rows, List<String> columns, long[][] table,
                            ChiSquareIndependence.Result test) {
    }

    /** Over-prediction: the totals of both distributions and the most over-predicted countries. */
    public record OverPrediction(long predictedTotal, long trueTotal, List<Distribution.OverPrediction> top) {
    }

    /** Entropy of the predicted and the true countries over the same support. */
    public record Entropies(Distribution.Entropy predicted, Distribution.Entropy truth) {
    }

    public record Result(Level level, int minN, long n, List<Group> groups, Group unlabelled,
                         Map<String, Disparity.Result> disparity, ChiSquare chiSquare, OverPrediction overPrediction,
                         Entropies entropy) {
    }

    private RegionTable() {
    }

    public static Result of(Collection<PlacedScore> scores, Level level, int minN) {
        if (minN < 1) {
            throw new IllegalArgumentException("minN must be at least 1, got " + minN);
        }
        Map<String, List<PlacedScore>> byGroup = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        List<PlacedScore> unlabelled = new ArrayList<>();
        for (PlacedScore s : scores) {
            PlacedScore.Place truth = s.truth() == null ? PlacedScore.Place.NONE : s.truth();
            String id = level.id(truth);
            if (id == null) {
                unlabelled.add(s);
                continue;
            }
            byGroup.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
            names.putIfAbsent(id, level.name(truth, id));
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((id, members) -> groups.add(group(id, names.get(id), members)));
        groups.sort(Comparator.comparingLong(Group::n).reversed().thenComparing(Group::group));

        Map<String, Disparity.Result> disparity = new LinkedHashMap<>();
        disparity.put("acc25km", disparity(groups, Group::acc25km, minN));
        disparity.put("acc750km", disparity(groups, Group::acc750km, minN));
        disparity.put("country", disparity(groups, Group::country, minN));

        return new Result(level, minN, scores.size(), List.copyOf(groups),
                unlabelled.isEmpty() ? null : group(null, NONE_NAME, unlabelled), disparity, chiSquare(scores),
                overPrediction(scores), entropy(scores));
    }

    static Group group(String id, String name, List<PlacedScore> members) {
        long n = members.size();
        long answered = members.stream().filter(PlacedScore::hasDistance).count();
        return new Group(id, name, n, answered,
                hits(members, ScoreRow::hit25km), hits(members, ScoreRow::hit200km),
                hits(members, ScoreRow::hit750km), hits(members, ScoreRow::hit2500km),
                matches(members, PlacedScore::matchCountry), matches(members, PlacedScore::matchContinent),
                RunStats.of(members.stream().map(PlacedScore::row).toList()).medianErrorKm());
    }

    private static Proportion hits(List<PlacedScore> members, Predicate<ScoreRow> hit) {
        long hits = members.stream().filter(s -> s.hasDistance() && hit.test(s.row())).count();
        return Proportion.wilson(hits, members.size());
    }

    /** Matches over the members whose truth has a label at that level (match not null). */
    private static Proportion matches(List<PlacedScore> members, Function<PlacedScore, Boolean> match) {
        long n = 0;
        long hits = 0;
        for (PlacedScore s : members) {
            Boolean m = match.apply(s);
            if (m != null) {
                n++;
                hits += m ? 1 : 0;
            }
        }
        return Proportion.wilson(hits, n);
    }

    private static Disparity.Result disparity(List<Group> groups, Function<Group, Proportion> figure, int minN) {
        // a group with an empty denominator has no rate; it is below any minN ≥ 1 and only listed as excluded
        return Disparity.of(groups.stream().map(g -> {
            Proportion p = figure.apply(g);
            return new Disparity.Group(g.group(), p.n(), p.rate() == null ? 0.0 : p.rate());
        }).toList(), minN);
    }

    static ChiSquare chiSquare(Collection<PlacedScore> scores) {
        Map<String, long[]> byContinent = new TreeMap<>();
        for (PlacedScore s : scores) {
            String continent = s.truth() == null ? null : s.truth().continent();
            if (continent == null || s.matchCountry() == null) {
                continue;
            }
            byContinent.computeIfAbsent(continent, k -> new long[2])[s.matchCountry() ? 0 : 1]++;
        }
        List<String> columns = List.copyOf(byContinent.keySet());
        long[][] table = new long[2][columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            long[] counts = byContinent.get(columns.get(j));
            table[0][j] = counts[0];
            table[1][j] = counts[1];
        }
        return new ChiSquare(List.of("correct", "wrong"), columns, table, ChiSquareIndependence.test(table));
    }

    static OverPrediction overPrediction(Collection<PlacedScore> scores) {
        Map<String, Long> predicted = predictedCountries(scores);
        Map<String, Long> actual = trueCountries(scores);
        List<Distribution.OverPrediction> top = Distribution.overPrediction(predicted, actual).stream()
                .filter(o -> o.excess() > 0).limit(TOP).toList();
        return new OverPrediction(sum(predicted), sum(actual), top);
    }

    static Entropies entropy(Collection<PlacedScore> scores) {
        Map<String, Long> predicted = predictedCountries(scores);
        Map<String, Long> actual = trueCountries(scores);
        TreeSet<String> support = new TreeSet<>(predicted.keySet());
        support.addAll(actual.keySet());
        return new Entropies(Distribution.entropy(counts(support, predicted)),
                Distribution.entropy(counts(support, actual)));
    }

    private static long[] counts(TreeSet<String> support, Map<String, Long> counts) {
        return support.stream().mapToLong(c -> counts.getOrDefault(c, 0L)).toArray();
    }

    /** Predicted country codes of the answered images (those with a predicted country). */
    private static Map<String, Long> predictedCountries(Collection<PlacedScore> scores) {
        return count(scores.stream().filter(PlacedScore::hasDistance).toList(), s -> s.predicted() == null ? null
                : s.predicted().countryCode());
    }

    /** True country codes of all images (those whose truth has a country). */
    private static Map<String, Long> trueCountries(Collection<PlacedScore> scores) {
        return count(scores, s -> s.truth() == null ? null : s.truth().countryCode());
    }

    private static Map<String, Long> count(Collection<PlacedScore> scores, Function<PlacedScore, String> label) {
        Map<String, Long> counts = new TreeMap<>();
        for (PlacedScore s : scores) {
            String l = label.apply(s);
            if (l != null) {
                counts.merge(l, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
