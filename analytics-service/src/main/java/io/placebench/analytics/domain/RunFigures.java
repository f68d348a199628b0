package io.placebench.analytics.domain;

import io.placebench.analytics.domain.stats.Bootstrap;
import io.placebench.analytics.domain.stats.Proportion;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The leaderboard's figures of one run beyond {@link RunStats} (definitions in docs/metrics.md):
 * <ul>
 * <li>{@code rates}: every rate over both denominators, each a {@link Proportion} with its Wilson 95% interval.
 * Thresholds: all scored images / answered ones. Region matches (continent, country, region, city): images whose
 * truth has a label at that level / those of them answered. Text matches (exact with aliases, and GLOBE's 0.7 rule):
 * images whose truth has that part / those whose answer carried an address;</li>
 * <li>{@code meanErrorKm}, {@code medianErrorKm} (answered images) and {@code meanScore} (all images, unanswered
 * = 0): seeded percentile bootstrap 95% intervals ({@value #RESAMPLES} resamples, seed {@value #SEED});</li>
 * <li>{@code failures}: the share of all scored images per non-OK status;</li>
 * <li>{@code costPerImageUsd} = cost / n; {@code costPerCorrectUsd} = cost / images within 25 km (null when
 * none);</li>
 * <li>{@code macro}: per level (country, region, city) the macro-averaged recall and F1 over the truth's labels
 * (the GeoComp convention WanderBench reports): per label c, recall = TP/(TP+FN), precision = TP/(TP+FP) (0 when
 * nothing was predicted as c), F1 = 2PR/(P+R) (0 when P+R = 0); an unanswered image or one without a predicted
 * label misses its truth label; images whose truth has no label are left out.</li>
 * </ul>
 *
 * <p>Stored as JSON by RunFiguresCache: a change of shape bumps its {@code Stored.FORMAT}.
 */
public record RunFigures(
        Map<String, Rate> rates,
        Bootstrap.Interval meanErrorKm,
        Bootstrap.Interval medianErrorKm,
        Bootstrap.Interval meanScore,
        Map<String, Proportion> failures,
        BigDecimal costPerImageUsd,
        BigDecimal costPerCorrectUsd,
        Map<String, Macro> macro) {

    public static final long SEED = 20_261_203L;
    public static final int RESAMPLES = Bootstrap.DEFAULT_RESAMPLES;
    public static final RunFigures EMPTY = of(List.of());

    /** A rate over all scored images and over the answered ones. */
    public record Rate(Proportion all, Proportion answered) {
    }

    /** Macro recall and F1 over {@code labels} truth labels. */
    public record Macro(int labels, Double recall, Double f1) {
    }

    public static RunFigures of(Collection<ScoredImage> images) {
        Map<String, Rate> rates = new LinkedHashMap<>();
        threshold(rates, images, "acc1km", r -> r.hit1km());
        threshold(rates, images, "acc25km", r -> r.hit25km());
        threshold(rates, images, "acc200km", r -> r.hit200km());
        threshold(rates, images, "acc750km", r -> r.hit750km());
        threshold(rates, images, "acc2500km", r -> r.hit2500km());
        match(rates, images, "continent", ScoredImage::matchContinent, i -> i.row().answered());
        match(rates, images, "country", ScoredImage::matchCountry, i -> i.row().answered());
        match(rates, images, "region", ScoredImage::matchRegion, i -> i.row().answered());
        match(rates, images, "city", ScoredImage::matchCity, i -> i.row().answered());
        Predicate<ScoredImage> gaveAddress = i -> Boolean.TRUE.equals(i.textAnswered());
        match(rates, images, "textCity", ScoredImage::textCity, gaveAddress);
        match(rates, images, "textState", ScoredImage::textState, gaveAddress);
        match(rates, images, "textCountry", ScoredImage::textCountry, gaveAddress);
        match(rates, images, "textCityGlobe", ScoredImage::textCityGlobe, gaveAddress);
        match(rates, images, "textStateGlobe", ScoredImage::textStateGlobe, gaveAddress);
        match(rates, images, "textCountryGlobe", ScoredImage::textCountryGlobe, gaveAddress);

        List<Double> errors = new ArrayList<>();
        double[] scores = new double[images.size()];
        int k = 0;
        BigDecimal cost = BigDecimal.ZERO;
        Map<String, Long> statuses = new TreeMap<>();
        for (ScoredImage image : images) {
            ScoreRow row = image.row();
            if (row.hasDistance()) {
                errors.add(row.distanceKm());
            }
            scores[k++] = row.hasDistance() && row.geoguessrScore() != null ? row.geoguessrScore() : 0;
            cost = cost.add(row.costUsd() == null ? BigDecimal.ZERO : row.costUsd());
            if (!"OK".equals(image.status())) {
                statuses.merge(image.status(), 1L, Long::sum);
            }
        }
        double[] errorArray = errors.stream().mapToDouble(Double::doubleValue).toArray();
        Bootstrap bootstrap = new Bootstrap(SEED, RESAMPLES);
        Map<String, Proportion> failures = new LinkedHashMap<>();
        statuses.forEach((status, count) -> failures.put(status, Proportion.wilson(count, images.size())));
        long correct = rates.get("acc25km").all().successes();
        return new RunFigures(rates,
                errorArray.length == 0 ? null : bootstrap.mean(errorArray),
                errorArray.length == 0 ? null : bootstrap.median(errorArray),
                scores.length == 0 ? null : bootstrap.mean(scores),
                failures,
                images.isEmpty() ? null : cost.divide(BigDecimal.valueOf(images.size()), MathContext.DECIMAL64),
                correct == 0 ? null : cost.divide(BigDecimal.valueOf(correct), MathContext.DECIMAL64),
                Map.of("country", macro(images, ScoredImage.Labels::country),
                        "region", macro(images, ScoredImage.Labels::region),
                        "city", macro(images, ScoredImage.Labels::city)));
    }

    private static void threshold(Map<String, Rate> rates, Collection<ScoredImage> images, String name,
            Predicate<ScoreRow> hit) {
        long n = images.size();
        long answered = images.stream().filter(i -> i.row().hasDistance()).count();
        long hits = images.stream().filter(i -> i.row().hasDistance() && hit.test(i.row())).count();
        rates.put(name, new Rate(Proportion.wilson(hits, n), Proportion.wilson(hits, answered)));
    }

    private static void match(Map<String, Rate> rates, Collection<ScoredImage> images, String name,
            Function<ScoredImage, Boolean> match, Predicate<ScoredImage> answered) {
        long n = 0;
        long nAnswered = 0;
        long hits = 0;
        long hitsAnswered = 0;
        for (ScoredImage image : images) {
            Boolean m = match.apply(image);
            if (m == null) {
                continue; // the truth has nothing to compare with at this level
            }
            boolean counts = answered.test(image);
            n++;
            nAnswered += counts ? 1 : 0;
            hits += m ? 1 : 0;
            hitsAnswered += m && counts ? 1 : 0;
        }
        rates.put(name, new Rate(Proportion.wilson(hits, n), Proportion.wilson(hitsAnswered, nAnswered)));
    }

    static Macro macro(Collection<ScoredImage> images, Function<ScoredImage.Labels, String> level) {
        Map<String, long[]> counts = new HashMap<>(); // label -> {TP, FN, FP}
        Set<String> truthLabels = new HashSet<>();
        for (ScoredImage image : images) {
            String truth = level.apply(image.truth());
            if (truth == null) {
                continue;
            }
            truthLabels.add(truth);
            String predicted = image.row().hasDistance() ? level.apply(image.predicted()) : null;
            if (Objects.equals(truth, predicted)) {
                counts.computeIfAbsent(truth, c -> new long[3])[0]++;
            } else {
                counts.computeIfAbsent(truth, c -> new long[3])[1]++;
                if (predicted != null) {
                    counts.computeIfAbsent(predicted, c -> new long[3])[2]++;
                }
            }
        }
        if (truthLabels.isEmpty()) {
            return new Macro(0, null, null);
        }
        double recall = 0;
        double f1 = 0;
        for (String label : truthLabels) {
            long[] c = counts.get(label);
            double r = (double) c[0] / (c[0] + c[1]);
            double p = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
            recall += r;
            f1 += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        return new Macro(truthLabels.size(), recall / truthLabels.size(), f1 / truthLabels.size());
    }
}
