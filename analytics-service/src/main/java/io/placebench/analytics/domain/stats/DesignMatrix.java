package io.placebench.analytics.domain.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * The design matrix of a regression on categorical features: an intercept column plus one 0/1 column per
 * non-reference level of each feature (treatment, or dummy, coding). Immutable; built by
 * {@link #oneHot(List, List, int)}.
 *
 * <h2>Rules, in the order they are applied (per feature)</h2>
 * <ol>
 * <li><b>Missing</b>: a row whose value is {@code null} or blank (also a row map without the feature) has the level
 * {@value #MISSING}, a level like any other (so "attribute not recorded" gets its own coefficient instead of
 * silently dropping the row; every row is kept).</li>
 * <li><b>Rare levels</b>: every level with fewer than {@code minLevelCount} rows (default
 * {@value #DEFAULT_MIN_LEVEL_COUNT}) is pooled into the level {@value #OTHER}. If that pooled level itself has
 * fewer than {@code minLevelCount} rows (and another level exists), it is merged into the reference level instead.
 * So every non-reference column has at least {@code minLevelCount} ones. Each pooled level is reported as a
 * {@link Dropped} with reason {@link Reason#RARE_LEVEL}, term {@code feature=level} and where it went.</li>
 * <li><b>Reference level</b>: the most frequent level after pooling (the {@value #OTHER} level counts as a candidate
 * unless it is merged into the reference); ties go to the alphabetically first name ({@link String#compareTo},
 * so {@value #MISSING} and {@value #OTHER} sort before letters). The reference has no column; every coefficient of
 * the feature is a contrast against it.</li>
 * <li><b>Columns</b>: {@value #INTERCEPT} first, then the features in the order given and, within a feature, its
 * non-reference levels in alphabetical order. A column is named {@code feature=level}, e.g.
 * {@code scene_type=street}.</li>
 * <li><b>Constant features</b>: a feature left with one level has no column and is reported with reason
 * {@link Reason#CONSTANT} (term = the feature name).</li>
 * <li><b>Collinear columns</b>: a column that is a linear combination of the columns before it (e.g. two features
 * that partition the rows identically) is dropped and reported with reason {@link Reason#COLLINEAR}. Detection:
 * a Householder QR of the remaining columns without pivoting; {@code |R[j][j]|} is the distance of column j from
 * the span of the columns before it, and the first column where that distance is at most
 * {@value #COLLINEARITY_TOLERANCE} times the column's own norm is dropped; repeated until no such column is left,
 * so the remaining matrix has full column rank and the later column of a dependent set is the one dropped.</li>
 * </ol>
 * The names {@value #MISSING} and {@value #OTHER} are reserved: a real level with either name is merged with them.
 */
public final class DesignMatrix {

    public static final String INTERCEPT = "(intercept)";
    public static final String MISSING = "(missing)";
    public static final String OTHER = "(other)";
    public static final int DEFAULT_MIN_LEVEL_COUNT = 5;
    /** Relative distance below which a column counts as a linear combination of the columns before it. */
    public static final double COLLINEARITY_TOLERANCE = 1e-9;

    /** Why a level, feature or column has no coefficient. */
    public enum Reason {
        /** Level with fewer rows than the minimum count, pooled into {@value #OTHER} or the reference level. */
        RARE_LEVEL,
        /** Feature with a single level (after pooling): it cannot explain anything. */
        CONSTANT,
        /** Column that is a linear combination of earlier columns (exact collinearity, QR rank). */
        COLLINEAR
    }

    /** A level, feature or column without a coefficient: {@code term} as in {@link #terms()}, or a feature name. */
    public record Dropped(String term, Reason reason, String detail) {
    }

    /**
     * How one feature was coded: its reference level, the levels that have a column (alphabetical, including ones
     * later dropped as collinear) and the row count of every level after pooling (the reference included).
     */
    public record Factor(String feature, String reference, List<String> levels, Map<String, Integer> levelCounts) {
        public Factor {
            levels = List.copyOf(levels);
            levelCounts = Collections.unmodifiableMap(new LinkedHashMap<>(levelCounts));
        }
    }

    private final List<String> terms;
    private final double[][] x;
    private final List<Factor> factors;
    private final List<Dropped> dropped;

    private DesignMatrix(List<String> terms, double[][] x, List<Factor> factors, List<Dropped> dropped) {
        this.terms = List.copyOf(terms);
        this.x = x;
        this.factors = List.copyOf(factors);
        this.dropped = List.copyOf(dropped);
    }

    /** {@link #oneHot(List, List, int)} with the default minimum level count {@value #DEFAULT_MIN_LEVEL_COUNT}. */
    public static DesignMatrix oneHot(List<String> features, List<? extends Map<String, String>> rows) {
        return oneHot(features, rows, DEFAULT_MIN_LEVEL_COUNT);
    }

    /**
     * Builds the intercept + treatment-coded design of {@code rows} over {@code features} following the rules in
     * the class comment.
     *
     * @param features the categorical features to use, in column order (e.g. {@code environment},
     *        {@code scene_type}); every other key of a row is ignored
     * @param rows one map feature to level per observation, in the order of the outcome arrays
     * @param minLevelCount levels with fewer rows than this are pooled (1 disables pooling)
     * @throws IllegalArgumentException when there are no rows, minLevelCount &lt; 1, or a feature is repeated
     */
    public static DesignMatrix oneHot(List<String> features, List<? extends Map<String, String>> rows,
            int minLevelCount) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(rows, "rows");
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows");
        }
        if (minLevelCount < 1) {
            throw new IllegalArgumentException("minLevelCount must be at least 1: " + minLevelCount);
        }
        if (features.stream().distinct().count() != features.size()) {
            throw new IllegalArgumentException("repeated feature: " + features);
        }
        int n = rows.size();
        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        List<Factor> factors = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>();
        names.add(INTERCEPT);
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        columns.add(ones);

        for (String feature : features) {
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                String v = rows.get(i).get(feature);
                values[i] = v == null || v.isBlank() ? MISSING : v;
            }
            Map<String, Integer> counts = count(values);
            List<String> rare = counts.entrySet().stream()
                    .filter(e -> e.getValue() < minLevelCount).map(Map.Entry::getKey).toList();
            int otherCount = rare.stream().mapToInt(counts::get).sum();
            boolean otherOnly = rare.size() == counts.size();
            boolean otherTooSmall = !rare.isEmpty() && otherCount < minLevelCount && !otherOnly;

            Map<String, Integer> pooled = new HashMap<>(counts);
            rare.forEach(pooled::remove);
            if (!rare.isEmpty() && !otherTooSmall) {
                pooled.merge(OTHER, otherCount, Integer::sum);
            }
            String reference = pooled.entrySet().stream()
                    .min(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
                            .thenComparing(Map.Entry::getKey))
                    .orElseThrow().getKey();
            String pooledInto = otherTooSmall ? reference : OTHER;
            if (otherTooSmall) {
                pooled.merge(reference, otherCount, Integer::sum);
            }
            for (String level : rare.stream().sorted().toList()) {
                if (level.equals(OTHER)) {
                    continue; // a real "(other)" value simply stays in the pooled level
                }
                dropped.add(new Dropped(feature + "=" + level, Reason.RARE_LEVEL, "n=" + counts.get(level) + " < "
                        + minLevelCount + ", pooled into " + feature + "=" + pooledInto
                        + (otherTooSmall ? " (the reference; all rare levels together had n=" + otherCount
                                + ")" : "")));
            }
            for (int i = 0; i < n; i++) {
                if (counts.get(values[i]) < minLevelCount) {
                    values[i] = pooledInto;
                }
            }
            Map<String, Integer> sortedCounts = new TreeMap<>(pooled);
            List<String> levels = sortedCounts.keySet().stream().filter(l -> !l.equals(reference)).toList();
            factors.add(new Factor(feature, reference, levels, sortedCounts));
            if (levels.isEmpty()) {
                dropped.add(new Dropped(feature, Reason.CONSTANT, "only one level: " + reference));
                continue;
            }
            for (String level : levels) {
                double[] column = new double[n];
                for (int i = 0; i < n; i++) {
                    column[i] = values[i].equals(level) ? 1.0 : 0.0;
                }
                names.add(feature + "=" + level);
                columns.add(column);
            }
        }

        dropCollinear(names, columns, dropped);
        double[][] x = new double[n][columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            double[] column = columns.get(j);
            for (int i = 0; i < n; i++) {
                x[i][j] = column[i];
            }
        }
        return new DesignMatrix(names, x, factors, dropped);
    }

    private static Map<String, Integer> count(String[] values) {
        Map<String, Integer> counts = new HashMap<>();
        for (String v : values) {
            counts.merge(v, 1, Integer::sum);
        }
        return counts;
    }

    /** Removes, one at a time, the first column whose QR diagonal says it depends on the columns before it. */
    private static void dropCollinear(List<String> names, List<double[]> columns, List<Dropped> dropped) {
        int n = columns.get(0).length;
        while (true) {
            int k = columns.size();
            if (k > n) {
                // more columns than rows: the QR below only sees n diagonal entries; the columns past n are
                // necessarily dependent on the first n (if those are independent) and are dropped one by one
                String name = names.remove(k - 1);
                columns.remove(k - 1);
                dropped.add(new Dropped(name, Reason.COLLINEAR, "more columns than rows (" + n + ")"));
                continue;
            }
            RealMatrix matrix = MatrixUtils.createRealMatrix(n, k);
            for (int j = 0; j < k; j++) {
                matrix.setColumn(j, columns.get(j));
            }
            RealMatrix r = new QRDecomposition(matrix).getR();
            int dependent = -1;
            for (int j = 0; j < k && dependent < 0; j++) {
                double norm = 0;
                for (double v : columns.get(j)) {
                    norm += v * v;
                }
                if (Math.abs(r.getEntry(j, j)) <= COLLINEARITY_TOLERANCE * Math.sqrt(norm)) {
                    dependent = j;
                }
            }
            if (dependent < 0) {
                return;
            }
            String name = names.remove(dependent);
            columns.remove(dependent);
            dropped.add(new Dropped(name, Reason.COLLINEAR, "linear combination of the columns before it (QR rank)"));
        }
    }

    /** Column names: {@value #INTERCEPT} then {@code feature=level}, in column order. */
    public List<String> terms() {
        return terms;
    }

    /** Number of rows (observations). */
    public int rowCount() {
        return x.length;
    }

    /** Number of columns, the intercept included (the k of AIC). */
    public int columnCount() {
        return terms.size();
    }

    /** The value in row {@code i}, column {@code j}. */
    public double value(int i, int j) {
        return x[i][j];
    }

    /** A copy of the matrix, one array per row. */
    public double[][] toArray() {
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            copy[i] = x[i].clone();
        }
        return copy;
    }

    /** The matrix as a Hipparchus matrix (a copy). */
    public RealMatrix toMatrix() {
        return MatrixUtils.createRealMatrix(x);
    }

    /** How each feature was coded, in feature order. */
    public List<Factor> factors() {
        return factors;
    }

    /** Pooled levels, constant features and collinear columns, in the order they were found. */
    public List<Dropped> dropped() {
        return dropped;
    }
}
