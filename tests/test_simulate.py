"""netlib.trials.simulate: seeded synthetic trials with a known effect, and simulation-based power.

Monte Carlo tolerances: a simulated proportion from R replicates has standard error
√(π(1−π)/R); we allow 4 of them (a false alarm about once in 16 000 runs). Seeds are fixed,
so the tests are deterministic.
"""

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from netlib.trials import evaluation as ev
from netlib.trials import power as pw
from netlib.trials import simulate as sim

DESIGNS = [
    ("ira", dict(n=80), {}),
    ("bira2_1c", dict(n=16, J=5), {}),
    ("cra2_2r", dict(n=10, J=20, rho2=0.2), {}),
    ("cra2_2r", dict(n=10, J=24, rho2=0.2, r2x=0.5), dict(r22=0.5, g2=1)),
    ("cra3_3r", dict(n=8, J=3, K=20, rho2=0.1, rho3=0.15), {}),
    ("bcra3_2f", dict(n=10, J=8, K=3, rho2=0.2), {}),
    ("bcra4_3f", dict(n=5, J=3, K=10, L=3, rho2=0.1, rho3=0.15), {}),
]
REPS = 1500


def _analytic(design, kw, extra, es):
    params = {k: v for k, v in kw.items() if k != "r2x"}
    return pw.power(design, es, **params, **extra)


@pytest.mark.parametrize("design,kw,extra", DESIGNS, ids=lambda x: str(x))
def test_simulated_power_agrees_with_analytic(design, kw, extra):
    es = 0.5 if design != "ira" else 0.5
    r = sim.simulate_power(design, es, reps=REPS, seed=11, **kw)
    a = _analytic(design, kw, extra, es)
    assert abs(r.power - a) < 4 * math.sqrt(a * (1 - a) / REPS) + 0.01 * ("r2x" in kw)
    assert r.df == pw.degrees_of_freedom(design, **{k: v for k, v in kw.items() if k != "r2x"},
                                         **extra)


@pytest.mark.parametrize("design,kw,extra", DESIGNS, ids=lambda x: str(x))
def test_intervals_cover_the_true_effect(design, kw, extra):
    r = sim.simulate_power(design, 0.3, reps=REPS, seed=12, **kw)
    assert abs(r.coverage - 0.95) < 4 * math.sqrt(0.95 * 0.05 / REPS)
    # the estimator is unbiased: mean within 4 Monte Carlo SEs of the truth
    assert abs(r.estimates.mean() - 0.3) < 4 * r.estimates.std(ddof=1) / math.sqrt(REPS)


def test_null_rejection_rate_is_alpha():
    r = sim.simulate_power("cra2_2r", 0.0, reps=3000, seed=5, n=10, J=20, rho2=0.2)
    assert abs(r.power - 0.05) < 4 * math.sqrt(0.05 * 0.95 / 3000)


def test_cluster_trial_is_seeded_and_well_formed():
    a = sim.cluster_trial("bcra3_2f", es=0.3, seed=7, n=6, J=8, K=3, rho2=0.2)
    b = sim.cluster_trial("bcra3_2f", es=0.3, seed=7, n=6, J=8, K=3, rho2=0.2)
    c = sim.cluster_trial("bcra3_2f", es=0.3, seed=8, n=6, J=8, K=3, rho2=0.2)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["y"], c["y"])
    assert len(a) == 6 * 8 * 3 and a["cluster"].nunique() == 24
    # whole clusters are assigned, half of each block's clusters treated
    assert (a.groupby("cluster")["treatment"].nunique() == 1).all()
    per_block = a.groupby("block").apply(lambda g: g.groupby("cluster")["treatment"].first()
                                         .sum(), include_groups=False)
    assert (per_block == 4).all()
    assert a.attrs["true_effect"] == 0.3 and a.attrs["seed"] == 7


def test_cluster_trial_variance_components():
    # a large 2-level trial recovers its ICC (ANOVA estimator) within sampling error
    df = sim.cluster_trial("cra2_2r", es=0.0, seed=3, n=30, J=400, rho2=0.2)
    icc = ev.icc_anova(df["y"], df["cluster"])
    # SE of the ICC estimate, roughly sqrt(2(1-r)^2(1+(n-1)r)^2/(n(n-1)(J-1))) (Donner 1986)
    r, n, j = 0.2, 30, 400
    se = math.sqrt(2 * (1 - r) ** 2 * (1 + (n - 1) * r) ** 2 / (n * (n - 1) * (j - 1)))
    assert abs(icc - 0.2) < 4 * se
    assert df["y"].std() == pytest.approx(1.0, abs=0.05)


def test_closed_form_analysis_equals_statsmodels_on_cluster_means():
    df = sim.cluster_trial("bcra3_2f", es=0.4, seed=9, n=5, J=6, K=3, rho2=0.2)
    ours = sim.analyse(df)
    means = df.groupby("cluster").agg(y=("y", "mean"), t=("treatment", "first"),
                                      block=("block", "first"))
    blocks = pd.get_dummies(means["block"], prefix="b", dtype=float)
    x = pd.concat([blocks, blocks.mul(means["t"], axis=0).add_suffix("_t")], axis=1)
    res = sm.OLS(means["y"], x).fit()
    contrast = np.r_[np.zeros(3), np.full(3, 1 / 3)]
    tt = res.t_test(contrast)
    assert ours["estimate"] == pytest.approx(float(tt.effect[0]))
    assert ours["se"] == pytest.approx(float(tt.sd[0, 0]))
    assert ours["df"] == res.df_resid == 3 * (6 - 2)


def test_closed_form_equals_mixed_model_for_a_balanced_cluster_trial():
    df = sim.cluster_trial("cra2_2r", es=0.4, seed=10, n=8, J=20, rho2=0.2)
    ours = sim.analyse(df)
    mixed = ev.fit_mixed(df, "y", ["treatment"], "cluster").set_index("term")
    assert ours["estimate"] == pytest.approx(mixed.loc["treatment", "estimate"], abs=1e-6)
    assert ours["se"] == pytest.approx(mixed.loc["treatment", "se"], rel=1e-3)


def test_bad_designs_are_refused():
    with pytest.raises(ValueError, match="unknown design"):
        sim.cluster_trial("cra9", es=0, seed=1, n=2)
    with pytest.raises(ValueError, match="rho2"):
        sim.cluster_trial("cra2_2r", es=0, seed=1, n=2, J=4, rho2=0.6, rho3=0.5)
    with pytest.raises(ValueError, match="empty arm"):
        sim.cluster_trial("cra2_2r", es=0, seed=1, n=2, J=2, rho2=0.1, p=0.2)


def test_progress_bar_on_request(capsys):
    sim.simulate_power("ira", 0.3, reps=20, seed=1, n=50, chunk_units=100, progress=True)
    assert "simulating ira" in capsys.readouterr().err
    sim.simulate_power("ira", 0.3, reps=20, seed=1, n=50, chunk_units=100, progress=False)
    assert capsys.readouterr().err == ""


def test_cluster_trial_with_unequal_cluster_sizes():
    # sizes: gamma of mean n and CV cv (Eldridge et al. 2006); the ICC is still rho2
    df = sim.cluster_trial("cra2_2r", es=0.3, seed=4, n=30, J=400, rho2=0.2, cv=0.6)
    sizes = df.groupby("cluster").size()
    assert sizes.mean() == pytest.approx(30, rel=0.05)
    assert sizes.std(ddof=0) / sizes.mean() == pytest.approx(0.6, abs=0.06)
    assert sizes.tolist() == df.attrs["cluster_sizes"]
    assert ev.icc_anova(df["y"], df["cluster"]) == pytest.approx(0.2, abs=0.05)
    # every cluster keeps one arm, and cv = 0 is the equal-size trial
    assert (df.groupby("cluster")["treatment"].nunique() == 1).all()
    pd.testing.assert_frame_equal(sim.cluster_trial("cra2_2r", es=0.3, seed=4, n=5, J=6,
                                                    rho2=0.2, cv=0.0),
                                  sim.cluster_trial("cra2_2r", es=0.3, seed=4, n=5, J=6,
                                                    rho2=0.2))
    with pytest.raises(ValueError, match="no clusters"):
        sim.cluster_trial("ira", es=0.3, seed=1, n=50, cv=0.5)
    with pytest.raises(ValueError, match="unequal"):
        sim.analyse(df)
