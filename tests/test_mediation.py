"""netlib.trials.mediation: mediator power (med211, med221, med311, med321, med331).

References: PowerUpR 1.1.0's R code (github.com/cran/PowerUpR, ``R/cra2.R``, ``R/cra3.R``,
``R/utils.R``), sourced into R 4.x at development time (not at test time) and called as
``power.<design>(..., mc = TRUE)`` after ``set.seed(s)``. PowerUpR prints the noncentrality
parameters (``$ncp``, given here to 15 digits) and the powers rounded to 3 decimals (hence
the tolerance ``5e-4``); its Monte Carlo powers (1000 × 1000 draws) are one random draw, so
ours (other seeds, other generator) must agree within Monte Carlo error (4 binomial SEs).
The parameter sets are the package's own examples (``power.med211(esa=.6, …)`` in
``R/cra2.R``; ``power.med311(esa=.49, …)`` in ``R/cra3.R``) and others that exercise every
parameter.
"""

import math

import numpy as np
import pytest

from netlib import power as façade
from netlib.trials import mediation as md

# design, parameters, esa, esb, {path: ncp}, {row: (t, sobel, joint, mc)} of PowerUpR
POWERUPR = [
    # its own example, set.seed(1)
    ("med211", dict(esb1=.1, escp=.1, rhom2=.3, rho2=.3, r22=.6, r21=.6, r2m2=.6, r2m1=.6,
                    n=30, J=80, p=.1), .6, .5,
     {"a": 5.17107604955839, "b1": 4.84090316308263, "B": 4.62563643166109},
     {"a": .999, "b1": .998, "B": .995, "ab1": (.942, .997, .997), "ab2": (.845, .947, .954),
      "aB": (.932, .995, .993)}),
    # set.seed(2)
    ("med211", dict(esb1=.2, escp=0, rhom2=.2, rho2=.15, r22=.3, r21=.4, r2m2=.2, r2m1=.3,
                    n=20, J=40, p=.5), .4, .3,
     {"a": 3.28797974610715, "b1": 5.90879546293537, "B": 2.17662227087017},
     {"a": .892, "b1": 1.0, "B": .562, "ab1": (.819, .892, .910), "ab2": (.106, .094, .087),
      "aB": (.442, .502, .484)}),
    # its own example with r2m1 = r2m3 (= .17; see the module docstring), set.seed(4)
    ("med311", dict(rhom2=.05, rhom3=.26, rho2=.15, rho3=.20, r2m1=.17, r2m2=.07, r2m3=.17,
                    r21=.02, r22=.41, r23=.38, p=.5, n=20, J=4, K=30), .49, .30,
     {"a": 2.52922302289103, "B": 1.81339382841364},
     {"a": .681, "B": .413, "aB": (.314, .282, .295)}),
    # set.seed(5)
    ("med311", dict(rhom2=.1, rhom3=.1, rho2=.1, rho3=.1, r2m1=.2, r2m2=0, r2m3=.2, r21=.3,
                    r22=.2, r23=.5, gm3=1, g3=2, p=.4, n=15, J=5, K=60), .3, .4,
     {"a": 3.39749871861603, "B": 3.67057263220276},
     {"a": .916, "B": .950, "aB": (.703, .871, .875)}),
]


@pytest.mark.parametrize("design,params,esa,esb,ncp,power", POWERUPR)
def test_new_mediators_match_powerupr(design, params, esa, esb, ncp, power):
    m = md.mediator_power(design, esa=esa, esb=esb, mc=True, seed=11, **params)
    t = m.table
    assert esa / m.se_a == pytest.approx(ncp["a"], rel=1e-12)
    assert esb / m.se_b == pytest.approx(ncp["B"], rel=1e-12)
    for row, ref in power.items():
        if isinstance(ref, float):
            assert t.loc[row, "t"] == pytest.approx(ref, abs=5e-4), row
        else:
            sobel, joint, mc = ref
            assert t.loc[row, "sobel"] == pytest.approx(sobel, abs=5e-4), row
            assert t.loc[row, "joint"] == pytest.approx(joint, abs=5e-4), row
            mc_se = math.sqrt(max(mc * (1 - mc), .01) / 1000)
            assert abs(t.loc[row, "mc"] - mc) <= 4 * math.hypot(mc_se, mc_se), row
    assert (m.power_sobel, m.power_joint) == (t.loc["aB", "sobel"], t.loc["aB", "joint"])


def test_med211_within_path_df_and_ncp():
    # PowerUpR example 1: df a 76, b1 2397, B 75; ncp b1 4.84090316308263
    m = md.mediator_power("med211", esa=.6, esb=.5, **POWERUPR[0][1])
    assert (m.df_a, m.df_b) == (76, 75)
    # the b1 row's power is that of a t test with the ncp PowerUpR reports, on nJ − 3 df
    lam = 4.84090316308263
    se_b1 = .1 / lam
    assert m.table.loc["b1", "t"] == pytest.approx(
        md.power_from_se(.1, se_b1, 30 * 80 - 3), rel=1e-10)


def test_med311_uses_the_level_1_mediator_r2_in_both_paths():
    # PowerUpR's own example (r2m1 = .10, r2m3 = .17), set.seed(3): ncp a 2.52597455164472
    # (its .se.a311 uses r2m1), B 1.81339382841364 (its .se.B311 uses r2m3 there, the same B
    # as with r2m1 = .17). netlib's a equals PowerUpR's; its B is PowerUpR's B computed with
    # r2m1 in place of r2m3 — equal to netlib's B at r2m3 = r2m1 in the level-1 term.
    base = dict(rhom2=.05, rhom3=.26, rho2=.15, rho3=.20, r2m1=.10, r2m2=.07, r2m3=.17,
                r21=.02, r22=.41, r23=.38, p=.5, n=20, J=4, K=30)
    m = md.mediator_power("med311", esa=.49, esb=.30, **base)
    assert .49 / m.se_a == pytest.approx(2.52597455164472, rel=1e-12)
    # B's denominator is the variance of path a's numerator: SE_B² (K−g3−1) V_m = outcome var
    vm = m.se_a**2 * .25 * (30 - 4 - 1)
    outcome = .20 * (1 - .38) + .15 * (1 - .41) / 4 + (1 - .35) * (1 - .02) / 80
    assert m.se_b**2 == pytest.approx(outcome / ((30 - 5 - 1) * vm), rel=1e-12)


def test_mc_test_is_seeded_and_close_to_the_joint_test():
    kw = dict(esa=.4, esb=.3, **POWERUPR[1][1])
    a = md.mediator_power("med211", mc=True, seed=3, **kw)
    b = md.mediator_power("med211", mc=True, seed=3, **kw)
    assert a.table.equals(b.table)
    # the Monte Carlo interval and the joint test have nearly the same power (MacKinnon et
    # al. 2004); PowerUpR's example 2 gives .484 vs .502
    assert abs(a.power_mc - a.power_joint) < .06
    # with no indirect effect the MC test rejects at most about α
    null = md.mc_power(0.0, .3, .1, .1, nsims=2000, ndraws=500, seed=1)
    assert null <= .05 + 4 * math.sqrt(.05 * .95 / 2000)


def test_sobel_power_by_hand():
    # Sobel on ~infinite df is the normal: Φ(λ − z) + Φ(−λ − z)
    from scipy import stats
    se = math.sqrt(.4**2 * .1**2 + .3**2 * .15**2)
    lam, z = .12 / se, stats.norm.ppf(.975)
    assert md.sobel_power(.4, .3, .15, .1) == pytest.approx(
        stats.norm.cdf(lam - z) + stats.norm.cdf(-lam - z), abs=1e-7)


def test_mc_power_matches_a_loop_implementation():
    # an independent, loop-based transcription of PowerUpR's .power.mc on our generator
    x, y, sx, sy = .3, .25, .12, .1
    rng = np.random.default_rng(5)
    xs, ys = rng.normal(x, sx, 300), rng.normal(y, sy, 300)
    rej = []
    for i in range(300):
        d = rng.normal(xs[i], sx, 400) * rng.normal(ys[i], sy, 400)
        lo, hi = np.quantile(d, [.025, .975])
        rej.append(lo > 0 or hi < 0)
    # different draws from the vectorised version: the two agree in distribution
    ours = md.mc_power(x, y, sx, sy, nsims=300, ndraws=400, seed=5)
    assert abs(ours - np.mean(rej)) <= 4 * math.sqrt(.25 / 300)


def test_facade_and_bad_calls():
    assert façade.mediator_power is md.mediator_power
    assert set(md.MEDIATOR_DESIGNS) == {"med211", "med221", "med311", "med321", "med331"}
    with pytest.raises(ValueError, match="unknown mediator"):
        md.mediator_power("med222", esa=.1, esb=.1)
    with pytest.raises(TypeError, match="needs esb1"):
        md.mediator_power("med211", esa=.1, esb=.1, rhom2=.1, rho2=.1, n=10, J=20)
    with pytest.raises(TypeError, match="no parameter"):
        md.mediator_power("med311", esa=.1, esb=.1, omega2=.1)
    with pytest.raises(ValueError, match="not feasible"):
        md.mediator_power("med311", esa=.1, esb=.1, rhom2=.1, rhom3=.1, rho2=.1, rho3=.1,
                          n=10, J=2, K=6)


def test_mediators_match_powerupr():
    # PowerUpR 1.1.0 power.med221(esa=.3, esb=.1, escp=.1, rho2=.3, r22=.6, r21=.6, r2m2=.6,
    # n=30, J=80, p=.1): ncp a = 1.28587831126649, b = 1.59077463078772; power (rounded
    # to 3 d.p. by PowerUpR) a .246, b .349, Sobel .170, joint .086
    m = md.mediator_power("med221", esa=.3, esb=.1, escp=.1, rho2=.3, r22=.6, r21=.6,
                          r2m2=.6, n=30, J=80, p=.1)
    assert (.3 / m.se_a, .1 / m.se_b) == pytest.approx((1.28587831126649, 1.59077463078772),
                                                       rel=1e-12)
    assert (m.power_a, m.power_b, m.power_sobel, m.power_joint) == pytest.approx(
        (.246, .349, .170, .086), abs=5e-4)
    # power.med331(esa=.5, esB=.3, rho2=.15, rho3=.15, r21=.2, r22=.2, g3=4, n=20, J=4,
    # K=80, p=.5): ncp a = 2.2220486043289, B = 6.00801603563872; power a .593, B 1,
    # Sobel .549, joint .593
    m = md.mediator_power("med331", esa=.5, esb=.3, rho2=.15, rho3=.15, r21=.2, r22=.2, g3=4,
                          n=20, J=4, K=80, p=.5)
    assert (.5 / m.se_a, .3 / m.se_b) == pytest.approx((2.2220486043289, 6.00801603563872),
                                                       rel=1e-12)
    assert (m.power_a, m.power_b, m.power_sobel, m.power_joint) == pytest.approx(
        (.593, 1.0, .549, .593), abs=5e-4)


def test_med321_matches_powerupr():
    # PowerUpR 1.1.0 power.med321(esa=.49, esB=.30, rhom3=.26, rho2=.15, rho3=.20, r2m2=.07,
    # r2m3=.17, r21=.02, r22=.41, r23=.38, p=.5, n=20, J=4, K=30) (its own example):
    # ncp a = 1.96699923407473, B = 2.33171286543472; power a .473, B .609, Sobel .324,
    # joint .288
    m = md.mediator_power("med321", esa=.49, esb=.30, rhom3=.26, rho2=.15, rho3=.20, r2m2=.07,
                          r2m3=.17, r21=.02, r22=.41, r23=.38, p=.5, n=20, J=4, K=30)
    assert (.49 / m.se_a, .30 / m.se_b) == pytest.approx((1.96699923407473, 2.33171286543472),
                                                         rel=1e-12)
    assert (m.df_a, m.df_b) == (25, 24)
    assert (m.power_a, m.power_b, m.power_sobel, m.power_joint) == pytest.approx(
        (.473, .609, .324, .288), abs=5e-4)


