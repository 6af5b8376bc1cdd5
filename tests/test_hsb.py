"""High School and Beyond through netlib: the null model of Raudenbush & Bryk (2002) and a
random-slope model, against the book and against lme4.

Published: Raudenbush & Bryk (2002), *Hierarchical Linear Models* (2nd ed.), Table 4.2,
one-way ANOVA with random effects of math achievement: γ₀₀ = 12.64 (SE 0.244), τ₀₀ = 8.61,
σ² = 39.15, ICC = 0.18. lme4 1.1 (R 4, Debian ``r-cran-lme4``), run once at development time
on the same data (``mlmRev::Hsb82``):
``lmer(mAch ~ 1 + (1|school), Hsb82)`` → 12.63697381, SE 0.2443935608, τ₀₀ 8.614024837,
σ² 39.148321891; ``lmer(mAch ~ cses + (cses|school), Hsb82)`` → fixed 12.636192937 and
2.193196278, SEs 0.2445047332 and 0.1282588686, τ₀₀ 8.68104370774, τ₁₁ 0.69399742392,
τ₀₁ 0.04678837596, σ² 36.70019075661 (Raudenbush & Bryk's Table 4.4 reports 12.65, 2.19,
τ₀₀ 8.68, τ₁₁ 0.68, σ² 36.70 for this model).
"""

import pytest

from netlib import load
from netlib.trials import designs as ds
from netlib.trials import evaluation as ev


@pytest.fixture(scope="module")
def hsb():
    return load.load_hsb82()


def test_the_data_are_the_books(hsb):
    assert len(hsb) == 7185 and hsb["school"].nunique() == 160
    assert (hsb.groupby("school")["sector"].first().value_counts().to_dict()
            == {"Public": 90, "Catholic": 70})


def test_null_model_reproduces_table_4_2(hsb):
    fit = ev.null_model(hsb, "mAch", "school")
    a = fit.attrs
    assert round(fit["estimate"].iloc[0], 2) == 12.64
    assert round(a["tau2"], 2) == 8.61 and round(a["sigma2"], 2) == 39.15
    assert round(a["icc"], 2) == 0.18
    # and lme4's REML fit to many digits
    assert fit["estimate"].iloc[0] == pytest.approx(12.63697381, rel=1e-6)
    assert (a["tau2"], a["sigma2"]) == pytest.approx((8.614024837, 39.148321891), rel=1e-3)
    assert fit["se"].iloc[0] == pytest.approx(0.2443935608, rel=1e-3)


def test_model_based_icc_feeds_the_power_functions(hsb):
    icc = ev.null_model(hsb, "mAch", "school").attrs["icc"]
    m = ds.mdes("cra2r2", rho2=icc, n=45, J=160)
    assert m.mdes == pytest.approx(ds.mdes("cra2r2", rho2=0.18, n=45, J=160).mdes, rel=0.01)


def test_random_slope_model_matches_lme4(hsb):
    fit = ev.fit_mixed(hsb, "mAch", [], "school", ["cses"], random_slopes=["cses"])
    est = fit.set_index("term")
    assert est.loc["Intercept", "estimate"] == pytest.approx(12.636192937, rel=1e-4)
    assert est.loc["cses", "estimate"] == pytest.approx(2.193196278, rel=1e-4)
    assert est.loc["cses", "se"] == pytest.approx(0.1282588686, rel=1e-2)
    cov = fit.attrs["cov_re"]
    assert cov.loc["Group", "Group"] == pytest.approx(8.68104370774, rel=1e-3)
    assert cov.loc["cses", "cses"] == pytest.approx(0.69399742392, rel=1e-3)
    assert cov.loc["Group", "cses"] == pytest.approx(0.04678837596, abs=2e-3)
    assert fit.attrs["sigma2"] == pytest.approx(36.70019075661, rel=1e-4)


def test_random_slope_needs_a_fixed_slope(hsb):
    with pytest.raises(ValueError, match="fixed slope"):
        ev.fit_mixed(hsb, "mAch", [], "school", random_slopes=["ses"])
