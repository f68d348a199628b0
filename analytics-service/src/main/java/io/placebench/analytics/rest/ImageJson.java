package io.placebench.analytics.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.placebench.analytics.domain.ImageAnswers;
import io.placebench.analytics.repository.AnswerQueries;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the image drill-down ({@code GET /api/datasets/{datasetId}/images/{imageId}}) and of a run's
 * image list ({@code GET /api/runs/{runId}/images}); field order as documented in the README.
 */
public final class ImageJson {

    private ImageJson() {
    }

    @JsonPropertyOrder({"datasetId", "imageId", "truth", "datasetTruth", "attributes", "answers"})
    public record ImageBody(String datasetId, String imageId, PlaceBody truth, DatasetTruthBody datasetTruth,
            Map<String, Object> attributes, List<AnswerBody> answers) {

        static ImageBody of(String datasetId, String imageId, AnswerQueries.ImageDetail detail) {
            ImageAnswers.Place truth = ImageAnswers.truth(detail.runs().stream()
                    .map(AnswerQueries.RunAnswer::scored).toList());
            var dataset = detail.datasetTruth();
            return new ImageBody(datasetId, imageId, PlaceBody.of(truth),
                    dataset == null ? null : new DatasetTruthBody(dataset.city(), dataset.admin1(), dataset.country()),
                    detail.attributes() == null ? Map.of() : detail.attributes(),
                    detail.runs().stream().map(run -> AnswerBody.of(ImageAnswers.entry(run.runId(), run.run(),
                            run.scored(), run.answered()))).toList());
        }
    }

    /** A point and its reverse-geocoded labels (truth or predicted). */
    @JsonPropertyOrder({"latitude", "longitude", "continent", "countryCode", "country", "region", "regionCode",
            "city"})
    public record PlaceBody(Double latitude, Double longitude, String continent, String countryCode, String country,
            String region, String regionCode, String city) {

        static PlaceBody of(ImageAnswers.Place place) {
            return place == null ? null : new PlaceBody(place.latitude(), place.longitude(), place.continent(),
                    place.countryCode(), place.country(), place.region(), place.regionCode(), place.city());
        }
    }

    /** The dataset's own labels of the image. */
    @JsonPropertyOrder({"city", "admin1", "country"})
    public record DatasetTruthBody(String city, String admin1, String country) {
    }

    /** One run's answer to the image, as scored. */
    @JsonPropertyOrder({"runId", "provider", "model", "simulated", "promptId", "status", "answered", "requestAttempt",
            "attempts", "httpStatus", "errorType", "error", "predicted", "distanceKm", "geoguessrScore", "confidence",
            "scene", "answer", "rawResponse", "rawTruncated", "reasoning", "inputTokens", "outputTokens",
            "reasoningTokens", "costUsd", "latencyMs"})
    public record AnswerBody(String runId, String provider, String model, boolean simulated, String promptId,
            String status, boolean answered, int requestAttempt, Integer attempts, Integer httpStatus,
            String errorType, String error, PlaceBody predicted, Double distanceKm, Double geoguessrScore,
            Integer confidence, Map<String, Object> scene, Map<String, Object> answer, String rawResponse,
            boolean rawTruncated, String reasoning, long inputTokens, long outputTokens, Long reasoningTokens,
            BigDecimal costUsd, long latencyMs) {

        static AnswerBody of(ImageAnswers.Entry e) {
            return new AnswerBody(e.runId(), e.provider(), e.model(), e.simulated(), e.promptId(), e.status(),
                    e.answered(), e.requestAttempt(), e.attempts(), e.httpStatus(), e.errorType(), e.error(),
                    PlaceBody.of(e.predicted()), e.distanceKm(), e.geoguessrScore(), e.confidence(), e.scene(),
                    e.answer(), e.rawResponse(), e.rawTruncated(), e.reasoning(), e.inputTokens(), e.outputTokens(),
                    e.reasoningTokens(), Json.money(e.costUsd()), e.latencyMs());
        }
    }

    @JsonPropertyOrder({"runId", "total", "offset", "limit", "images"})
    public record RunImagesBody(String runId, long total, int offset, int limit, List<RunImageRow> images) {
    }

    @JsonPropertyOrder({"imageId", "status", "answered", "truthCountryCode", "truthCountry", "predCountryCode",
            "distanceKm", "geoguessrScore", "costUsd"})
    public record RunImageRow(String imageId, String status, boolean answered, String truthCountryCode,
            String truthCountry, String predCountryCode, Double distanceKm, Double geoguessrScore,
            BigDecimal costUsd) {

        static RunImageRow of(AnswerQueries.ListedImage image) {
            return new RunImageRow(image.imageId(), image.status(), image.answered(), image.truthCountryCode(),
                    image.truthCountry(), image.predCountryCode(), image.distanceKm(), image.geoguessrScore(),
                    Json.money(image.costUsd()));
        }
    }
}
