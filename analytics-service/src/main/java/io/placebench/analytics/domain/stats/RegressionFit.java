package io.placebench.analytics.domain.stats;

import java.util.List;

/**
 * One fitted regression, shaped for {@code GET /api/runs/{runId}/regression}: per fit {@code outcome}, {@code n},
 * {@code logLikelihood}, {@code aic} and {@code terms}. Made by {@link LogisticRegression#fit} and
 * {@link LinearRegression#ols}; ridge fits are a {@link RidgeFit}.
 *
 * <p>Every number that could not be computed (a fit that did not converge, a perfect linear fit) is {@code null}
 * rather than NaN or infinite, so the record serialises to valid JSON.
 *
 * @param model LOGISTIC (maximum likelihood, Wald inference) or LINEAR (ordinary least squares, t inference)
 * @param outcome name of the outcome, e.g. {@code city_correct}, {@code acc25}, {@code log1p_error_km}
 * @param n rows used
 * @param parameters k, the number of estimated coefficients, the intercept included (columns of the design)
 * @param logLikelihood maximised log-likelihood (logistic: Bernoulli; linear: Gaussian with the maximum-likelihood
 *        variance RSS/n, as statsmodels' OLS {@code llf}); null when not converged
 * @param aic 2k − 2·logLikelihood; null when logLikelihood is
 * @param rSquared linear only: 1 − RSS/TSS, TSS about the mean; null for logistic
 * @param adjustedRSquared linear only: 1 − (1 − R²)(n − 1)/(n − k); null for logistic
 * @param iterations Newton steps taken (logistic); 0 for the closed-form linear fit
 * @param converged logistic: the Newton iteration met its tolerance with finite coefficients; linear: the
 *        estimates and their standard errors exist (n &gt; k)
 * @param terms one per design column, in design order (the intercept first)
 * @param dropped levels, features and columns of the design that have no coefficient, and why
 * @param warnings human-readable problems (separation, non-convergence, too few rows); empty when none
 */
public record RegressionFit(
        Model model,
        String outcome,
        int n,
        int parameters,
        Double logLikelihood,
        Double aic,
        Double rSquared,
        Double adjustedRSquared,
        int iterations,
        boolean converged,
        List<Term> terms,
        List<DesignMatrix.Dropped> dropped,
        List<String> warnings) {

    public RegressionFit {
        terms = List.copyOf(terms);
        dropped = List.copyOf(dropped);
        warnings = List.copyOf(warnings);
    }

    /** The kind of model. */
    public enum Model {
        LOGISTIC, LINEAR
    }

    /**
     * One coefficient.
     *
     * @param term design column name, {@code (intercept)} or {@code feature=level}
     * @param estimate the coefficient (logistic: change in log-odds against the reference level; linear: change in
     *        the outcome's mean); null when the logistic fit did not converge
     * @param stdError standard error: logistic, square root of the diagonal of the inverse Fisher information
     *        (X'WX)⁻¹ at the estimate; linear, of σ̂²(X'X)⁻¹ with σ̂² = RSS/(n − k)
     * @param statistic estimate / stdError: z (logistic) or t (linear)
     * @param p two-sided p-value of estimate = 0: standard normal (logistic) or Student t with n − k degrees of
     *        freedom (linear)
     * @param low lower end of the 95% interval: estimate − q·stdError, q the 0.975 quantile of the same
     *        distribution as p (Wald interval for logistic)
     * @param high upper end of the 95% interval: estimate + q·stdError
     * @param oddsRatio logistic only: exp(estimate); null for linear
     * @param oddsRatioLow logistic only: exp(low)
     * @param oddsRatioHigh logistic only: exp(high)
     */
    public record Term(
            String term,
            Double estimate,
            Double stdError,
            Double statistic,
            Double p,
            Double low,
            Double high,
            Double oddsRatio,
            Double oddsRatioLow,
            Double oddsRatioHigh) {
    }

    /**
     * A ridge fit: point estimates only (see {@link LinearRegression#ridge}).
     *
     * @param outcome name of the outcome
     * @param n rows used
     * @param lambda the L2 penalty λ on every coefficient but the intercept
     * @param terms one per design column, in design order
     * @param dropped levels, features and columns of the design that have no coefficient, and why
     */
    public record RidgeFit(String outcome, int n, double lambda, List<RidgeTerm> terms,
            List<DesignMatrix.Dropped> dropped) {
        public RidgeFit {
            terms = List.copyOf(terms);
            dropped = List.copyOf(dropped);
        }
    }

    /** A ridge coefficient: the penalised estimate, without standard error or p-value. */
    public record RidgeTerm(String term, double estimate) {
    }

    /** The term named {@code name}, if the fit has it. */
    public java.util.Optional<Term> term(String name) {
        return terms.stream().filter(t -> t.term().equals(name)).findFirst();
    }

    /** {@code value} when finite, otherwise null (for JSON). */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
