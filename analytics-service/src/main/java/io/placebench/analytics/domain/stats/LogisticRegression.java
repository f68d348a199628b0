package io.placebench.analytics.domain.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.exception.LocalizedCoreFormats;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * Logistic regression of a binary outcome (e.g. city correct, correct within 25 km) on a {@link DesignMatrix}, by
 * maximum likelihood.
 *
 * <h2>What is computed</h2>
 * <ul>
 * <li>Model: P(y = 1 | x) = 1 / (1 + exp(−x'β)); log-likelihood ℓ(β) = Σ [yᵢ·ηᵢ − log(1 + exp(ηᵢ))], ηᵢ = xᵢ'β.</li>
 * <li>Fit: Newton–Raphson (identical to IRLS for the logit link) from β = 0: β ← β + (X'WX)⁻¹X'(y − p) with
 * W = diag(pᵢ(1 − pᵢ)), the linear system solved by Cholesky. A step that lowers ℓ (by more than 1e-12
 * relative) is halved, up to 30 times (ℓ is concave, so this is only a safeguard). Converged when the largest
 * absolute change of a coefficient in a step is below {@link Options#tolerance()} (default 1e-8, statsmodels'
 * default; Newton converges quadratically, so the estimate is then far closer than that) within
 * {@link Options#maxIterations()} steps (default 50). Standard errors are evaluated at the final estimate.</li>
 * <li>Per term: estimate β̂ⱼ; standard error √[(X'WX)⁻¹]ⱼⱼ, the inverse Fisher information evaluated at β̂;
 * z = β̂ⱼ/SE; two-sided p = 2·Φ(−|z|); 95% Wald interval β̂ⱼ ± 1.959964·SE; odds ratio exp(β̂ⱼ) with interval
 * exp(low), exp(high). These are the figures of statsmodels' {@code Logit} (its {@code params}, {@code bse},
 * {@code tvalues}, {@code pvalues}, {@code conf_int()}).</li>
 * <li>Per fit: ℓ(β̂), AIC = 2k − 2ℓ(β̂) with k = the number of design columns (the intercept included).</li>
 * </ul>
 *
 * <h2>Separation</h2>
 * When a level (or combination of levels) predicts the outcome perfectly, the maximum likelihood estimate does not
 * exist: ℓ keeps rising while some coefficients run off to ±∞ (complete or quasi-complete separation; it also
 * happens when the outcome is constant). The fit stops and reports {@code converged = false} when any coefficient
 * exceeds {@link Options#divergenceBound()} in absolute value (default 30, an odds ratio beyond e³⁰ ≈ 10¹³), when
 * X'WX is no longer numerically positive definite (fitted probabilities at 0 or 1), or when the iterations run out.
 * Such a fit has a warning naming the terms whose last iterate exceeds 10 in absolute value (the diverging ones)
 * and every number set to null: the last iterate is not an estimate of anything. The remedy is the caller's (pool
 * or remove the named levels, or raise the minimum level count of the design).
 */
public final class LogisticRegression {

    /** Terms whose last iterate exceeds this in absolute value are named as diverging in the warning. */
    static final double DIVERGING_TERM = 10.0;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);
    private static final double Z_975 = STANDARD_NORMAL.inverseCumulativeProbability(0.975);

    private LogisticRegression() {
    }

    /**
     * Settings of the Newton iteration.
     *
     * @param maxIterations most Newton steps
     * @param tolerance converged when every coefficient changed by less than this in a step
     * @param divergenceBound a coefficient larger than this in absolute value means separation
     */
    public record Options(int maxIterations, double tolerance, double divergenceBound) {
        public static final Options DEFAULTS = new Options(50, 1e-8, 30.0);

        public Options {
            if (maxIterations < 1 || !(tolerance > 0) || !(divergenceBound > 0)) {
                throw new IllegalArgumentException("invalid options: " + maxIterations + ", " + tolerance + ", "
                        + divergenceBound);
            }
        }
    }

    /** {@link #fit(String, DesignMatrix, boolean[], Options)} with {@link Options#DEFAULTS}. */
    public static RegressionFit fit(String outcome, DesignMatrix design, boolean[] y) {
        return fit(outcome, design, y, Options.DEFAULTS);
    }

    /**
     * Fits the model by maximum likelihood; see the class comment for every figure.
     *
     * @param outcome name of the outcome, copied into the result
     * @param design the design (its row i belongs to y[i])
     * @param y the outcome per row, true = success
     * @throws IllegalArgumentException when y and the design differ in length
     */
    public static RegressionFit fit(String outcome, DesignMatrix design, boolean[] y, Options options) {
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(options, "options");
        int n = design.rowCount();
        int k = design.columnCount();
        if (y.length != n) {
            throw new IllegalArgumentException("outcome has " + y.length + " rows, design " + n);
        }
        double[][] x = design.toArray();

        double[] beta = new double[k];
        double ll = logLikelihood(x, y, beta);
        int iterations = 0;
        boolean converged = false;
        String failure = null;
        while (iterations < options.maxIterations()) {
            Information info = information(x, y, beta);
            double[] step;
            try {
                step = solver(info.hessian()).solve(MatrixUtils.createRealVector(info.gradient())).toArray();
            } catch (MathIllegalArgumentException e) {
                failure = "the information matrix X'WX became singular (fitted probabilities at 0 or 1)";
                break;
            }
            iterations++;
            double[] next = add(beta, step);
            double nextLl = logLikelihood(x, y, next);
            for (int halvings = 0; nextLl < ll - 1e-12 * Math.abs(ll) && halvings < 30; halvings++) {
                for (int j = 0; j < k; j++) {
                    step[j] /= 2;
                }
                next = add(beta, step);
                nextLl = logLikelihood(x, y, next);
            }
            beta = next;
            ll = nextLl;
            if (maxAbs(beta) > options.divergenceBound()) {
                failure = "a coefficient exceeded " + options.divergenceBound() + " in absolute value";
                break;
            }
            if (maxAbs(step) < options.tolerance()) {
                converged = true;
                break;
            }
        }
        if (!converged && failure == null) {
            failure = "no convergence within " + options.maxIterations() + " iterations";
        }

        DecompositionSolver covariance = null;
        if (converged) {
            try {
                covariance = solver(information(x, y, beta).hessian());
            } catch (MathIllegalArgumentException e) {
                converged = false;
                failure = "the information matrix X'WX is singular at the estimate";
            }
        }

        List<String> warnings = new ArrayList<>();
        List<RegressionFit.Term> terms = new ArrayList<>(k);
        if (!converged) {
            List<String> diverging = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                if (Math.abs(beta[j]) > DIVERGING_TERM) {
                    diverging.add(design.terms().get(j));
                }
                terms.add(new RegressionFit.Term(design.terms().get(j), null, null, null, null, null, null, null,
                        null, null));
            }
            warnings.add("not converged: " + failure + "; likely (quasi-)complete separation"
                    + (diverging.isEmpty() ? "" : ", diverging: " + String.join(", ", diverging))
                    + "; no estimates reported");
            return new RegressionFit(RegressionFit.Model.LOGISTIC, outcome, n, k, null, null, null, null,
                    iterations, false, terms, design.dropped(), warnings);
        }

        RealMatrix inverse = covariance.getInverse();
        for (int j = 0; j < k; j++) {
            double estimate = beta[j];
            double se = Math.sqrt(inverse.getEntry(j, j));
            double z = estimate / se;
            double p = 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z));
            double low = estimate - Z_975 * se;
            double high = estimate + Z_975 * se;
            terms.add(new RegressionFit.Term(design.terms().get(j), estimate, RegressionFit.finite(se),
                    RegressionFit.finite(z), RegressionFit.finite(p), RegressionFit.finite(low),
                    RegressionFit.finite(high), RegressionFit.finite(Math.exp(estimate)),
                    RegressionFit.finite(Math.exp(low)), RegressionFit.finite(Math.exp(high))));
        }
        double[] fitted = probabilities(x, beta);
        int extreme = 0;
        for (double p : fitted) {
            if (p < 1e-8 || p > 1 - 1e-8) {
                extreme++;
            }
        }
        if (extreme > 0) {
            warnings.add(extreme + " fitted probabilities are numerically 0 or 1");
        }
        return new RegressionFit(RegressionFit.Model.LOGISTIC, outcome, n, k, ll, 2.0 * k - 2.0 * ll, null, null,
                iterations, true, terms, design.dropped(), warnings);
    }

    private record Information(double[] gradient, RealMatrix hessian) {
    }

    /** Score X'(y − p) and information X'WX at beta. */
    private static Information information(double[][] x, boolean[] y, double[] beta) {
        int k = beta.length;
        double[] gradient = new double[k];
        double[][] h = new double[k][k];
        double[] p = probabilities(x, beta);
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            double residual = (y[i] ? 1.0 : 0.0) - p[i];
            double w = p[i] * (1 - p[i]);
            for (int a = 0; a < k; a++) {
                if (row[a] == 0) {
                    continue;
                }
                gradient[a] += row[a] * residual;
                double wa = w * row[a];
                for (int b = 0; b <= a; b++) {
                    h[a][b] += wa * row[b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < a; b++) {
                h[b][a] = h[a][b];
            }
        }
        return new Information(gradient, MatrixUtils.createRealMatrix(h));
    }

    /**
     * Cholesky solver of a symmetric information matrix; "not positive definite" relative to its largest diagonal
     * entry (the default absolute threshold would reject a valid matrix of tiny weights and accept a singular one of
     * large weights).
     */
    private static DecompositionSolver solver(RealMatrix h) {
        double maxDiagonal = 0;
        for (int j = 0; j < h.getRowDimension(); j++) {
            maxDiagonal = Math.max(maxDiagonal, h.getEntry(j, j));
        }
        if (!(maxDiagonal > 0) || !Double.isFinite(maxDiagonal)) {
            throw new MathIllegalArgumentException(LocalizedCoreFormats.NOT_POSITIVE_DEFINITE_MATRIX);
        }
        return new CholeskyDecomposition(h, CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD,
                1e-12 * maxDiagonal).getSolver();
    }

    private static double[] probabilities(double[][] x, double[] beta) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double eta = dot(x[i], beta);
            p[i] = 1.0 / (1.0 + Math.exp(-eta));
        }
        return p;
    }

    /** Σ yᵢηᵢ − log(1 + e^ηᵢ), with log(1 + e^η) evaluated without overflow. */
    private static double logLikelihood(double[][] x, boolean[] y, double[] beta) {
        double ll = 0;
        for (int i = 0; i < x.length; i++) {
            double eta = dot(x[i], beta);
            double log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
            ll += (y[i] ? eta : 0.0) - log1pExp;
        }
        return ll;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            c[j] = a[j] + b[j];
        }
        return c;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
