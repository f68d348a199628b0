package io.placebench.analytics.domain;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * One image's answers across runs, for the drill-down: each run's score (what scoring made of the answer) merged
 * with its answer (what the model said: raw text, reasoning, errors). Either may be missing, since the two arrive on
 * different topics. Rules:
 * <ul>
 * <li>the location figures (predicted place, distance, score) come from the score; without one, the predicted
 * point is the answer's coordinates with no labels, and distance and score are null;</li>
 * <li>status, request attempt, tokens, cost and latency come from the side of the higher request attempt (the
 * other lags behind a retry), the answer on a tie; {@code answered} is the score's when the score is of that
 * attempt, else whether the answer is OK with coordinates;</li>
 * <li>what only the answer has (attempts, HTTP status, error, parsed answer, raw response, reasoning) is null
 * without it; confidence and scene are the score's, else the answer's;</li>
 * <li>provider, model, simulated and prompt come from the run, else from the answer or the score.</li>
 * </ul>
 */
public final class ImageAnswers {

    private ImageAnswers() {
    }

    /** A point with its reverse-geocoded labels; any part may be null. */
    public record Place(Double latitude, Double longitude, String continent, String countryCode, String country,
            String region, String regionCode, String city) {

        public static final Place NONE = new Place(null, null, null, null, null, null, null, null);
    }

    /** What the run's row says (all null when analytics has no row for the run). */
    public record RunLabel(String provider, String model, Boolean simulated, String promptId) {

        public static final RunLabel UNKNOWN = new RunLabel(null, null, null, null);
    }

    /** The image's score in one run. */
    public record Scored(String provider, String model, boolean simulated, String status, boolean answered,
            int requestAttempt, Place truth, Place predicted, Double distanceKm, Double geoguessrScore,
            Integer confidence, Map<String, Object> scene, long inputTokens, long outputTokens, BigDecimal costUsd,
            long latencyMs) {
    }

    /** The image's answer in one run ({@code answer}: the parsed GeoAnswer as a JSON object, or null). */
    public record Answered(String provider, String model, boolean simulated, String promptId, String status,
            int requestAttempt, int attempts, Integer httpStatus, String errorType, String error,
            Map<String, Object> answer, String rawResponse, boolean rawTruncated, String reasoning, long inputTokens,
            long outputTokens, long reasoningTokens, BigDecimal costUsd, long latencyMs) {
    }

    /** One run's entry of the drill-down. */
    public record Entry(String runId, String provider, String model, boolean simulated, String promptId,
            String status, boolean answered, int requestAttempt, Integer attempts, Integer httpStatus,
            String errorType, String error, Place predicted, Double distanceKm, Double geoguessrScore,
            Integer confidence, Map<String, Object> scene, Map<String, Object> answer, String rawResponse,
            boolean rawTruncated, String reasoning, long inputTokens, long outputTokens, Long reasoningTokens,
            BigDecimal costUsd, long latencyMs) {
    }

    /** The merged entry of one run; {@code scored} or {@code answered} may be null, not both. */
    public static Entry entry(String runId, RunLabel run, Scored scored, Answered answered) {
        if (scored == null && answered == null) {
            throw new IllegalArgumentException("run " + runId + " has neither a score nor an answer");
        }
        RunLabel label = run == null ? RunLabel.UNKNOWN : run;
        boolean answerIsLatest = scored == null
                || answered != null && answered.requestAttempt() >= scored.requestAttempt();
        boolean scoreIsCurrent = scored != null
                && (answered == null || scored.requestAttempt() >= answered.requestAttempt());
        String provider = first(label.provider(), answered == null ? null : answered.provider(),
                scored == null ? null : scored.provider());
        String model = first(label.model(), answered == null ? null : answered.model(),
                scored == null ? null : scored.model());
        boolean simulated = label.simulated() != null ? label.simulated()
                : answered != null ? answered.simulated() : scored.simulated();
        String promptId = first(label.promptId(), answered == null ? null : answered.promptId());
        boolean isAnswered = scoreIsCurrent ? scored.answered()
                : "OK".equals(answered.status()) && coordinates(answered.answer()) != null;
        Place predicted = scored != null ? scored.predicted() : answeredPoint(answered.answer());
        Integer confidence = scored != null && scored.confidence() != null ? scored.confidence()
                : answered == null ? null : integer(answered.answer(), "confidence");
        Map<String, Object> scene = scored != null && scored.scene() != null ? scored.scene()
                : answered == null ? null : object(answered.answer(), "scene");
        if (answerIsLatest) {
            return new Entry(runId, provider, model, simulated, promptId, answered.status(), isAnswered,
                    answered.requestAttempt(), answered.attempts(), answered.httpStatus(), answered.errorType(),
                    answered.error(), predicted, scored == null ? null : scored.distanceKm(),
                    scored == null ? null : scored.geoguessrScore(), confidence, scene, answered.answer(),
                    answered.rawResponse(), answered.rawTruncated(), answered.reasoning(), answered.inputTokens(),
                    answered.outputTokens(), answered.reasoningTokens(), answered.costUsd(), answered.latencyMs());
        }
        return new Entry(runId, provider, model, simulated, promptId, scored.status(), isAnswered,
                scored.requestAttempt(), answered == null ? null : answered.attempts(),
                answered == null ? null : answered.httpStatus(), answered == null ? null : answered.errorType(),
                answered == null ? null : answered.error(), predicted, scored.distanceKm(), scored.geoguessrScore(),
                confidence, scene, answered == null ? null : answered.answer(),
                answered == null ? null : answered.rawResponse(), answered != null && answered.rawTruncated(),
                answered == null ? null : answered.reasoning(), scored.inputTokens(), scored.outputTokens(), null,
                scored.costUsd(), scored.latencyMs());
    }

    /** The image's truth: that of the first score that has coordinates (every run shares it); null without one. */
    public static Place truth(Collection<Scored> scores) {
        for (Scored scored : scores) {
            if (scored != null && scored.truth() != null && scored.truth().latitude() != null
                    && scored.truth().longitude() != null) {
                return scored.truth();
            }
        }
        return null;
    }

    private static Place answeredPoint(Map<String, Object> answer) {
        double[] point = coordinates(answer);
        return point == null ? Place.NONE : new Place(point[0], point[1], null, null, null, null, null, null);
    }

    private static double[] coordinates(Map<String, Object> answer) {
        if (answer == null || !(answer.get("latitude") instanceof Number latitude)
                || !(answer.get("longitude") instanceof Number longitude)) {
            return null;
        }
        return new double[] {latitude.doubleValue(), longitude.doubleValue()};
    }

    private static Integer integer(Map<String, Object> answer, String key) {
        return answer != null && answer.get(key) instanceof Number n ? n.intValue() : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> answer, String key) {
        return answer != null && answer.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
