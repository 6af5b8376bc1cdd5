"""netlib.trials.evaluation: effect sizes, clustering, models and WWC checks.

Expected values are published worked examples (cited) or independent computations done in
the test itself with numpy (said so), never the module's own output.
"""

import math

import numpy as np
import pandas as pd
import pytest

from netlib import load
from netlib.trials import evaluation as ev


def test_hedges_g_borenstein_example():
    # Borenstein, Hedges, Higgins & Rothstein (2009), Introduction to Meta-Analysis, ch. 4:
    # means 103 vs 100, SDs 5.5 and 4.5, n = 50 + 50 -> d = 0.5970, J = 0.9923, g = 0.5924.
    es = ev.hedges_g_from_stats(103, 100, 5.5, 4.5, 50, 50)
    assert es.g == pytest.approx(0.5924, abs=5e-5)
    assert ev.small_sample_correction(100) == pytest.approx(0.9923, abs=5e-5)
    # WWC standard error sqrt((nT+nC)/(nT nC) + g^2/(2N)), computed by hand
    assert es.se == pytest.approx(math.sqrt(0.04 + 0.5924**2 / 200), abs=1e-4)
    assert es.ci_low < es.g < es.ci_high
    assert (es.ci_high - es.ci_low) / 2 == pytest.approx(1.959964 * es.se, rel=1e-6)


def test_hedges_g_from_raw_samples_matches_summary_statistics():
    rng = np.random.default_rng(1)
    a, b = rng.normal(1, 2, 40), rng.normal(0, 2, 60)
    es = ev.hedges_g(a, b)
    sp = math.sqrt((39 * a.var(ddof=1) + 59 * b.var(ddof=1)) / 98)
    assert es.g == pytest.approx((1 - 3 / (4 * 100 - 9)) * (a.mean() - b.mean()) / sp)


def test_improvement_index():
    # WWC: an effect size of 0.25 SD is an improvement index of about 10 percentile points
    assert ev.improvement_index(0.25) == pytest.approx(9.87, abs=0.01)
    assert ev.improvement_index(0.0) == 0
    assert ev.improvement_index(-0.25) == pytest.approx(-ev.improvement_index(0.25))


def test_cox_index_by_hand():
    # logit(0.6) - logit(0.5) = ln 1.5; times omega(200) / 1.65
    expected = (1 - 3 / (800 - 9)) * math.log(1.5) / 1.65
    assert ev.cox_index(0.6, 0.5, 100, 100) == pytest.approx(expected)
    assert math.isnan(ev.cox_index(1.0, 0.5, 10, 10))


def test_cluster_adjustment_reduces_to_hedges_without_clustering():
    es = ev.hedges_g_from_stats(10.5, 10, 1, 1, 300, 300)
    same = ev.cluster_adjusted_g(es, avg_cluster_size=20, icc=0.0)
    assert same.g == pytest.approx(es.g)
    # with rho = 0 the variance is N/(nT nC) + g^2 (N-2)/(2 (N-2)^2)
    assert same.se == pytest.approx(math.sqrt(600 / 300**2 + es.g**2 / (2 * 598)))
    adj = ev.cluster_adjusted_g(es, avg_cluster_size=20, icc=0.2)
    assert adj.g == pytest.approx(es.g * math.sqrt(1 - 2 * 19 * 0.2 / 598))
    assert adj.se > es.se * math.sqrt(1 + 19 * 0.2) * 0.99  # at least the design effect


def test_design_effect():
    assert ev.design_effect(25, 0.2) == pytest.approx(1 + 24 * 0.2)
    assert ev.design_effect(25, 0.2, cv=0.5) == pytest.approx(1 + (1.25 * 25 - 1) * 0.2)
    assert ev.design_effect(1, 0.9) == 1


def _balanced(seed, j=60, m=20, icc=0.2, effect=0.0):
    rng = np.random.default_rng(seed)
    u = rng.normal(0, math.sqrt(icc), j)
    t = np.repeat(np.arange(j) % 2, m)
    y = effect * t + np.repeat(u, m) + rng.normal(0, math.sqrt(1 - icc), j * m)
    return pd.DataFrame({"y": y, "t": t, "c": np.repeat(np.arange(j), m)})


def test_icc_anova_balanced_by_hand():
    d = _balanced(2)
    m = d.groupby("c")["y"].mean()
    msb = 20 * ((m - d["y"].mean()) ** 2).sum() / 59
    msw = ((d["y"] - d.groupby("c")["y"].transform("mean")) ** 2).sum() / (1200 - 60)
    assert ev.icc_anova(d["y"], d["c"]) == pytest.approx((msb - msw) / (msb + 19 * msw))


def test_icc_anova_recovers_the_true_icc():
    # 40 replicates of 60 clusters x 20: the mean estimate is within 4 Monte Carlo SEs of 0.2
    est = np.array([ev.icc_anova(d["y"], d["c"]) for d in (_balanced(s) for s in range(40))])
    assert abs(est.mean() - 0.2) < 4 * est.std(ddof=1) / math.sqrt(len(est))


def test_ols_robust_and_cluster_se_by_hand():
    d = _balanced(3, effect=0.3)
    x = np.column_stack([d["t"], np.ones(len(d))])
    y = d["y"].to_numpy()
    xtx_inv = np.linalg.inv(x.T @ x)
    beta = xtx_inv @ x.T @ y
    e = y - x @ beta
    n, k = x.shape
    hc1 = xtx_inv @ (x.T * e**2) @ x @ xtx_inv * n / (n - k)
    g = d["c"].nunique()
    meat = sum(np.outer(x[idx].T @ e[idx], x[idx].T @ e[idx])
               for idx in d.groupby("c").indices.values())
    cr1 = xtx_inv @ meat @ xtx_inv * g / (g - 1) * (n - 1) / (n - k)
    r = ev.fit_ols(d, "y", ["t"]).set_index("term")
    assert r.loc["t", "estimate"] == pytest.approx(beta[0])
    assert r.loc["t", "se"] == pytest.approx(math.sqrt(hc1[0, 0]))
    c = ev.fit_ols(d, "y", ["t"], se="cluster", cluster="c").set_index("term")
    assert c.loc["t", "se"] == pytest.approx(math.sqrt(cr1[0, 0]))


def test_mixed_model_equals_cluster_means_analysis_when_balanced():
    # Balanced cluster-randomised data: the REML random-intercept estimate and SE equal the
    # two-sample t-test on cluster means (a textbook identity; computed here with numpy).
    d = _balanced(4, effect=0.3)
    means = d.groupby("c").agg(y=("y", "mean"), t=("t", "first"))
    a, b = means.loc[means.t == 1, "y"], means.loc[means.t == 0, "y"]
    sp2 = ((len(a) - 1) * a.var() + (len(b) - 1) * b.var()) / (len(a) + len(b) - 2)
    se = math.sqrt(sp2 * (1 / len(a) + 1 / len(b)))
    r = ev.fit_mixed(d, "y", ["t"], "c")
    row = r.set_index("term").loc["t"]
    assert row["estimate"] == pytest.approx(a.mean() - b.mean(), abs=1e-6)
    assert row["se"] == pytest.approx(se, rel=1e-3)
    assert 0 < r.attrs["icc"] < 1


@pytest.mark.parametrize("es,rating", [
    (0.0, "satisfied"), (0.05, "satisfied"), (-0.05, "satisfied"),
    (0.0501, "requires statistical adjustment"), (0.25, "requires statistical adjustment"),
    (-0.2501, "not satisfied"), (float("nan"), "cannot be computed"),
])
def test_equivalence_rating(es, rating):
    assert ev.equivalence_rating(es) == rating


def test_baseline_equivalence_types():
    d = pd.DataFrame({"t": [1, 1, 1, 1, 0, 0, 0, 0], "age": [5, 6, 7, 6, 5, 5, 6, 6],
                      "girl": [1, 0, 1, 0, 1, 0, 0, 0]})
    b = ev.baseline_equivalence(d, "t", ["age", "girl"]).set_index("characteristic")
    assert b.loc["age", "type"] == "continuous" and b.loc["girl", "type"] == "binary"
    assert b.loc["girl", "effect_size"] == pytest.approx(ev.cox_index(0.5, 0.25, 4, 4))


@pytest.fixture(scope="module")
def boundaries():
    return load.load_wwc_attrition_boundaries()


def test_boundary_table_properties(boundaries):
    both = boundaries.dropna()
    assert (both["cautious"] <= both["optimistic"]).all()
    # the cautious boundary ends (reaches 0) at 57 % overall attrition
    assert boundaries.loc[boundaries["overall"] == 57, "cautious"].iloc[0] == 0
    assert boundaries.loc[boundaries["overall"] > 57, "cautious"].isna().all()
    for col in ("cautious", "optimistic"):  # rises to one peak, then falls
        v = boundaries[col].dropna().to_numpy()
        peak = int(v.argmax())
        assert (np.diff(v[: peak + 1]) >= 0).all() and (np.diff(v[peak:]) <= 0).all()


def test_attrition_ratings(boundaries):
    # 8 % overall, 3 points differential: low under either assumption
    a = ev.Attrition(100, 94, 100, 90)
    assert a.overall == pytest.approx(0.08) and a.differential == pytest.approx(0.04)
    assert ev.attrition_rating(a, "cautious", boundaries) == "low"
    # 30 % overall, 6 points: high if cautious (4.1), low if optimistic (8.2)
    b = ev.Attrition(100, 73, 100, 67)
    assert ev.attrition_rating(b, "cautious", boundaries) == "high"
    assert ev.attrition_rating(b, "optimistic", boundaries) == "low"
    # 60 % overall: high under the cautious assumption whatever the differential
    c = ev.Attrition(100, 40, 100, 40)
    assert ev.attrition_rating(c, "cautious", boundaries) == "high"
    with pytest.raises(ValueError):
        ev.attrition_boundary(0.1, "liberal", boundaries)


def test_wwc_cluster_correction():
    none = ev.wwc_cluster_correction(0.3, 200, 200, 10, 10, icc=0.0)
    assert none.t_corrected == pytest.approx(none.t) and none.df == pytest.approx(398)
    c = ev.wwc_cluster_correction(0.3, 200, 200, 10, 10)  # default ICC 0.20 (achievement)
    assert c.icc == 0.2
    n, big_n, rho = 20, 400, 0.2
    a = (big_n - 2) - 2 * (n - 1) * rho
    assert c.t_corrected == pytest.approx(c.t * math.sqrt(a / ((big_n - 2) * (1 + 19 * rho))))
    assert c.t_corrected < c.t and c.p_corrected > none.p_corrected
    assert ev.wwc_cluster_correction(0.3, 200, 200, 10, 10, outcome="other").icc == 0.1
