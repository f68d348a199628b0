#!/usr/bin/env python3
"""Reference values for the analytics regressions (LogisticRegression, LinearRegression, DesignMatrix).

Run once, by hand, and check the output in; the Java tests only read reference.json:

    /usr/bin/python3 make_reference.py > reference.json

Made with Debian's python3-statsmodels 0.13.5 and python3-numpy 1.24.2 (`apt-get install -y python3-statsmodels`);
the versions used are written into the output.

What it writes:
  * "main": 300 deterministic rows of three categorical features (environment, scene_type, lighting) with a
    missing value in some lighting rows and two rare scene types, plus three outcomes generated from known
    effects (city_correct and acc25 as 0/1, error_km as kilometres). The raw rows go into the file, not only the
    matrix, so the Java side builds its own design and is checked against the term names below.
  * The design, built with the same rule as DesignMatrix.oneHot (minimum level count 5):
      - a missing value (None) is its own level "(missing)";
      - levels with fewer than 5 rows are pooled into "(other)"; if "(other)" still has fewer than 5 rows it is
        merged into the reference level instead;
      - reference level = the most frequent remaining level, ties broken by the alphabetically first name
        (code-point order, as Java's String.compareTo);
      - columns: "(intercept)", then per feature (in the given order) one 0/1 column "feature=level" per
        non-reference level in alphabetical order.
  * sm.Logit fits (Newton, tol 1e-12) of city_correct and acc25, sm.OLS of log1p(error_km): params, bse,
    z/t values, p-values, 95% conf_int, llf, aic (and rsquared, rsquared_adj for OLS).
  * Ridge: closed form (X'X + lambda*D)^-1 X'y with D = identity except D[0,0] = 0 (the intercept is not
    penalised), no standardisation, for two lambdas. statsmodels' OLS.fit_regularized(L1_wt=0) is not used: it
    minimises RSS/(2n) + alpha/2 * ||b||^2 (penalty scaled by n and applied to the intercept too), a different
    problem.
  * "separation": a completely separated data set (landmark=yes <=> correct) and a quasi-completely separated one
    (every scene_type=street row correct); what statsmodels did with them is recorded as text.
"""
import json
import sys
import warnings

import numpy as np
import statsmodels
import statsmodels.api as sm

SEED = 20261109
N = 300
MIN_COUNT = 5
MISSING = "(missing)"
OTHER = "(other)"
INTERCEPT = "(intercept)"
FEATURES = ["environment", "scene_type", "lighting"]


def levels_of(values, min_count):
    """Returns (mapped values, reference, non-reference levels) following DesignMatrix.oneHot's rule."""
    vals = [MISSING if v is None else v for v in values]
    counts = {}
    for v in vals:
        counts[v] = counts.get(v, 0) + 1
    rare = {lvl for lvl, c in counts.items() if c < min_count}
    vals = [OTHER if v in rare else v for v in vals]
    counts = {}
    for v in vals:
        counts[v] = counts.get(v, 0) + 1
    other_too_small = OTHER in counts and counts[OTHER] < min_count and len(counts) > 1
    candidates = {lvl: c for lvl, c in counts.items() if not (other_too_small and lvl == OTHER)}
    reference = sorted(candidates, key=lambda lvl: (-candidates[lvl], lvl))[0]
    if other_too_small:
        vals = [reference if v == OTHER else v for v in vals]
    levels = sorted(lvl for lvl in set(vals) if lvl != reference)
    return vals, reference, levels


def design(rows, features, min_count):
    names = [INTERCEPT]
    cols = [np.ones(len(rows))]
    references = {}
    for f_idx, f in enumerate(features):
        vals, ref, levels = levels_of([r[f_idx] for r in rows], min_count)
        references[f] = ref
        for lvl in levels:
            names.append(f"{f}={lvl}")
            cols.append(np.array([1.0 if v == lvl else 0.0 for v in vals]))
    x = np.column_stack(cols)
    assert np.linalg.matrix_rank(x) == x.shape[1], "reference design must be full rank"
    return names, x, references


def main_rows(rng):
    environment = rng.choice(["outdoor", "indoor"], size=N, p=[0.7, 0.3]).astype(object)
    scene_type = rng.choice(["street", "nature", "building", "water"], size=N,
                            p=[0.4, 0.25, 0.2, 0.15]).astype(object)
    rare = rng.choice(N, 7, replace=False)
    scene_type[rare[:3]] = "cave"
    scene_type[rare[3:]] = "desert"
    lighting = rng.choice(["day", "night", "dusk"], size=N, p=[0.6, 0.25, 0.15]).astype(object)
    lighting[rng.choice(N, 12, replace=False)] = None
    return [[environment[i], scene_type[i], lighting[i]] for i in range(N)]


def effects(rows, intercept, env, scene, light):
    out = np.empty(len(rows))
    for i, (e, s, l) in enumerate(rows):
        out[i] = intercept + env.get(e, 0.0) + scene.get(s, 0.0) + light.get(MISSING if l is None else l, 0.0)
    return out


def logit_result(name, y, x, terms):
    res = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    assert res.mle_retvals["converged"], (name, res.mle_retvals, res.params.tolist())
    ci = res.conf_int(0.05)
    return {
        "outcome": name, "terms": terms, "nobs": int(res.nobs),
        "params": res.params.tolist(), "bse": res.bse.tolist(), "z": res.tvalues.tolist(),
        "p": res.pvalues.tolist(), "low": ci[:, 0].tolist(), "high": ci[:, 1].tolist(),
        "llf": float(res.llf), "aic": float(res.aic), "iterations": int(res.mle_retvals["iterations"]),
    }


def ols_result(name, y, x, terms):
    res = sm.OLS(y, x).fit()
    ci = res.conf_int(0.05)
    return {
        "outcome": name, "terms": terms, "nobs": int(res.nobs), "df_resid": float(res.df_resid),
        "params": res.params.tolist(), "bse": res.bse.tolist(), "t": res.tvalues.tolist(),
        "p": res.pvalues.tolist(), "low": ci[:, 0].tolist(), "high": ci[:, 1].tolist(),
        "llf": float(res.llf), "aic": float(res.aic),
        "rsquared": float(res.rsquared), "rsquared_adj": float(res.rsquared_adj),
    }


def ridge(y, x, lam):
    d = np.eye(x.shape[1])
    d[0, 0] = 0.0
    return np.linalg.solve(x.T @ x + lam * d, x.T @ y).tolist()


def statsmodels_on(y, x):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = sm.Logit(y, x).fit(method="newton", maxiter=35, disp=0)
            text = (f"converged={res.mle_retvals['converged']} params={np.round(res.params, 3).tolist()}"
                    f" bse={np.round(res.bse, 1).tolist()}")
        except Exception as e:  # PerfectSeparationError in statsmodels 0.13
            text = f"{type(e).__name__}: {e}"
    text += "".join(f"; {w.category.__name__}: {w.message}" for w in caught)
    return text


def main():
    rng = np.random.RandomState(SEED)
    rows = main_rows(rng)
    terms, x, references = design(rows, FEATURES, MIN_COUNT)

    eta_city = effects(rows, 0.3, {"indoor": -0.8},
                       {"nature": -1.0, "building": 0.5, "water": -0.6, "cave": -0.3, "desert": -0.3},
                       {"night": -0.9, "dusk": -0.4, MISSING: 0.2})
    eta_acc = effects(rows, 1.1, {"indoor": -0.5},
                      {"nature": -0.7, "building": 0.4, "water": -0.8, "cave": -0.9, "desert": -0.9},
                      {"night": -0.6, "dusk": -0.2, MISSING: 0.0})
    city = (rng.uniform(size=N) < 1 / (1 + np.exp(-eta_city))).astype(int)
    acc25 = (rng.uniform(size=N) < 1 / (1 + np.exp(-eta_acc))).astype(int)
    mean_log = effects(rows, 3.0, {"indoor": 0.6},
                       {"nature": 1.2, "building": -0.4, "water": 0.9, "cave": 0.5, "desert": 0.5},
                       {"night": 0.8, "dusk": 0.3, MISSING: -0.2})
    error_km = np.expm1(np.clip(mean_log + rng.normal(0.0, 1.0, size=N), 0.0, None))
    log_err = np.log1p(error_km)

    complete_rows = [["yes"] if i % 2 == 0 else ["no"] for i in range(20)]
    complete_y = [1 if r[0] == "yes" else 0 for r in complete_rows]
    c_terms, c_x, _ = design(complete_rows, ["landmark"], MIN_COUNT)
    quasi_rows = [[["street", "nature", "water"][i % 3]] for i in range(30)]
    quasi_y = [1 if r[0] == "street" else (1 if (i // 3) % 2 == 0 else 0) for i, r in enumerate(quasi_rows)]
    q_terms, q_x, _ = design(quasi_rows, ["scene_type"], MIN_COUNT)

    out = {
        "generator": "make_reference.py",
        "python": sys.version.split()[0], "statsmodels": statsmodels.__version__, "numpy": np.__version__,
        "seed": SEED, "minLevelCount": MIN_COUNT,
        "main": {
            "features": FEATURES, "rows": rows,
            "outcomes": {"city_correct": city.tolist(), "acc25": acc25.tolist(), "error_km": error_km.tolist()},
            "design": {"terms": terms, "references": references},
            "logit": [logit_result("city_correct", city, x, terms), logit_result("acc25", acc25, x, terms)],
            "ols": ols_result("log1p_error_km", log_err, x, terms),
            "ridge": [{"lambda": lam, "terms": terms, "params": ridge(log_err, x, lam)} for lam in (5.0, 50.0)],
        },
        "separation": {
            "complete": {"features": ["landmark"], "rows": complete_rows, "outcome": complete_y,
                         "terms": c_terms, "statsmodels": statsmodels_on(np.array(complete_y), c_x)},
            "quasi": {"features": ["scene_type"], "rows": quasi_rows, "outcome": quasi_y,
                      "terms": q_terms, "separatedTerm": "scene_type=street",
                      "statsmodels": statsmodels_on(np.array(quasi_y), q_x)},
        },
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
