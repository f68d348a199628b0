package io.placebench.analytics.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.placebench.analytics.domain.ConfidenceCalibration;
import io.placebench.analytics.domain.PointDiversity;
import io.placebench.analytics.domain.RegionTable;
import io.placebench.analytics.domain.stats.Calibration;
import io.placebench.analytics.domain.stats.ChiSquareIndependence;
import io.placebench.analytics.domain.stats.Disparity;
import io.placebench.analytics.domain.stats.Proportion;
import io.placebench.analytics.domain.stats.SpatialDiversity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of {@code /api/runs/{runId}/regions}, {@code /calibration} and {@code /diversity} (field
 * order as documented in the README; figures defined in docs/metrics.md, "Regions, calibration, diversity").
 */
public final class PlaceAnalysesJson {

    private PlaceAnalysesJson() {
    }

    @JsonPropertyOrder({"runId", "level", "minN", "n", "groups", "unlabelled", "disparity", "chiSquare",
            "overPrediction", "entropy"})
    public record RegionsBody(String runId, String level, int minN, long n, List<GroupBody> groups,
            GroupBody unlabelled, Map<String, DisparityBody> disparity, ChiSquareBody chiSquare,
            RegionTable.OverPrediction overPrediction, RegionTable.Entropies entropy) {

        static RegionsBody of(String runId, RegionTable.Result r) {
            Map<String, DisparityBody> disparity = new LinkedHashMap<>();
            r.disparity().forEach((figure, d) -> disparity.put(figure, DisparityBody.of(d)));
            return new RegionsBody(runId, r.level().label(), r.minN(), r.n(),
                    r.groups().stream().map(GroupBody::of).toList(),
                    r.unlabelled() == null ? null : GroupBody.of(r.unlabelled()), disparity,
                    ChiSquareBody.of(r.chiSquare()), r.overPrediction(), r.entropy());
        }
    }

    @JsonPropertyOrder({"group", "name", "n", "answered", "acc25km", "acc200km", "acc750km", "acc2500km", "country",
            "continent", "medianErrorKm"})
    public record GroupBody(String group, String name, long n, long answered, Proportion acc25km,
            Proportion acc200km, Proportion acc750km, Proportion acc2500km, Proportion country, Proportion continent,
            Double medianErrorKm) {

        static GroupBody of(RegionTable.Group g) {
            return new GroupBody(g.group(), g.name(), g.n(), g.answered(), g.acc25km(), g.acc200km(), g.acc750km(),
                    g.acc2500km(), g.country(), g.continent(), g.medianErrorKm());
        }
    }

    /** A group named with its accuracy. */
    public record ExtremeBody(String group, double accuracy) {
        static ExtremeBody of(Disparity.Extreme e) {
            return e == null ? null : new ExtremeBody(e.id(), e.accuracy());
        }
    }

    @JsonPropertyOrder({"best", "worst", "gap", "ratio", "gini", "worstGroupAccuracy", "minN", "groupsCounted",
            "groupsExcluded", "excluded"})
    public record DisparityBody(ExtremeBody best, ExtremeBody worst, Double gap, Double ratio, Double gini,
            Double worstGroupAccuracy, int minN, int groupsCounted, int groupsExcluded, List<String> excluded) {

        static DisparityBody of(Disparity.Result d) {
            return new DisparityBody(ExtremeBody.of(d.best()), ExtremeBody.of(d.worst()), d.gap(), d.ratio(),
                    d.gini(), d.worstGroupAccuracy(), d.minN(), d.groupsCounted(), d.groupsExcluded(), d.excluded());
        }
    }

    /** The test of country-match correctness × truth continent; dropped rows/columns named by their labels. */
    @JsonPropertyOrder({"outcome", "by", "statistic", "df", "p", "total", "rows", "columns", "table",
            "droppedRows", "droppedColumns", "cellsExpectedBelow5", "sparse"})
    public record ChiSquareBody(String outcome, String by, Double statistic, int df, Double p, long total,
            List<String> rows, List<String> columns, long[][] table, List<String> droppedRows,
            List<String> droppedColumns, int cellsExpectedBelow5, boolean sparse) {

        static ChiSquareBody of(RegionTable.ChiSquare c) {
            ChiSquareIndependence.Result t = c.test();
            return new ChiSquareBody("country match", "truth continent", t.statistic(), t.df(), t.p(), t.total(),
                    c.rows(), c.columns(), c.table(), t.droppedRows().stream().map(c.rows()::get).toList(),
                    t.droppedColumns().stream().map(c.columns()::get).toList(), t.cellsExpectedBelow5(),
                    t.sparse());
        }
    }

    @JsonPropertyOrder({"runId", "correct", "n", "withConfidence", "withoutConfidence", "levels", "spearman",
            "ece"})
    public record CalibrationBody(String runId, String correct, long n, long withConfidence, long withoutConfidence,
            List<Calibration.Level> levels, SpearmanBody spearman, Double ece) {

        static CalibrationBody of(String runId, ConfidenceCalibration.Result r) {
            Calibration.Result c = r.calibration();
            return new CalibrationBody(runId, "distance < 25 km", r.n(), c.withConfidence(), c.withoutConfidence(),
                    c.levels(), new SpearmanBody(c.spearmanRho(), c.spearmanP(), c.spearmanN()), c.ece());
        }
    }

    /** Spearman's ρ between confidence and error km, its two-sided p and the pairs it was computed over. */
    public record SpearmanBody(Double rho, Double p, int n) {
    }

    @JsonPropertyOrder({"runId", "images", "answered", "points", "predicted", "truth"})
    public record DiversityBody(String runId, long images, long answered, int points,
            SpatialDiversity.Result predicted, SpatialDiversity.Result truth) {

        static DiversityBody of(String runId, PointDiversity.Result r) {
            return new DiversityBody(runId, r.images(), r.answered(), r.points(), r.predicted(), r.truth());
        }
    }
}
