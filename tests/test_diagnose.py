"""netlib.trials.diagnose: diagnosands against their analytic values, estimators against
model fits.

Analytic counterparts (independent of the simulation): for the cluster-means analysis of a
balanced two-level cluster trial with normal data the t test is exact — the estimate is
N(τ, σ²) with σ the PowerUp! SE (:mod:`netlib.trials.designs`), and s² = σ²χ²_ν/ν
independently (ν = J − 2) — so power, coverage, type-S rate and exaggeration ratio are
integrals over χ²_ν computed here with ``scipy.integrate.quad`` (Gelman & Carlin 2014's
``retrodesign``, with the SE estimated). Estimators: statsmodels fits through
:mod:`netlib.trials.evaluation` on the same replicates.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

from netlib.trials import designs as ds
from netlib.trials import diagnose as dg
from netlib.trials import evaluation as ev


def analytic(tau, sigma, nu, alpha=0.05):
    """Power, type-S rate, exaggeration ratio of the exact t test (module docstring)."""
    c = stats.t.ppf(1 - alpha / 2, nu)

    def over_s(f):
        return integrate.quad(lambda x: f(sigma * math.sqrt(x / nu)) * stats.chi2.pdf(x, nu),
                              0, np.inf, limit=200)[0]

    def reject(s):
        return stats.norm.cdf((-c * s - tau) / sigma) + stats.norm.sf((c * s - tau) / sigma)

    def wrong(s):
        return stats.norm.cdf((-c * s - tau) / sigma)

    def abs_b(s):
        z1, z2 = (c * s - tau) / sigma, (-c * s - tau) / sigma
        upper = tau * stats.norm.sf(z1) + sigma * stats.norm.pdf(z1)
        lower = sigma * stats.norm.pdf(z2) - tau * stats.norm.cdf(z2)
        return upper + lower

    pw = over_s(reject)
    return pw, over_s(wrong) / pw, over_s(abs_b) / pw / abs(tau)


@pytest.fixture(scope="module")
def low_power():
    kw = dict(es=0.15, n=10, J=12, rho2=0.2)
    return kw, dg.diagnose("cra2r2", sims=20_000, seed=11, **kw)


def within(value, expected, se, k=4):
    return abs(value - expected) <= k * se


def test_cluster_means_diagnosands_match_the_exact_t_test(low_power):
    kw, d = low_power
    row = d.table.loc["cluster_means"]
    sigma = ds.standard_error("cra2r2", rho2=kw["rho2"], n=kw["n"], J=kw["J"])
    pw, type_s, exaggeration = analytic(kw["es"], sigma, kw["J"] - 2)
    # the analytic power is PowerUp!'s noncentral-t power (a check of the integral itself)
    assert pw == pytest.approx(ds.power("cra2r2", kw["es"], rho2=.2, n=10, J=12), abs=1e-6)
    assert within(row["power"], pw, row["power_se"])
    assert within(row["type_s"], type_s, row["type_s_se"])
    assert within(row["exaggeration"], exaggeration, row["exaggeration_se"])
    assert within(row["coverage"], 0.95, row["coverage_se"])
    assert within(row["bias"], 0.0, row["bias_se"])
    assert within(row["rmse"], sigma, row["rmse_se"])
    assert exaggeration > 2 and row["exaggeration"] > 2  # low power exaggerates


def test_normal_wald_mixed_model_overrejects_with_few_clusters(low_power):
    # with 12 clusters the mixed model's normal (Wald) interval is too narrow: coverage
    # below the nominal 95 % by more than Monte Carlo error, while the t-based analyses hold
    _, d = low_power
    t = d.table
    assert t.loc["mixed", "coverage"] + 4 * t.loc["mixed", "coverage_se"] < 0.95
    assert within(t.loc["ols_cr", "bias"], 0.0, t.loc["ols_cr", "bias_se"])


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.ConvergenceWarning")
def test_balanced_mixed_fast_path_equals_reml():
    draw = dg.draw(5, 4, es=0.3, n=8, J=10, rho2=0.25)
    beta, se, _ = dg.estimate(draw, "mixed")
    cm_beta, cm_se, _ = dg.estimate(draw, "cluster_means")
    compared = 0
    for r in range(4):
        frame = dg.replicate_frame(draw, r)
        fit = ev.fit_mixed(frame, "y", ["treatment"], "cluster")
        if fit.attrs["tau2"] <= 1e-6 or not fit.attrs["converged"]:
            continue  # (statsmodels did not converge on one of these replicates)
        compared += 1
        assert beta[r] == pytest.approx(fit["estimate"].iloc[0], rel=1e-6)
        # the GLS SE at the REML variance components (lme4's) equals ours; statsmodels'
        # full-Hessian SE is within 1 % of it (see fit_mixed's docstring)
        gls = math.sqrt((fit.attrs["tau2"] + fit.attrs["sigma2"] / 8) * (1 / 5 + 1 / 5))
        assert se[r] == pytest.approx(gls, rel=1e-4)
        assert se[r] == pytest.approx(fit["se"].iloc[0], rel=1e-2)
        assert (beta[r], se[r]) == pytest.approx((cm_beta[r], cm_se[r]), rel=1e-9)
    assert compared >= 2


@pytest.mark.parametrize("blocked", [False, True])
def test_closed_form_ols_and_block_fe_equal_statsmodels(blocked):
    kw = dict(es=0.2, n=9, J=6, K=3 if blocked else 1, rho2=0.15, cv=0.6)
    draw = dg.draw(3, 2, **kw)
    names = ["ols_cr", "cluster_means"] + (["block_fe"] if blocked else [])
    got = {e: dg.estimate(draw, e) for e in names}
    for r in range(2):
        frame = dg.replicate_frame(draw, r)
        assert frame.groupby("cluster").size().std() > 0  # sizes really unequal
        fit = ev.fit_ols(frame, "y", ["treatment"], se="cluster", cluster="cluster")
        b, s, df = (x[r] for x in got["ols_cr"])
        assert (b, s) == pytest.approx((fit["estimate"].iloc[0], fit["se"].iloc[0]), rel=1e-9)
        assert df == fit["df"].iloc[0]
        if blocked:
            fe = ev.fit_ols(frame, "y", ["treatment"], se="cluster", cluster="cluster",
                            fixed_effects="block")
            b, s, _ = (x[r] for x in got["block_fe"])
            assert (b, s) == pytest.approx((fe["estimate"].iloc[0], fe["se"].iloc[0]),
                                           rel=1e-9)
        means = frame.groupby("cluster").agg(y=("y", "mean"), treatment=("treatment", "first"),
                                             block=("block", "first")).reset_index()
        cm = ev.fit_ols(means, "y", ["treatment"], se="classical",
                        fixed_effects="block" if blocked else None)
        b, s, df = (x[r] for x in got["cluster_means"])
        assert (b, s) == pytest.approx((cm["estimate"].iloc[0], cm["se"].iloc[0]), rel=1e-9)
        assert df == cm["df"].iloc[0]


def test_unequal_sizes_have_the_requested_cv():
    draw = dg.draw(1, 400, es=0.0, n=30, J=20, rho2=0.1, cv=0.5)
    m = draw["m"].astype(float)
    cv = (m.std(axis=1) / m.mean(axis=1)).mean()
    assert cv == pytest.approx(0.5, abs=0.05)
    assert m.mean() == pytest.approx(30, rel=0.02)


def test_same_seed_same_numbers_and_blocked_design():
    kw = dict(es=0.3, n=6, J=6, K=4, rho2=0.2, cv=0.4, sims=300)
    a = dg.diagnose("bcra3f2", seed=2, **kw)
    b = dg.diagnose("bcra3f2", seed=2, **kw)
    c = dg.diagnose("bcra3f2", seed=3, **kw)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert not np.allclose(a.estimates["mixed"], c.estimates["mixed"])
    assert list(a.table.index) == ["ols_cr", "block_fe", "cluster_means", "mixed"]
    assert np.isnan(dg.diagnose("cra2r2", es=0.0, n=5, J=6, rho2=.1, sims=50)
                    .table.loc["mixed", "type_s"])


def test_bad_calls_are_refused():
    with pytest.raises(ValueError, match="supports"):
        dg.diagnose("cra4r4", es=.2, n=5, J=10, rho2=.1)
    with pytest.raises(ValueError, match="omega2"):
        dg.diagnose("bira2c1", es=.2, n=5, J=10, rho2=.1, omega2=.3)
    with pytest.raises(ValueError, match="only n"):
        dg.diagnose("ira1r1", es=.2, n=50, rho2=.1)
    with pytest.raises(ValueError, match="inapplicable"):
        dg.diagnose("ira1r1", es=.2, n=50, estimators=("mixed",))
    with pytest.raises(ValueError, match="block_fe needs blocks"):
        dg.diagnose("cra2r2", es=.2, n=5, J=10, rho2=.1, estimators=("block_fe",))


def test_unit_weighted_variance_follows_eldridges_design_effect():
    # With gamma cluster sizes of CV 0.6 the unit-weighted (OLS) estimator's variance is the
    # PowerUp! variance times Eldridge et al.'s (2006) design-effect ratio
    # (netlib.trials.designs, cv=); checked on the spread of 4 000 simulated estimates
    # (relative Monte Carlo SE of a variance ≈ √(2/S) ≈ 2.2 %)
    kw = dict(n=20, J=30, rho2=0.15)
    d = dg.diagnose("cra2r2", es=0.0, cv=0.6, sims=4000, seed=21, estimators=("ols_cr",), **kw)
    empirical = d.table.loc["ols_cr", "sd_estimate"] ** 2
    analytic = ds.standard_error("cra2r2", cv=0.6, **kw) ** 2
    assert empirical == pytest.approx(analytic, rel=4 * math.sqrt(2 / 4000))
    # and it is clearly larger than with equal sizes
    assert analytic > 1.1 * ds.standard_error("cra2r2", **kw) ** 2


# Every design family against its analytic (PowerUp!) counterpart. In each, one estimator is
# the exact t test of the PowerUp! formula with normal data and equal sizes — its power,
# coverage and bias must agree with the noncentral-t power, 95 % and 0 within 4 Monte Carlo
# SEs, and the spread of its estimates with the PowerUp! SE (relative MC SE of an SD
# ≈ 1/√(2S)):
# * ira1r1 — classical OLS, t(n − 2);
# * bira2c1 / bira2f1 — OLS with block fixed effects, t(Jn − J − 1) (bira2f1's PowerUp! df
#   is J(n − 2)); the fixed block effects remove the between-block variance ρ₂, which
#   PowerUp! expresses as R²₁ = ρ₂ (the share of level-1 variance the block dummies explain);
# * bira2r1 — the means of the site × arm cells with site dummies, t(J − 1);
# * cra3r3 — the level-3 unit means, t(K − 2);
# and, with unequal sizes, cra3r3's level-3 means (unit-weighted within a level-3 unit)
# against PowerUp!'s variance with ``cv`` (the level-2 term times 1 + CV²).
FAMILIES = [
    ("ira1r1", dict(n=60), "ols", dict(n=60)),
    ("bira2c1", dict(n=12, J=8, rho2=.2), "ols", dict(n=12, J=8, r21=.2)),
    ("bira2f1", dict(n=12, J=8, rho2=.2), "ols", dict(n=12, J=8, r21=.2)),
    ("bira2r1", dict(n=12, J=8, rho2=.2, omega2=.5), "cluster_means",
     dict(n=12, J=8, rho2=.2, omega2=.5)),
    ("cra3r3", dict(n=8, J=3, K=14, rho2=.1, rho3=.15), "cluster_means",
     dict(n=8, J=3, K=14, rho2=.1, rho3=.15)),
    ("cra3r3", dict(n=8, J=3, K=14, rho2=.1, rho3=.15, cv=.5), "cluster_means",
     dict(n=8, J=3, K=14, rho2=.1, rho3=.15, cv=.5)),
]


@pytest.mark.parametrize("design,kw,estimator,analytic_kw", FAMILIES)
def test_every_family_agrees_with_its_analytic_power(design, kw, estimator, analytic_kw):
    sims, es = 4000, 0.3
    d = dg.diagnose(design, es=es, sims=sims, seed=7, **kw)
    row = d.table.loc[estimator]
    pw = ds.power(design, es, **analytic_kw)
    se = ds.standard_error(design, **analytic_kw)
    assert within(row["power"], pw, row["power_se"])
    assert within(row["coverage"], 0.95, row["coverage_se"])
    assert within(row["bias"], 0.0, row["bias_se"])
    assert row["sd_estimate"] == pytest.approx(se, rel=4 / math.sqrt(2 * sims))
    # every estimator is unbiased, and each diagnosand has its Monte Carlo SE
    for e, r in d.table.iterrows():
        assert within(r["bias"], 0.0, r["bias_se"]), e
        assert all(np.isfinite(r[f"{x}_se"]) for x in dg.DIAGNOSANDS), e
    assert list(d.table.index) == list(dg.DEFAULT_ESTIMATORS[d.design])


def test_naive_ols_overrejects_under_effect_heterogeneity():
    # bira2r1 with heterogeneous effects: classical OLS with site FE ignores the effect
    # variance and its interval covers less than 95 %; the site-clustered analyses hold
    d = dg.diagnose("bira2r1", es=0.0, n=30, J=10, rho2=.2, omega2=1.0, sims=4000, seed=3)
    t = d.table
    assert t.loc["ols", "coverage"] + 4 * t.loc["ols", "coverage_se"] < .95
    assert within(t.loc["cluster_means", "coverage"], .95, t.loc["cluster_means", "coverage_se"])


def test_classical_ols_and_site_clustered_ses_equal_statsmodels():
    # one bira2 replicate with unequal site sizes: the closed forms against statsmodels fits
    draw = dg._draw_bira(np.random.default_rng(4), 2, n=10, J=6, rho2=.2, omega2=.3, p=.4,
                         es=.2, cv=.4)
    frame = dg.replicate_frame(draw, 1)
    assert frame.groupby("block").size().std() > 0
    b, s, df = (x[1] for x in dg.estimate(draw, "ols"))
    fit = ev.fit_ols(frame, "y", ["treatment"], se="classical", fixed_effects="block")
    assert (b, s, df) == pytest.approx((fit["estimate"].iloc[0], fit["se"].iloc[0],
                                        fit["df"].iloc[0]), rel=1e-9)
    b, s, df = (x[1] for x in dg.estimate(draw, "block_fe", cluster_by_block=True))
    fit = ev.fit_ols(frame, "y", ["treatment"], se="cluster", cluster="block",
                     fixed_effects="block")
    assert (b, s, df) == pytest.approx((fit["estimate"].iloc[0], fit["se"].iloc[0],
                                        fit["df"].iloc[0]), rel=1e-9)
    # and the classical OLS of an individually randomised trial
    draw = dg._draw_ira(np.random.default_rng(5), 1, n=40, p=.3, es=.5)
    frame = dg.replicate_frame(draw, 0)
    b, s, df = (x[0] for x in dg.estimate(draw, "ols"))
    fit = ev.fit_ols(frame, "y", ["treatment"], se="classical")
    assert (b, s, df) == pytest.approx((fit["estimate"].iloc[0], fit["se"].iloc[0], 38),
                                       rel=1e-9)
