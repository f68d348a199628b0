package io.placebench.analytics.domain;

import io.placebench.analytics.domain.stats.DesignMatrix;
import io.placebench.analytics.domain.stats.LinearRegression;
import io.placebench.analytics.domain.stats.LogisticRegression;
import io.placebench.analytics.domain.stats.RegressionFit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The regressions of one run ({@code GET /api/runs/{runId}/regression}, docs/metrics.md "Regressions"): what about
 * an image goes with success, IMAGEO-Bench's analysis of success on the scene features.
 *
 * <h2>Features (all categorical, one-hot coded by {@link DesignMatrix#oneHot})</h2>
 * <ol>
 * <li><b>Scene</b>: every key of the model's {@code scene} (its description of the image: {@code environment},
 * {@code scene_type}, {@code setting} first, then any other key alphabetically), values trimmed and lower-cased
 * (free text from a model: "Urban" and "urban" are one level). A scene key named {@code landmark} is renamed
 * {@code scene.landmark}.</li>
 * <li><b>{@code landmark}</b> (derived): {@code yes} when the image's {@code scene_type} mentions "landmark"
 * (case-insensitive, e.g. "landmark", "Landmark/monument"), {@code no} when it has another scene_type, missing
 * when it has none. Only when some image has a scene_type. Where scene_type has a level of its own equal to
 * "landmark", the {@code landmark=yes} column repeats it and the design drops it as collinear.</li>
 * <li><b>Dataset attributes</b> of the image ({@code analytics.image.attributes}): every key, alphabetically; a
 * key with more than {@value #MAX_ATTRIBUTE_LEVELS} distinct values over the run's images is skipped (reported in
 * {@link Result#skipped()}: too many levels for a categorical feature, e.g. an id or a free-text column). A key
 * that is also a scene feature name is renamed {@code image.<key>}. Values are taken as given.</li>
 * </ol>
 * A missing value is the level {@code (missing)}; rare levels are pooled and collinear columns dropped as
 * {@link DesignMatrix} says ({@code minLevelCount}, default {@value DesignMatrix#DEFAULT_MIN_LEVEL_COUNT}).
 *
 * <h2>Fits</h2>
 * <ul>
 * <li>{@value #CITY_CORRECT}: logistic, y = {@code match_city}; images whose truth has no city (null match) are
 * left out;</li>
 * <li>{@value #ACC25KM}: logistic, y = within 25 km;</li>
 * <li>{@value #LOG_ERROR}: OLS of log1p(error km) over the answered images, and the ridge fit of the same design
 * with penalty {@code lambda} (default {@value #DEFAULT_LAMBDA}).</li>
 * </ul>
 * In both logistic fits an unanswered image counts as wrong, except that, when the run has scene features, an
 * <b>unanswered image without a scene is left out</b>: the scene comes from the answer, so its scene features are
 * all "(missing)" exactly when it failed, a level that predicts failure perfectly (separation: no estimate of any
 * coefficient would exist). The estimates are then those of the answered images, which is the limit the full fit
 * runs to. Every fit says what it left out in {@link Fit#excluded()}.
 * A run without any feature gets no fits and a {@link Result#reason()}.
 */
public final class RunRegressions {

    public static final String CITY_CORRECT = "city_correct";
    public static final String ACC25KM = "acc25km";
    public static final String LOG_ERROR = "log1p_error_km";
    public static final double DEFAULT_LAMBDA = 1.0;
    public static final int MAX_ATTRIBUTE_LEVELS = 30;
    public static final String LANDMARK = "landmark";
    static final List<String> SCENE_FIRST = List.of("environment", "scene_type", "setting");

    /**
     * One scored image of the run.
     *
     * @param scene the model's scene (null or empty when it gave none)
     * @param attributes the dataset's attributes of the image (null or empty when none)
     */
    public record Image(String imageId, boolean answered, Double distanceKm, boolean hit25km, Boolean matchCity,
            Map<String, String> scene, Map<String, String> attributes) {
    }

    /** A feature left out, with its distinct level count and why. */
    public record Skipped(String feature, int levels, String reason) {
    }

    /** A fit and the rows it left out, by reason (e.g. {@code noCityLabel: 3}). */
    public record Fit(RegressionFit fit, Map<String, Integer> excluded) {
    }

    /**
     * The regressions of a run.
     *
     * @param features the features used, in design order
     * @param skipped attributes left out
     * @param fits city_correct, acc25km, log1p_error_km (empty when there are no features)
     * @param ridge the ridge fit of log1p_error_km (null when there are no features or no answered image)
     * @param reason why there are no fits (null when there are)
     */
    public record Result(int minLevelCount, double lambda, List<String> features, List<Skipped> skipped,
            List<Fit> fits, RegressionFit.RidgeFit ridge, String reason) {
        public Result {
            features = List.copyOf(features);
            skipped = List.copyOf(skipped);
            fits = List.copyOf(fits);
        }
    }

    private RunRegressions() {
    }

    /**
     * The three fits on the run's images.
     *
     * @throws IllegalArgumentException for minLevelCount &lt; 1 or a negative or non-finite lambda
     */
    public static Result of(List<Image> images, int minLevelCount, double lambda) {
        if (minLevelCount < 1) {
            throw new IllegalArgumentException("minLevelCount must be at least 1: " + minLevelCount);
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0: " + lambda);
        }
        Set<String> sceneKeys = new HashSet<>();
        Map<String, Set<String>> attributeLevels = new TreeMap<>();
        for (Image image : images) {
            scene(image).forEach((key, value) -> sceneKeys.add(key));
            attributes(image).forEach((key, value) -> {
                Set<String> levels = attributeLevels.computeIfAbsent(key, k -> new HashSet<>());
                if (value != null && !value.isBlank()) {
                    levels.add(value);
                }
            });
        }
        List<String> features = new ArrayList<>();
        SCENE_FIRST.stream().filter(sceneKeys::contains).forEach(features::add);
        new TreeSet<>(sceneKeys).stream().filter(k -> !SCENE_FIRST.contains(k)).map(RunRegressions::sceneName)
                .forEach(features::add);
        boolean landmark = sceneKeys.contains("scene_type");
        if (landmark) {
            features.add(LANDMARK);
        }
        Set<String> sceneNames = new HashSet<>(features);
        List<Skipped> skipped = new ArrayList<>();
        Map<String, String> attributeNames = new LinkedHashMap<>();
        attributeLevels.forEach((key, levels) -> {
            String name = sceneNames.contains(key) ? "image." + key : key;
            if (levels.size() > MAX_ATTRIBUTE_LEVELS) {
                skipped.add(new Skipped(name, levels.size(), "more than " + MAX_ATTRIBUTE_LEVELS
                        + " levels: not used as a categorical feature"));
            } else {
                attributeNames.put(key, name);
                features.add(name);
            }
        });
        if (features.isEmpty()) {
            return new Result(minLevelCount, lambda, features, skipped, List.of(), null,
                    images.isEmpty() ? "the run has no scored images"
                            : "no features: the run's answers carry no scene and its images no dataset attributes"
                                    + (skipped.isEmpty() ? "" : " usable as categories"));
        }

        boolean usesScene = !sceneKeys.isEmpty();
        List<Map<String, String>> cityRows = new ArrayList<>();
        List<Boolean> cityY = new ArrayList<>();
        List<Map<String, String>> accRows = new ArrayList<>();
        List<Boolean> accY = new ArrayList<>();
        List<Map<String, String>> errorRows = new ArrayList<>();
        List<Double> errorY = new ArrayList<>();
        Map<String, Integer> cityExcluded = new LinkedHashMap<>();
        Map<String, Integer> accExcluded = new LinkedHashMap<>();
        Map<String, Integer> errorExcluded = new LinkedHashMap<>();
        for (Image image : images) {
            Map<String, String> row = row(image, landmark, attributeNames);
            boolean withoutScene = usesScene && !image.answered() && scene(image).isEmpty();
            if (image.matchCity() == null) {
                cityExcluded.merge("noCityLabel", 1, Integer::sum);
            } else if (withoutScene) {
                cityExcluded.merge("unansweredWithoutScene", 1, Integer::sum);
            } else {
                cityRows.add(row);
                cityY.add(image.matchCity());
            }
            if (withoutScene) {
                accExcluded.merge("unansweredWithoutScene", 1, Integer::sum);
            } else {
                accRows.add(row);
                accY.add(image.hit25km());
            }
            Double d = image.distanceKm();
            if (image.answered() && d != null && Double.isFinite(d) && d >= 0) {
                errorRows.add(row);
                errorY.add(d);
            } else {
                errorExcluded.merge("unanswered", 1, Integer::sum);
            }
        }

        List<Fit> fits = new ArrayList<>();
        fits.add(new Fit(logistic(CITY_CORRECT, features, cityRows, cityY, minLevelCount), cityExcluded));
        fits.add(new Fit(logistic(ACC25KM, features, accRows, accY, minLevelCount), accExcluded));
        RegressionFit.RidgeFit ridge = null;
        if (errorRows.isEmpty()) {
            fits.add(new Fit(empty(RegressionFit.Model.LINEAR, LOG_ERROR), errorExcluded));
        } else {
            DesignMatrix design = DesignMatrix.oneHot(features, errorRows, minLevelCount);
            double[] km = errorY.stream().mapToDouble(Double::doubleValue).toArray();
            fits.add(new Fit(LinearRegression.olsLog1p(LOG_ERROR, design, km), errorExcluded));
            double[] y = new double[km.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.log1p(km[i]);
            }
            ridge = LinearRegression.ridge(LOG_ERROR, design, y, lambda);
        }
        return new Result(minLevelCount, lambda, features, skipped, fits, ridge, null);
    }

    private static RegressionFit logistic(String outcome, List<String> features, List<Map<String, String>> rows,
            List<Boolean> y, int minLevelCount) {
        if (rows.isEmpty()) {
            return empty(RegressionFit.Model.LOGISTIC, outcome);
        }
        boolean[] outcomes = new boolean[y.size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = y.get(i);
        }
        return LogisticRegression.fit(outcome, DesignMatrix.oneHot(features, rows, minLevelCount), outcomes);
    }

    private static RegressionFit empty(RegressionFit.Model model, String outcome) {
        return new RegressionFit(model, outcome, 0, 0, null, null, null, null, 0, false, List.of(), List.of(),
                List.of("no images to fit"));
    }

    /** The feature levels of one image. */
    private static Map<String, String> row(Image image, boolean landmark, Map<String, String> attributeNames) {
        Map<String, String> row = new HashMap<>();
        Map<String, String> scene = scene(image);
        scene.forEach((key, value) -> row.put(sceneName(key), value));
        if (landmark) {
            String type = scene.get("scene_type");
            row.put(LANDMARK, type == null ? null : type.contains("landmark") ? "yes" : "no");
        }
        Map<String, String> attributes = attributes(image);
        attributeNames.forEach((key, name) -> row.put(name, attributes.get(key)));
        return row;
    }

    private static String sceneName(String key) {
        return key.equals(LANDMARK) ? "scene." + LANDMARK : key;
    }

    /** The scene with blank values removed and the others trimmed and lower-cased. */
    private static Map<String, String> scene(Image image) {
        Map<String, String> scene = new HashMap<>();
        if (image.scene() != null) {
            image.scene().forEach((key, value) -> {
                if (key != null && !key.isBlank() && value != null && !value.isBlank()) {
                    scene.put(key, value.trim().toLowerCase(Locale.ROOT));
                }
            });
        }
        return scene;
    }

    private static Map<String, String> attributes(Image image) {
        Map<String, String> attributes = new HashMap<>();
        if (image.attributes() != null) {
            image.attributes().forEach((key, value) -> {
                if (key != null && !key.isBlank()) {
                    attributes.put(key, value);
                }
            });
        }
        return attributes;
    }
}
