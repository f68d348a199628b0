#!/usr/bin/env python3
"""Reference values for the statistics layer of analytics-service (io.placebench.analytics.domain.stats).

Every expected number in reference.json comes from scipy / statsmodels / numpy, never from our own formulas.
The inputs are small, deterministic and written here; the Java tests (…/domain/stats/*Test.java) read
reference.json and compare.

Made with: Python 3.11, scipy 1.17.1, statsmodels 0.15.0 (pip), numpy 2.4.
Run from this directory:  python3 make_reference.py   (rewrites reference.json next to this script)
"""
import json
import os

import numpy as np
import scipy
import scipy.stats as st
import statsmodels
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint


def f(x):
    """float for JSON; None for nan."""
    x = float(x)
    return None if np.isnan(x) else x


out = {
    "generator": "make_reference.py",
    "versions": {"python_scipy": scipy.__version__, "statsmodels": statsmodels.__version__,
                 "numpy": np.__version__},
}

# 1. Wilson score interval, 95 % ----------------------------------------------------------------------
wilson = []
for x, n in [(0, 10), (10, 10), (7, 20), (1, 3), (150, 240), (1, 1000), (999, 1000), (1, 1), (37, 37)]:
    low, high = proportion_confint(x, n, alpha=0.05, method="wilson")
    wilson.append({"successes": x, "n": n, "rate": x / n, "low": f(low), "high": f(high)})
out["wilson"] = wilson

# 3. McNemar (statsmodels), exact below b+c = 25, chi-square with continuity correction from 25 -------
mc = []
for b, c in [(3, 9), (0, 5), (10, 14), (7, 7), (0, 0), (1, 0), (12, 13), (30, 12), (40, 10), (100, 101)]:
    table = [[50, b], [c, 40]]
    exact = b + c < 25
    r = mcnemar(table, exact=exact, correction=True)
    mc.append({"b": b, "c": c, "test": "mcnemar-exact" if exact else "mcnemar-chi2",
               "statistic": f(r.statistic), "p": f(r.pvalue)})
out["mcnemar"] = mc

# paired booleans: the Java side derives b and c from them
a_ok = [(i * 7) % 10 < 6 for i in range(60)]
b_ok = [(i * 3) % 10 < 4 for i in range(60)]
b_ = sum(1 for u, v in zip(a_ok, b_ok) if u and not v)
c_ = sum(1 for u, v in zip(a_ok, b_ok) if v and not u)
r = mcnemar([[0, b_], [c_, 0]], exact=(b_ + c_ < 25), correction=True)
out["mcnemar_paired"] = {"a": a_ok, "b": b_ok, "discordantB": b_, "discordantC": c_,
                         "test": "mcnemar-exact" if b_ + c_ < 25 else "mcnemar-chi2",
                         "statistic": f(r.statistic), "p": f(r.pvalue)}

# 4. Wilcoxon signed-rank, scipy defaults (zero_method='wilcox', correction=False, two-sided, 'auto') -
def lin(n, mult, mod, shift):
    return [float((i * mult) % mod) - shift for i in range(1, n + 1)]

wilcoxon_cases = {
    "exact_n10": [1.5, -0.3, 2.7, 4.1, -1.2, 3.3, 0.8, -2.9, 5.6, 1.1],
    "exact_n3": [1.0, 2.0, -3.5],
    "exact_all_positive_n8": [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5],
    "permutation_zeros_n12": [0.0, 2.0, -1.0, 0.0, 3.0, 4.0, -5.0, 6.0, 7.0, 8.0, -9.0, 10.0],
    "permutation_ties_n10": [1.0, -1.0, 2.0, 2.0, -3.0, 4.0, 4.0, 4.0, 5.0, -6.0],
    "permutation_ties_zeros_n13": [0.0, 1.0, 1.0, -1.0, 2.0, 0.0, 3.0, 3.0, -4.0, 5.0, 6.0, 6.0, 7.0],
    "normal_ties_zeros_n20": [0.0, 1.0, -1.0, 2.0, 2.0, 2.0, -3.0, 4.0, 0.0, 5.0,
                              5.0, -6.0, 7.0, 8.0, 8.0, 9.0, -10.0, 11.0, 12.0, 12.0],
    "exact_n30": lin(30, 37, 101, 40.3),
    "exact_n50": lin(50, 37, 101, 40.3),
    "normal_n51": lin(51, 37, 101, 40.3),
    "normal_n60": lin(60, 37, 101, 40.3),
    "normal_ties_zeros_n60": [float(((i * 13) % 21) - 7) for i in range(1, 61)],
}
wil = []
for name, d in wilcoxon_cases.items():
    r = st.wilcoxon(d)
    d_arr = np.asarray(d)
    nz = d_arr[d_arr != 0]
    ties = len(np.unique(np.abs(nz))) < len(nz)
    zeros = int(np.sum(d_arr == 0))
    if len(d) > 50:
        method = "normal"
    elif not ties and zeros == 0:
        method = "exact"
    elif len(d) <= 13:
        method = "permutation"
    else:
        method = "normal"
    wil.append({"name": name, "differences": d, "statistic": f(r.statistic), "p": f(r.pvalue),
                "n": int(len(nz)), "zeros": zeros, "method": method})
# paired input x, y (d = x - y, as scipy computes it)
x = [12.0, 15.5, 9.0, 20.0, 7.25, 14.0, 11.0, 18.5, 10.0, 16.0, 13.0]
y = [10.0, 15.5, 11.5, 14.0, 7.0, 9.5, 12.0, 12.0, 10.5, 11.0, 6.0]
r = st.wilcoxon(x, y)
dd = np.asarray(x) - np.asarray(y)
out["wilcoxon_paired"] = {"x": x, "y": y, "statistic": f(r.statistic), "p": f(r.pvalue),
                          "n": int(np.sum(dd != 0)), "zeros": int(np.sum(dd == 0))}
out["wilcoxon"] = wil

# 5. Holm (statsmodels multipletests) -----------------------------------------------------------------
holm = []
for p in [[0.01, 0.04, 0.03, 0.005, 0.5], [0.02, 0.02, 0.02], [0.3, 0.4, 0.9, 0.05],
          [0.07], [0.0, 1.0, 0.2, 0.011, 0.0125], [0.001, 0.2, 0.001, 0.04, 0.3, 0.03]]:
    adj = multipletests(p, alpha=0.05, method="holm")[1]
    holm.append({"p": p, "adjusted": [f(v) for v in adj]})
out["holm"] = holm

# 6. chi-square test of independence (scipy, correction=False) ------------------------------------------
chi = []
for name, table, keep_rows, keep_cols in [
    ("correct_x_continent_2x5", [[30, 12, 45, 8, 20], [10, 18, 15, 12, 5]], None, None),
    ("two_by_two", [[12, 5], [7, 9]], None, None),
    ("three_by_four", [[20, 15, 30, 35], [25, 10, 20, 5], [5, 25, 10, 10]], None, None),
    # an all-zero row and an all-zero column: the reference is computed on the table without them
    ("sparse_with_zero_row_and_column", [[5, 1, 0, 3], [2, 0, 0, 4], [0, 0, 0, 0]], [0, 1], [0, 1, 3]),
]:
    t = np.asarray(table)
    reduced = t
    if keep_rows is not None:
        reduced = t[np.ix_(keep_rows, keep_cols)]
    r = st.chi2_contingency(reduced, correction=False)
    expected = r.expected_freq
    below5 = int(np.sum(expected < 5))
    chi.append({"name": name, "table": table, "statistic": f(r.statistic), "df": int(r.dof),
                "p": f(r.pvalue), "expected": expected.tolist(), "cellsExpectedBelow5": below5,
                "sparse": bool(below5 > 0.2 * expected.size),
                "droppedRows": [i for i in range(t.shape[0]) if keep_rows is not None and i not in keep_rows],
                "droppedColumns": [j for j in range(t.shape[1]) if keep_cols is not None and j not in keep_cols]})
out["chiSquare"] = chi

# 9. Spearman (scipy.stats.spearmanr, average ranks, p from t with n-2 df) and Wilson per level ------
obs = []
for i in range(45):
    conf = None if i % 11 == 4 else 1 + (i * 7) % 5
    err = None if i % 13 == 6 else float(round(((i * 29) % 17) * (6 - (conf or 3)) * 37.5, 1))
    correct = ((i * 5) % 7) < (conf or 2) + 1
    obs.append({"confidence": conf, "correct": correct, "errorKm": err})
pairs = [(o["confidence"], o["errorKm"]) for o in obs if o["confidence"] is not None and o["errorKm"] is not None]
r = st.spearmanr([p[0] for p in pairs], [p[1] for p in pairs])
levels = []
for k in range(1, 6):
    sel = [o for o in obs if o["confidence"] == k]
    n = len(sel)
    s = sum(1 for o in sel if o["correct"])
    if n:
        low, high = proportion_confint(s, n, alpha=0.05, method="wilson")
    else:
        low = high = float("nan")
    levels.append({"level": k, "n": n, "correct": s, "low": f(low), "high": f(high)})
out["calibration"] = {"observations": obs, "spearmanN": len(pairs), "spearmanRho": f(r.statistic),
                      "spearmanP": f(r.pvalue), "levels": levels}
spear = []
for name, xs, ys in [
    ("ties_both", [1, 2, 2, 3, 4, 4, 4, 5, 5, 1], [900.0, 450.0, 500.0, 300.0, 20.0, 300.0, 15.0, 1.0, 2.0, 450.0]),
    ("no_ties", [1, 2, 3, 4, 5, 6, 7, 8], [8.0, 6.0, 7.0, 5.0, 3.0, 4.0, 1.0, 2.0]),
    ("weak", [3, 1, 4, 1, 5, 2, 2, 3, 5, 4, 1, 3], [10.0, 20.0, 5.0, 30.0, 50.0, 10.0, 40.0, 20.0, 1.0, 60.0, 2.0, 9.0]),
]:
    r = st.spearmanr(xs, ys)
    spear.append({"name": name, "x": xs, "y": ys, "rho": f(r.statistic), "p": f(r.pvalue)})
out["spearman"] = spear

# 2. percentile rule of the bootstrap: numpy's default ('linear', type 7 of Hyndman & Fan) -------------
perc = []
for name, xs in [("one", [3.0]), ("two", [1.0, 2.0]), ("seven", [5.0, 1.0, 4.0, 4.0, 9.0, 2.0, 7.0]),
                 ("hundred_one", [float((i * 37) % 101) / 7.0 for i in range(101)]),
                 ("two_thousand", [float((i * 7919) % 2003) * 0.001 for i in range(2000)])]:
    perc.append({"name": name, "x": xs,
                 "q": [2.5, 50.0, 97.5],
                 "percentiles": [f(v) for v in np.percentile(xs, [2.5, 50.0, 97.5])],
                 "median": f(np.median(xs))})
out["percentile"] = perc

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print("wrote", path)
