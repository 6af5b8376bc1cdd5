"""Cluster-robust and HC inference of fit_ols, and the mixed model's SEs, against R.

The data (57 pupils in 10 schools, school-level treatment ``t``, covariate ``x``) were made
once with ``numpy.random.default_rng(20240611)`` and rounded to 3 decimals; they are pasted
below so that Python and R read exactly the same numbers. Nothing here calls R: the
reference values were computed once with R 4.2.2 (Debian bookworm), sandwich 3.0.2,
lmtest 0.9.40 and lme4 1.1.31, after writing ``DATA`` to ``small.csv``::

    library(sandwich); library(lmtest); library(lme4)
    d <- read.csv("small.csv"); G <- length(unique(d$school))        # G = 10
    m <- lm(y ~ t + x, data = d)
    coeftest(m, vcovCL(m, cluster = ~school, type = "HC1"), df = G - 1)
    coefci(m, vcov. = vcovCL(m, cluster = ~school, type = "HC1"), df = G - 1)
    coeftest(m, vcovHC(m, type = "HC1"))                             # df = 54 (n - k)
    coefci(m, vcov. = vcovHC(m, type = "HC1"))
    mm <- lmer(y ~ t + x + (1 | school), data = d, REML = TRUE)
    sqrt(diag(as.matrix(vcov(mm)))); as.data.frame(VarCorr(mm))

(``options(digits = 15)``; the values are pasted as R printed them.)
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from netlib.trials import evaluation as ev

DATA = """\
school,t,x,y
s01,1,0.229,1.572
s01,1,-0.867,1.047
s01,1,-0.816,1.14
s01,1,-0.203,2.174
s01,1,0.202,3.022
s02,1,-0.408,1.539
s02,1,0.225,2.96
s02,1,-1.962,1.273
s02,1,-1.024,-1.115
s03,0,-0.018,-0.21
s03,0,-1.195,-0.316
s03,0,-0.322,-1.109
s03,0,-0.874,0.507
s03,0,-0.132,0.529
s03,0,-0.004,0.81
s04,0,1.173,0.892
s04,0,0.059,0.891
s04,0,0.855,0.565
s04,0,0.877,0.248
s04,0,-1.367,-0.526
s04,0,0.092,-0.173
s04,0,-0.504,0.996
s04,0,-0.036,2.22
s05,0,0.784,1.27
s05,0,0.913,2.266
s05,0,-1.109,2.878
s05,0,-0.049,-0.397
s06,1,0.6,0.538
s06,1,0.627,-0.386
s06,1,0.725,-0.461
s06,1,0.376,0.763
s06,1,-0.501,0.594
s06,1,-0.575,-0.643
s07,0,0.395,2.413
s07,0,-0.998,0.857
s07,0,1.082,-1.145
s07,0,0.19,0.531
s07,0,-0.911,0.757
s07,0,0.878,2.882
s07,0,0.39,1.227
s07,0,1.812,1.479
s08,0,-0.5,-1.794
s08,0,0.286,-0.878
s08,0,1.098,1.366
s08,0,0.811,1.166
s08,0,1.238,0.498
s08,0,0.05,1.84
s08,0,-1.258,-0.197
s08,0,0.975,-0.53
s09,1,-0.7,-0.421
s09,1,1.181,2.281
s09,1,-0.315,-0.1
s09,1,-1.064,2.43
s10,1,-0.189,1.614
s10,1,0.792,1.476
s10,1,1.613,2.65
s10,1,-0.513,1.494
"""

TERMS = ["t", "Intercept", "x"]
# coeftest(m, vcovCL(m, cluster = ~school, type = "HC1"), df = G - 1): estimate, SE, p
R_CLUSTER = {
    "Intercept": (0.599412060235730, 0.224720077127733, 0.0257330285849372),
    "t": (0.540885035393649, 0.461543453235657, 0.2713227121472102),
    "x": (0.306129022000676, 0.114289235519062, 0.0252661655157603),
}
# coefci(m, vcov. = vcovCL(m, cluster = ~school, type = "HC1"), df = G - 1)
R_CLUSTER_CI = {
    "Intercept": (0.0910599281366650, 1.107764192334796),
    "t": (-0.5031987932860096, 1.584968864073308),
    "x": (0.0475888092404975, 0.564669234760854),
}
# coeftest(m, vcovHC(m, type = "HC1")) -- t with the residual df, 54
R_HC1 = {
    "Intercept": (0.599412060235730, 0.199359323882093, 0.00400279948112785),
    "t": (0.540885035393649, 0.319639059136511, 0.09637600638922988),
    "x": (0.306129022000676, 0.179161485624576, 0.09325342055984426),
}
# coefci(m, vcov. = vcovHC(m, type = "HC1"))
R_HC1_CI = {
    "Intercept": (0.1997206808773464, 0.999103439594114),
    "t": (-0.0999526939650589, 1.181722764752357),
    "x": (-0.0530681297690386, 0.665326173770390),
}
# lmer(y ~ t + x + (1 | school), REML = TRUE): fixed effects, sqrt(diag(vcov(mm))), and
# the variance components of as.data.frame(VarCorr(mm))
R_LMER = {
    "Intercept": (0.627018545688674, 0.289316493657410),
    "t": (0.557332328413370, 0.428761120243549),
    "x": (0.324184847133810, 0.181137493126291),
}
R_LMER_TAU2, R_LMER_SIGMA2 = 0.242170538015583, 1.138723556893222


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(DATA))


def test_data_as_r_read_it(data):
    assert data.shape == (57, 4) and data["school"].nunique() == 10
    assert data.groupby("school")["t"].nunique().max() == 1  # treatment by school


def test_cluster_robust_inference_is_t_with_g_minus_1_df_as_in_r(data):
    fit = ev.fit_ols(data, "y", ["t"], ["x"], se="cluster", cluster="school").set_index("term")
    for term in TERMS:
        est, se, p = R_CLUSTER[term]
        lo, hi = R_CLUSTER_CI[term]
        row = fit.loc[term]
        assert row["estimate"] == pytest.approx(est, rel=1e-10)
        assert row["se"] == pytest.approx(se, rel=1e-8)
        assert row["p"] == pytest.approx(p, rel=1e-7)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi), rel=1e-7)
    assert fit.attrs["cluster_dof"] == 9 and (fit["df"] == 9).all()


def test_hc1_inference_is_t_with_residual_df_as_lmtest_gives(data):
    fit = ev.fit_ols(data, "y", ["t"], ["x"], se="HC1").set_index("term")
    for term in TERMS:
        est, se, p = R_HC1[term]
        lo, hi = R_HC1_CI[term]
        row = fit.loc[term]
        assert row["estimate"] == pytest.approx(est, rel=1e-10)
        assert row["se"] == pytest.approx(se, rel=1e-8)
        assert row["p"] == pytest.approx(p, rel=1e-7)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((lo, hi), rel=1e-7)
    assert (fit["df"] == 54).all() and fit.attrs["cluster_dof"] is None


def test_standardise_scales_the_models_own_t_interval(data):
    fit = ev.fit_ols(data, "y", ["t"], ["x"], se="cluster", cluster="school").set_index("term")
    r = fit.loc["t"]
    es = ev.standardise(r["estimate"], r["se"], 2.0, 25, 32, df=r["df"])
    w = ev.small_sample_correction(57)
    assert es.ci_low == pytest.approx(w * R_CLUSTER_CI["t"][0] / 2.0, rel=1e-7)
    assert es.ci_high == pytest.approx(w * R_CLUSTER_CI["t"][1] / 2.0, rel=1e-7)


def gls_se(data: pd.DataFrame, tau2: float, sigma2: float) -> np.ndarray:
    """(X' V^-1 X)^-1 at given variance components, V = sigma2 I + tau2 Z Z' (numpy only)."""
    X = np.column_stack([data["t"], np.ones(len(data)), data["x"]]).astype(float)
    Z = pd.get_dummies(data["school"]).to_numpy(dtype=float)
    V = sigma2 * np.eye(len(data)) + tau2 * Z @ Z.T
    cov = np.linalg.inv(X.T @ np.linalg.solve(V, X))
    return np.sqrt(np.diag(cov))


def test_mixed_model_se_convention_against_gls_and_lme4(data):
    fit = ev.fit_mixed(data, "y", ["t"], "school", ["x"])
    tau2, sigma2 = fit.attrs["tau2"], fit.attrs["sigma2"]
    # statsmodels' REML variance components are lme4's (to optimiser precision)
    assert tau2 == pytest.approx(R_LMER_TAU2, rel=1e-3)
    assert sigma2 == pytest.approx(R_LMER_SIGMA2, rel=1e-4)
    rows = fit.set_index("term")
    gls = dict(zip(TERMS, gls_se(data, tau2, sigma2), strict=True))
    for term in TERMS:
        est, lme4_se = R_LMER[term]
        assert rows.loc[term, "estimate"] == pytest.approx(est, rel=1e-4)
        # the GLS formula at the fitted variances is lme4's SE ...
        assert gls[term] == pytest.approx(lme4_se, rel=1e-4)
        # ... and statsmodels' full-Hessian SE is within 1 % of it (documented in fit_mixed)
        assert rows.loc[term, "se"] == pytest.approx(gls[term], rel=0.01)
    # it is a different formula, not a rounding of the same one
    assert abs(rows.loc["Intercept", "se"] / gls["Intercept"] - 1) > 5e-4
    assert (rows["df"] == np.inf).all()
