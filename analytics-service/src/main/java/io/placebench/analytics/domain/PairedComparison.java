package io.placebench.analytics.domain;

import io.placebench.analytics.domain.stats.Bootstrap;
import io.placebench.analytics.domain.stats.Holm;
import io.placebench.analytics.domain.stats.McNemar;
import io.placebench.analytics.domain.stats.Wilcoxon;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Paired tests between runs of one dataset ({@code GET /api/compare}, docs/metrics.md "Paired comparison").
 * Every pair (a, b) of the runs given, in their order (a before b), is compared over the images <b>both</b> runs
 * were asked (a score row in each), taken in image-id order. Per pair, eight tests:
 * <ul>
 * <li>{@code acc1km} … {@code acc2500km}: {@link McNemar} on the threshold hits over all compared images
 * (unanswered = wrong); exact binomial when the discordant pairs number fewer than 25, else chi-square with
 * continuity correction; {@code difference} = acc(a) − acc(b) with the paired Wald interval;</li>
 * <li>{@code country}: McNemar on the country match of the predicted point over the compared images where both
 * rows have a non-null match (the truth has a country; unanswered = no match);</li>
 * <li>{@code distanceKm}: over the images <em>both</em> answered: {@link Wilcoxon} signed-rank test of the paired
 * errors and the seeded paired bootstrap of the mean difference ({@link Bootstrap#pairedMeanDifference},
 * {@value #RESAMPLES} resamples, seed {@value #SEED}, a fresh generator per test so every figure is
 * reproducible); {@code difference} = mean error of a − mean error of b (negative: a is closer);</li>
 * <li>{@code score}: the same over all compared images, an unanswered image scoring 0 points.</li>
 * </ul>
 * {@code pHolm} is the Holm-adjusted p-value over <b>all</b> tests of the request (every pair, every figure);
 * a test without data (its n is 0) has null figures and takes no part in the adjustment. A pair's
 * {@link Summary} says which run is better on {@code acc25km} and on the mean score and whether that test's
 * pHolm is below {@value #ALPHA}.
 */
public final class PairedComparison {

    /** The bootstrap seed (the leaderboard's). */
    public static final long SEED = 20_261_203L;
    public static final int RESAMPLES = Bootstrap.DEFAULT_RESAMPLES;
    /** Level below which an adjusted p-value counts as significant in the summary. */
    public static final double ALPHA = 0.05;
    public static final List<String> THRESHOLDS = List.of("acc1km", "acc25km", "acc200km", "acc750km",
            "acc2500km");

    /** One run's score of one image: the stored outcome and the country match (null: truth has no country). */
    public record Row(ScoreRow score, Boolean matchCountry) {
        public Row {
            Objects.requireNonNull(score, "score");
        }
    }

    /** A run and its rows by image id. */
    public record Run(String runId, Map<String, Row> images) {
    }

    /**
     * One test of a pair.
     *
     * @param figure {@code acc1km} … {@code acc2500km}, {@code country}, {@code distanceKm}, {@code score}
     * @param test {@code mcnemar-exact}, {@code mcnemar-chi2} or {@code wilcoxon-<method>} (exact, permutation,
     *        normal, none); null when n = 0
     * @param n images the test used
     * @param statistic McNemar: min(b, c) (exact) or the corrected chi-square; Wilcoxon: min(W+, W−)
     * @param p two-sided p-value
     * @param pHolm Holm-adjusted over every test of the request
     * @param difference a − b: accuracy difference (McNemar) or mean difference (distance, score)
     * @param low lower end of the 95% interval of the difference (paired Wald for McNemar, paired bootstrap else)
     * @param high upper end
     * @param interval how the interval was made: {@code wald-paired} or {@code bootstrap-paired}
     * @param valueA the figure of run a over the test's n images (accuracy, mean error, mean score)
     * @param valueB the same for run b
     * @param aOnly McNemar only: images a got right and b wrong (b of the 2×2 table)
     * @param bOnly McNemar only: images b got right and a wrong (c of the 2×2 table)
     */
    public record Test(String figure, String test, int n, Double statistic, Double p, Double pHolm,
            Double difference, Double low, Double high, String interval, Double valueA, Double valueB, Long aOnly,
            Long bOnly) {

        Test withPHolm(Double adjusted) {
            return new Test(figure, test, n, statistic, p, adjusted, difference, low, high, interval, valueA, valueB,
                    aOnly, bOnly);
        }
    }

    /** Which run of the pair is better on one figure ({@code better} null on a tie or without data). */
    public record Verdict(String figure, String better, Double difference, Double pHolm, boolean significant) {
    }

    /** The pair's verdicts on {@code acc25km} and the mean score, and a sentence saying both. */
    public record Summary(Verdict acc25km, Verdict meanScore, String text) {
    }

    /** One pair: runs a and b, the images both were asked, the tests and the summary. */
    public record Pair(String a, String b, int n, List<Test> tests, Summary summary) {
        public Pair {
            tests = List.copyOf(tests);
        }

        /** The test of {@code figure}. */
        public Test test(String figure) {
            return tests.stream().filter(t -> t.figure().equals(figure)).findFirst().orElseThrow();
        }
    }

    /** Every pair, and how many tests the Holm adjustment covered. */
    public record Result(List<Pair> pairs, int adjustedTests, long seed, int resamples) {
        public Result {
            pairs = List.copyOf(pairs);
        }
    }

    private PairedComparison() {
    }

    /**
     * Compares every pair of {@code runs} (a = the earlier in the list).
     *
     * @throws IllegalArgumentException with fewer than two runs or a run listed twice
     */
    public static Result compare(List<Run> runs) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("need at least two runs, got " + runs.size());
        }
        if (runs.stream().map(Run::runId).distinct().count() != runs.size()) {
            throw new IllegalArgumentException("a run is listed twice");
        }
        List<String[]> names = new ArrayList<>();
        List<List<Test>> drafts = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                Run a = runs.get(i);
                Run b = runs.get(j);
                TreeSet<String> common = new TreeSet<>(a.images().keySet());
                common.retainAll(b.images().keySet());
                List<Row> rowsA = common.stream().map(a.images()::get).toList();
                List<Row> rowsB = common.stream().map(b.images()::get).toList();
                names.add(new String[] {a.runId(), b.runId()});
                sizes.add(common.size());
                drafts.add(tests(rowsA, rowsB));
            }
        }

        List<Double> raw = new ArrayList<>();
        drafts.forEach(tests -> tests.stream().map(Test::p).filter(Objects::nonNull).forEach(raw::add));
        double[] adjusted = Holm.adjust(raw.stream().mapToDouble(Double::doubleValue).toArray());
        int next = 0;
        List<Pair> pairs = new ArrayList<>();
        for (int k = 0; k < drafts.size(); k++) {
            List<Test> tests = new ArrayList<>();
            for (Test t : drafts.get(k)) {
                tests.add(t.p() == null ? t : t.withPHolm(adjusted[next++]));
            }
            String a = names.get(k)[0];
            String b = names.get(k)[1];
            pairs.add(new Pair(a, b, sizes.get(k), tests, summary(a, b, tests)));
        }
        return new Result(pairs, raw.size(), SEED, RESAMPLES);
    }

    private static List<Test> tests(List<Row> a, List<Row> b) {
        List<Test> tests = new ArrayList<>();
        tests.add(mcnemar("acc1km", a, b, r -> true, r -> r.score().hit1km()));
        tests.add(mcnemar("acc25km", a, b, r -> true, r -> r.score().hit25km()));
        tests.add(mcnemar("acc200km", a, b, r -> true, r -> r.score().hit200km()));
        tests.add(mcnemar("acc750km", a, b, r -> true, r -> r.score().hit750km()));
        tests.add(mcnemar("acc2500km", a, b, r -> true, r -> r.score().hit2500km()));
        tests.add(mcnemar("country", a, b, r -> r.matchCountry() != null, r -> Boolean.TRUE.equals(r.matchCountry())));

        List<double[]> distances = new ArrayList<>();
        double[] scoresA = new double[a.size()];
        double[] scoresB = new double[b.size()];
        for (int i = 0; i < a.size(); i++) {
            Double da = distance(a.get(i));
            Double db = distance(b.get(i));
            if (da != null && db != null) {
                distances.add(new double[] {da, db});
            }
            scoresA[i] = points(a.get(i));
            scoresB[i] = points(b.get(i));
        }
        tests.add(paired("distanceKm", distances.stream().mapToDouble(d -> d[0]).toArray(),
                distances.stream().mapToDouble(d -> d[1]).toArray()));
        tests.add(paired("score", scoresA, scoresB));
        return tests;
    }

    private static Test mcnemar(String figure, List<Row> a, List<Row> b, Predicate<Row> usable,
            Predicate<Row> correct) {
        long n = 0;
        long onlyA = 0;
        long onlyB = 0;
        long hitsA = 0;
        long hitsB = 0;
        for (int i = 0; i < a.size(); i++) {
            if (!usable.test(a.get(i)) || !usable.test(b.get(i))) {
                continue;
            }
            n++;
            boolean ca = correct.test(a.get(i));
            boolean cb = correct.test(b.get(i));
            hitsA += ca ? 1 : 0;
            hitsB += cb ? 1 : 0;
            if (ca && !cb) {
                onlyA++;
            } else if (cb && !ca) {
                onlyB++;
            }
        }
        if (n == 0) {
            return new Test(figure, null, 0, null, null, null, null, null, null, null, null, null, null, null);
        }
        McNemar.Result r = McNemar.test(onlyA, onlyB, n);
        return new Test(figure, r.test(), (int) n, r.statistic(), r.p(), null, r.difference(), r.low(), r.high(),
                "wald-paired", (double) hitsA / n, (double) hitsB / n, onlyA, onlyB);
    }

    private static Test paired(String figure, double[] a, double[] b) {
        if (a.length == 0) {
            return new Test(figure, null, 0, null, null, null, null, null, null, null, null, null, null, null);
        }
        Wilcoxon.Result w = Wilcoxon.test(a, b);
        Bootstrap.Interval d = new Bootstrap(SEED, RESAMPLES).pairedMeanDifference(a, b);
        return new Test(figure, "wilcoxon-" + w.method(), a.length, w.statistic(), w.p(), null, d.estimate(),
                d.low(), d.high(), "bootstrap-paired", Bootstrap.sampleMean(a), Bootstrap.sampleMean(b), null, null);
    }

    /** The error of an answered row, null otherwise. */
    private static Double distance(Row row) {
        Double d = row.score().distanceKm();
        return row.score().answered() && d != null && Double.isFinite(d) ? d : null;
    }

    /** GeoGuessr points; 0 for an unanswered row. */
    private static double points(Row row) {
        Double s = row.score().geoguessrScore();
        return row.score().answered() && s != null && Double.isFinite(s) ? s : 0.0;
    }

    private static Summary summary(String a, String b, List<Test> tests) {
        Verdict accuracy = verdict("acc25km", a, b, tests);
        Verdict score = verdict("score", a, b, tests);
        String text = describe(accuracy, "acc25km", "") + "; " + describe(score, "mean score", " points");
        return new Summary(accuracy, score, text);
    }

    private static Verdict verdict(String figure, String a, String b, List<Test> tests) {
        Test t = tests.stream().filter(x -> x.figure().equals(figure)).findFirst().orElseThrow();
        Double d = t.difference();
        String better = d == null || d == 0.0 ? null : d > 0 ? a : b;
        return new Verdict(figure, better, d, t.pHolm(), t.pHolm() != null && t.pHolm() < ALPHA);
    }

    private static String describe(Verdict v, String label, String unit) {
        if (v.difference() == null) {
            return label + ": no images to compare";
        }
        if (v.better() == null) {
            return label + ": no difference (pHolm " + format(v.pHolm()) + ")";
        }
        return label + ": " + v.better() + " better by " + format(Math.abs(v.difference())) + unit + " (pHolm "
                + format(v.pHolm()) + (v.significant() ? " < " : " >= ") + ALPHA + ")";
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
