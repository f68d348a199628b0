package io.placebench.analytics.domain.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.stat.regression.OLSMultipleLinearRegression;

/**
 * Linear regressions on a {@link DesignMatrix}, meant for log1p(error in km) (the log keeps a handful of
 * antipodal guesses from dominating the fit; log1p keeps 0 km at 0).
 *
 * <h2>Ordinary least squares ({@link #ols})</h2>
 * β̂ = argmin ‖y − Xβ‖² (Hipparchus {@link OLSMultipleLinearRegression}, QR based, on the design as given, whose
 * first column is the intercept), with n rows and k columns:
 * <ul>
 * <li>σ̂² = RSS/(n − k); SE(β̂ⱼ) = √[σ̂²(X'X)⁻¹]ⱼⱼ; t = β̂ⱼ/SE; two-sided p = 2·T_{n−k}(−|t|); 95% interval
 * β̂ⱼ ± t_{n−k, 0.975}·SE;</li>
 * <li>R² = 1 − RSS/TSS with TSS = Σ(yᵢ − ȳ)²; adjusted R² = 1 − (1 − R²)(n − 1)/(n − k);</li>
 * <li>log-likelihood of the Gaussian model at the maximum-likelihood variance RSS/n:
 * ℓ = −n/2·(log(2π) + log(RSS/n) + 1); AIC = 2k − 2ℓ (k counts the intercept; the variance is not counted).
 * Both as statsmodels' {@code OLS} ({@code llf}, {@code aic}), as are the other figures ({@code params},
 * {@code bse}, {@code tvalues}, {@code pvalues}, {@code conf_int()}, {@code rsquared}, {@code rsquared_adj}).</li>
 * </ul>
 * With n ≤ k there are no residual degrees of freedom: the fit has {@code converged = false}, a warning and null
 * figures. A perfect fit (RSS = 0) leaves ℓ, AIC and the inference null.
 *
 * <h2>Ridge ({@link #ridge})</h2>
 * β̂ = argmin ‖y − Xβ‖² + λ·Σ_{j≥1} βⱼ² = (X'X + λD)⁻¹X'y with D the identity except D₀₀ = 0: every coefficient but
 * the intercept is penalised, and not divided by n (statsmodels' {@code fit_regularized(L1_wt=0)} minimises
 * RSS/(2n) + α/2·‖β‖² over all coefficients, intercept included: a different scaling). The columns are
 * <b>not standardised</b>: 0/1 dummies are already on one scale (a coefficient is the shift of the outcome for
 * membership in a level), and without standardisation the penalty shrinks a level with few rows more than a level
 * with many, which is the point of using it on sparse levels. Only coefficients are returned: ridge estimates are
 * biased towards 0 by an amount that depends on the unknown coefficients, so the usual standard errors would
 * describe the spread around the wrong centre and give intervals and p-values without their nominal coverage (and
 * λ chosen from the same data would invalidate them further).
 */
public final class LinearRegression {

    private LinearRegression() {
    }

    /**
     * OLS of log1p(error km) per row: {@link #ols} of {@code Math.log1p(errorKm[i])}.
     *
     * @throws IllegalArgumentException for a negative or non-finite distance
     */
    public static RegressionFit olsLog1p(String outcome, DesignMatrix design, double[] errorKm) {
        double[] y = new double[errorKm.length];
        for (int i = 0; i < y.length; i++) {
            if (!(errorKm[i] >= 0) || !Double.isFinite(errorKm[i])) {
                throw new IllegalArgumentException("error km must be finite and >= 0 at row " + i + ": "
                        + errorKm[i]);
            }
            y[i] = Math.log1p(errorKm[i]);
        }
        return ols(outcome, design, y);
    }

    /**
     * Ordinary least squares of {@code y} on the design; see the class comment for every figure.
     *
     * @throws IllegalArgumentException when y and the design differ in length or y has a non-finite value
     */
    public static RegressionFit ols(String outcome, DesignMatrix design, double[] y) {
        Objects.requireNonNull(design, "design");
        int n = design.rowCount();
        int k = design.columnCount();
        checkOutcome(design, y);
        List<RegressionFit.Term> terms = new ArrayList<>(k);
        if (n <= k) {
            for (String term : design.terms()) {
                terms.add(new RegressionFit.Term(term, null, null, null, null, null, null, null, null, null));
            }
            return new RegressionFit(RegressionFit.Model.LINEAR, outcome, n, k, null, null, null, null, 0, false,
                    terms, design.dropped(), List.of("only " + n + " rows for " + k + " coefficients"));
        }

        OLSMultipleLinearRegression regression = new OLSMultipleLinearRegression();
        regression.setNoIntercept(true); // the design carries its own intercept column
        regression.newSampleData(y.clone(), design.toArray());
        double[] beta = regression.estimateRegressionParameters();
        double rss = regression.calculateResidualSumOfSquares();
        double df = n - k;
        double sigma2 = rss / df;
        double[][] unscaled = regression.estimateRegressionParametersVariance(); // (X'X)^-1

        TDistribution t = new TDistribution(df, 1e-14);
        double q = t.inverseCumulativeProbability(0.975);
        for (int j = 0; j < k; j++) {
            double se = Math.sqrt(sigma2 * unscaled[j][j]);
            double statistic = beta[j] / se;
            double p = 2 * t.cumulativeProbability(-Math.abs(statistic));
            terms.add(new RegressionFit.Term(design.terms().get(j), beta[j], RegressionFit.finite(se),
                    RegressionFit.finite(statistic), RegressionFit.finite(p), RegressionFit.finite(beta[j] - q * se),
                    RegressionFit.finite(beta[j] + q * se), null, null, null));
        }

        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double tss = 0;
        for (double v : y) {
            tss += (v - mean) * (v - mean);
        }
        double r2 = 1 - rss / tss;
        double adjusted = 1 - (1 - r2) * (n - 1) / df;
        double ll = -n / 2.0 * (Math.log(2 * Math.PI) + Math.log(rss / n) + 1);
        List<String> warnings = new ArrayList<>();
        if (!(rss > 0)) {
            warnings.add("perfect fit (residual sum of squares 0): no inference");
        }
        return new RegressionFit(RegressionFit.Model.LINEAR, outcome, n, k, RegressionFit.finite(ll),
                RegressionFit.finite(2.0 * k - 2 * ll), RegressionFit.finite(r2), RegressionFit.finite(adjusted), 0,
                true, terms, design.dropped(), warnings);
    }

    /**
     * Ridge regression of {@code y} on the design with penalty {@code lambda} on every coefficient but the
     * intercept (first column), no standardisation; coefficients only. See the class comment.
     *
     * @param lambda λ ≥ 0 (0 gives the OLS estimates)
     * @throws IllegalArgumentException for a negative or non-finite λ, a length mismatch or a non-finite y
     */
    public static RegressionFit.RidgeFit ridge(String outcome, DesignMatrix design, double[] y, double lambda) {
        Objects.requireNonNull(design, "design");
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0: " + lambda);
        }
        checkOutcome(design, y);
        RealMatrix x = design.toMatrix();
        RealMatrix gram = x.transposeMultiply(x);
        for (int j = 1; j < gram.getColumnDimension(); j++) {
            gram.addToEntry(j, j, lambda);
        }
        double[] beta = new CholeskyDecomposition(gram, CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD,
                0.0).getSolver().solve(x.transpose().operate(MatrixUtils.createRealVector(y))).toArray();
        List<RegressionFit.RidgeTerm> terms = new ArrayList<>(beta.length);
        for (int j = 0; j < beta.length; j++) {
            terms.add(new RegressionFit.RidgeTerm(design.terms().get(j), beta[j]));
        }
        return new RegressionFit.RidgeFit(outcome, design.rowCount(), lambda, terms, design.dropped());
    }

    private static void checkOutcome(DesignMatrix design, double[] y) {
        if (y.length != design.rowCount()) {
            throw new IllegalArgumentException("outcome has " + y.length + " rows, design " + design.rowCount());
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("outcome not finite at row " + i + ": " + y[i]);
            }
        }
    }
}
