"""netlib.trials.designs: the 14 PowerUp! designs, moderators, sample sizes (mediators: test_mediation.py).

Three kinds of reference:

* ``POWERUPR``: values computed once (development time, not at test time) by the R code of
  PowerUpR 1.1.0 (Bulus, Dong, Kelcey & Spybrook, github.com/metinbulus/PowerUpR, 2021-04-08),
  sourced into R 4 and called as ``mdes.<design>(...)``, ``power.<design>(es = .25, ...)``
  (moderators: ``mdesd.<mod>``). Several parameter sets are those of the package's own
  examples (e.g. ``mdes.bira2r1(rho2=.35, omega2=.10, n=83, J=480)``, Dong & Maynard's 2013
  example; ``mdes.mod331(...)`` of Dong, Kelcey & Spybrook 2018); the others exercise every
  parameter. Columns: design, parameters, MDES, lower and upper 95 % bound, power at 0.25,
  df.
* ``direct``: each design's SE and df written out by hand from Dong & Maynard (2013, Table 1
  and the appendix formulas) below, independent of the generic level-by-level engine, and
  compared across a parameter grid.
* properties: monotonicity, reductions of one design to another, Eldridge's design effect.
"""

import itertools
import math

import pytest
from scipy import stats

from netlib.trials import designs as ds
from netlib.trials import evaluation as ev
from netlib.trials import power as pw

POWERUPR = [
    ("ira1r1", dict(n=200), 0.398165865873986, 0.119280479634696, 0.677051252113276, 0.4205382546269, 198),
    ("ira1r1", dict(n=134, p=0.3, r21=0.5, g1=2), 0.376269716583341, 0.112555976813689, 0.639983456352992, 0.460903362406884, 130),
    ("bira2f1", dict(n=55, J=3), 0.438899631958431, 0.131393138685934, 0.746406125230927, 0.358114970852728, 159),
    ("bira2f1", dict(n=20, J=10, r21=0.4, g1=1, p=0.4), 0.314943391333637, 0.0943211368116744, 0.535565645855599, 0.604161125168188, 179),
    ("bira2c1", dict(n=55, J=14), 0.202185401217136, 0.0606941800845123, 0.343676622349761, 0.933738920323787, 755),
    ("bira2c1", dict(n=30, J=8, r21=0.3, g1=2), 0.303900395503549, 0.091075324649047, 0.516725466358051, 0.634914376899031, 229),
    ("bira2r1", dict(rho2=0.35, omega2=0.1, n=83, J=480), 0.0329995485081022, 0.00990200318495688, 0.0560970938312475, 1, 479),
    ("bira2r1", dict(rho2=0.2, omega2=0.3, n=20, J=40, r21=0.5, r2t2=0.2, g2=1, p=0.4), 0.164771644866932, 0.0487730937995785, 0.280770195934286, 0.988999242088444, 38),
    ("bira3r1", dict(rho2=0.1, rho3=0.2, omega2=0.3, omega3=0.1, n=20, J=4, K=30, r21=0.3, r2t2=0.1, r2t3=0.2, g3=1), 0.115211408797141, 0.0339177705821583, 0.196505047012124, 0.999980427514418, 28),
    ("bira4r1", dict(rho2=0.1, rho3=0.1, rho4=0.05, omega2=0.2, omega3=0.2, omega4=0.1, n=10, J=4, K=5, L=20, r21=0.4, r2t2=0, r2t3=0.1, r2t4=0.3, g4=2), 0.0869344247627929, 0.0252426091349461, 0.14862624039064, 0.999999999276668, 17),
    ("cra2r2", dict(rho2=0.2, n=20, J=40), 0.445482460934793, 0.131864665615171, 0.759100256254415, 0.349599280221311, 38),
    ("cra2r2", dict(rho2=0.17, n=15, J=60, r21=0.3, r22=0.5, g2=1, p=0.6), 0.264224899378753, 0.0786038840024781, 0.449845914755028, 0.755322976416337, 57),
    ("cra3r3", dict(rho2=0.06, rho3=0.18, n=20, J=3, K=60), 0.339300835486373, 0.100955385841895, 0.577646285130851, 0.541760008000953, 58),
    ("cra3r3", dict(rho2=0.1, rho3=0.15, n=25, J=4, K=40, r21=0.5, r22=0.4, r23=0.6, g3=2, p=0.4), 0.260827933870638, 0.0771412198400479, 0.444514647901228, 0.766086804547472, 36),
    ("bcra3r2", dict(rho2=0.1, rho3=0.2, omega3=0.3, n=20, J=10, K=12), 0.299861603503909, 0.0853361063900123, 0.514387100617805, 0.647070505052261, 11),
    ("bcra3r2", dict(rho2=0.15, rho3=0.1, omega3=0.5, n=25, J=6, K=30, r21=0.3, r22=0.5, r2t3=0.2, g3=1, p=0.4), 0.173104733045636, 0.0509613299882966, 0.295248136102975, 0.981464145646988, 28),
    ("bcra3f2", dict(rho2=0.2, n=20, J=44, K=5), 0.185930386336382, 0.0557089563370149, 0.316151816335749, 0.96463722836414, 210),
    ("bcra3f2", dict(rho2=0.15, n=15, J=10, K=6, r21=0.4, r22=0.5, g2=1), 0.24389173232211, 0.0724014238477624, 0.415382040796459, 0.819210462243422, 47),
    ("bcra4r2", dict(rho2=0.1, rho3=0.1, rho4=0.1, omega3=0.2, omega4=0.2, n=10, J=4, K=4, L=20, r21=0.3, r22=0.4, r2t3=0.1, r2t4=0.2, g4=1), 0.144776825010344, 0.0421214657334423, 0.247432184287245, 0.997936825288801, 18),
    ("bcra4r3", dict(rho2=0.1, rho3=0.15, rho4=0.05, omega4=0.3, n=15, J=3, K=6, L=15, r21=0.3, r22=0.2, r23=0.4, r2t4=0.1, g4=1, p=0.4), 0.250001381274514, 0.0717827540291837, 0.428220008519845, 0.799797223365815, 13),
    ("bcra4f3", dict(rho2=0.1, rho3=0.2, n=25, J=5, K=20, L=3), 0.34991075107306, 0.104037011032587, 0.595784491113532, 0.51688405674829, 54),
    ("bcra4f3", dict(rho2=0.12, rho3=0.15, n=20, J=4, K=10, L=4, r21=0.3, r22=0.3, r23=0.5, g3=2), 0.293040727054895, 0.0863898991101014, 0.499691554999689, 0.666789910516767, 30),
    ("cra4r4", dict(rho2=0.1, rho3=0.05, rho4=0.05, n=10, J=2, K=3, L=20), 0.411984358212097, 0.119863003114658, 0.704105713309537, 0.398392018202449, 18),
    ("cra4r4", dict(rho2=0.15, rho3=0.1, rho4=0.05, n=12, J=3, K=4, L=30, r21=0.3, r22=0.3, r23=0.2, r24=0.5, g4=1, p=0.45), 0.255041383652983, 0.0750250437905367, 0.435057723515429, 0.784341531188351, 27),
]

POWERUPR_MODERATORS = [
    ("mod221", dict(rho2=0.2, omegam2=0.2, r2m2=0.2, n=4, J=20), 0.638243423301361, 0.185690965955791, 1.09079588064693, 0.195839391227787, 18),
    ("mod221", dict(rho2=0.2, omegam2=0, r2m2=0.2, n=4, J=20), 0.569915990249654, 0.169572493420607, 0.970259487078701, 0.23322220015656, 58),
    ("mod221", dict(omegam2=0.2, r2m2=0.5, rho2=0.2, n=4, J=20, q=0.3), 1.30665392522509, 0.380158761824652, 2.23314908862553, 0.0836664823746046, 18),
    ("mod222", dict(rho2=0.2, n=4, J=20), 0.943804631267145, 0.273431714327151, 1.61417754820714, 0.115427642929031, 16),
    ("mod222", dict(rho2=0.2, n=4, J=20, q=0.5, r21=0.3, r22=0.4, g2=1), 1.5786592898096, 0.456185800664289, 2.7011327789549, 0.0729853764417843, 15),
    ("mod331", dict(rho3=0.05, rho2=0.12, omegam2=0.08, omegam3=0.07, p=0.4, q=0.7, g1=1, r21=0.2, r2m2=0, r2m3=0, n=20, J=4, K=60), 0.160044729782622, 0.0476196217554417, 0.272469837809803, 0.992163606586262, 58),
    ("mod331", dict(rho3=0.05, rho2=0.12, omegam2=0.08, omegam3=0.07, p=0.4, g1=1, r21=0.2, r2m2=0, r2m3=0, n=20, J=4, K=60), 0.089483666945231, 0.0266249215391815, 0.152342412351281, 0.999999997752319, 58),
    ("mod331", dict(rho3=0.05, rho2=0.12, omegam2=0.1, omegam3=0, p=0.4, q=0.7, g1=1, r21=0.2, r2m2=0, r2m3=0, n=20, J=4, K=60), 0.153087327364672, 0.0458459092409256, 0.260328745488419, 0.995544413246644, 177),
    ("mod332", dict(rho3=0.1, rho2=0.1, omegam3=0.05, q=0.5, g2=1, r21=0.3, r22=0.4, r2m3=0, n=20, J=4, K=60), 0.224376149737551, 0.0667607574204836, 0.381991542054618, 0.877392082875162, 58),
    ("mod332", dict(rho3=0.1, rho2=0.1, omegam3=0, g2=1, r21=0.3, r22=0.4, r2m3=0, n=20, J=4, K=60), 0.107887248185791, 0.032309591353676, 0.183464905017906, 0.999997081582591, 177),
    ("mod333", dict(rho3=0.1, rho2=0.1, q=0.5, g3=1, r21=0.3, r22=0.4, r23=0.5, n=20, J=4, K=60), 0.412793182887319, 0.122756909029609, 0.70282945674503, 0.396511747672723, 55),
    ("mod333", dict(rho3=0.1, rho2=0.1, g3=1, r21=0.3, r22=0.4, r23=0.5, n=20, J=4, K=60), 0.20639659144366, 0.0613784545148044, 0.351414728372515, 0.924202929148833, 55),
]


@pytest.mark.parametrize("design,params,mdes,lcl,ucl,power,df",
                         POWERUPR + POWERUPR_MODERATORS)
def test_designs_and_moderators_match_powerupr(design, params, mdes, lcl, ucl, power, df):
    m = ds.mdes(design, **params)
    assert m.df == df
    assert (m.mdes, m.ci_low, m.ci_high) == pytest.approx((mdes, lcl, ucl), rel=1e-12)
    assert ds.power(design, 0.25, **params) == pytest.approx(power, rel=1e-9, abs=1e-12)


def test_every_design_has_a_powerupr_reference():
    assert {c[0] for c in POWERUPR} == set(ds.MAIN_DESIGNS)
    assert {c[0] for c in POWERUPR_MODERATORS} == set(ds.MODERATOR_DESIGNS)
    assert len(ds.MAIN_DESIGNS) == 14


# ------------------------------------------------------------------ direct formulas
def direct(design, n=1, J=1, K=1, L=1, p=0.5, rho2=0, rho3=0, rho4=0, omega2=0, omega3=0,
           omega4=0, r21=0, r22=0, r23=0, r24=0, r2t2=0, r2t3=0, r2t4=0, g1=0, g2=0, g3=0,
           g4=0):
    """(variance, df) of each design written out separately (Dong & Maynard 2013)."""
    P = p * (1 - p)
    r1 = 1 - rho2 - rho3 - rho4
    return {
        "ira1r1": ((1 - r21) / (P * n), n - g1 - 2),
        "bira2f1": ((1 - r21) / (P * J * n), J * (n - 2) - g1),
        "bira2c1": ((1 - r21) / (P * J * n), J * (n - 1) - g1 - 1),
        "bira2r1": (rho2 * omega2 * (1 - r2t2) / J + (1 - rho2) * (1 - r21) / (P * J * n),
                    J - g2 - 1),
        "bira3r1": (rho3 * omega3 * (1 - r2t3) / K + rho2 * omega2 * (1 - r2t2) / (J * K)
                    + (1 - rho2 - rho3) * (1 - r21) / (P * J * K * n), K - g3 - 1),
        "bira4r1": (rho4 * omega4 * (1 - r2t4) / L + rho3 * omega3 * (1 - r2t3) / (K * L)
                    + rho2 * omega2 * (1 - r2t2) / (J * K * L)
                    + r1 * (1 - r21) / (P * J * K * L * n), L - g4 - 1),
        "cra2r2": (rho2 * (1 - r22) / (P * J) + (1 - rho2) * (1 - r21) / (P * J * n),
                   J - g2 - 2),
        "cra3r3": (rho3 * (1 - r23) / (P * K) + rho2 * (1 - r22) / (P * J * K)
                   + (1 - rho2 - rho3) * (1 - r21) / (P * J * K * n), K - g3 - 2),
        "cra4r4": (rho4 * (1 - r24) / (P * L) + rho3 * (1 - r23) / (P * K * L)
                   + rho2 * (1 - r22) / (P * J * K * L) + r1 * (1 - r21) / (P * J * K * L * n),
                   L - g4 - 2),
        "bcra3r2": (rho3 * omega3 * (1 - r2t3) / K + rho2 * (1 - r22) / (P * J * K)
                    + (1 - rho2 - rho3) * (1 - r21) / (P * J * K * n), K - g3 - 1),
        "bcra3f2": (rho2 * (1 - r22) / (P * J * K) + (1 - rho2) * (1 - r21) / (P * J * K * n),
                    K * (J - 2) - g2),
        "bcra4r2": (rho4 * omega4 * (1 - r2t4) / L + rho3 * omega3 * (1 - r2t3) / (K * L)
                    + rho2 * (1 - r22) / (P * J * K * L) + r1 * (1 - r21) / (P * J * K * L * n),
                    L - g4 - 1),
        "bcra4r3": (rho4 * omega4 * (1 - r2t4) / L + rho3 * (1 - r23) / (P * K * L)
                    + rho2 * (1 - r22) / (P * J * K * L) + r1 * (1 - r21) / (P * J * K * L * n),
                    L - g4 - 1),
        "bcra4f3": (rho3 * (1 - r23) / (P * K * L) + rho2 * (1 - r22) / (P * J * K * L)
                    + (1 - rho2 - rho3) * (1 - r21) / (P * J * K * L * n), L * (K - 2) - g3),
    }[design]


def grid(design):
    s = ds.spec(design)
    values = {"n": [6, 25], "J": [4, 11], "K": [5, 9], "L": [6, 13], "p": [0.5, 0.35],
              "rho2": [0.05, 0.2], "rho3": [0.1], "rho4": [0.04], "r21": [0, 0.5], "r22": [0.3],
              "r23": [0.4], "r24": [0.6], "omega2": [0.3], "omega3": [0.2], "omega4": [0.5],
              "r2t2": [0.1], "r2t3": [0.2], "r2t4": [0.3], "g1": [0, 2], "g2": [1], "g3": [1],
              "g4": [1]}
    names = [k for k in s.parameters if k in values]
    return [dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(values[k] for k in names))]


GRID = [(d, c) for d in ds.MAIN_DESIGNS for c in grid(d)[::3]]


@pytest.mark.parametrize("design,params", GRID)
def test_generic_engine_equals_direct_formulas(design, params):
    var, df = direct(design, **params)
    assert ds.standard_error(design, **params) == pytest.approx(math.sqrt(var), rel=1e-13)
    assert ds.degrees_of_freedom(design, **params) == df
    t1, t2 = stats.t.ppf(0.975, df), stats.t.ppf(0.8, df)
    assert ds.mdes(design, **params).mdes == pytest.approx((t1 + t2) * math.sqrt(var),
                                                           rel=1e-12)


def test_old_names_are_aliases():
    c = dict(rho2=0.2, n=20, J=40, r22=0.5, g2=1)
    assert pw.mdes("cra2_2r", **c).mdes == ds.mdes("cra2r2", **c).mdes
    assert pw.standard_error("bcra4_3f", rho2=.1, rho3=.2, n=25, J=5, K=20, L=3) == \
        ds.standard_error("bcra4f3", rho2=.1, rho3=.2, n=25, J=5, K=20, L=3)
    assert pw.power("ira", 0.3, n=100) == ds.power("ira1r1", 0.3, n=100)


def test_designs_reduce_to_each_other():
    # with no ICC above level 1, random blocks and no effect heterogeneity, bira2r1 is the
    # constant-effect design on the SE
    a = ds.standard_error("bira2r1", rho2=0.0, omega2=0.0, n=30, J=10)
    assert a == pytest.approx(ds.standard_error("bira2c1", n=30, J=10))
    # a four-level CRT with rho4 = 0 and L top units of one K is a three-level CRT
    b = ds.standard_error("cra4r4", rho2=.1, rho3=.2, rho4=0, n=10, J=3, K=1, L=40)
    assert b == pytest.approx(ds.standard_error("cra3r3", rho2=.1, rho3=.2, n=10, J=3, K=40))


def test_unequal_cluster_sizes_follow_eldridge():
    # without covariates the variance ratio is Eldridge et al.'s (2006) design effect with
    # CV over the design effect with equal sizes (computed by netlib.trials.evaluation)
    rho, m, j = 0.15, 20, 40
    for cv in (0.0, 0.4, 0.9):
        ratio = (ds.standard_error("cra2r2", rho2=rho, n=m, J=j, cv=cv)
                 / ds.standard_error("cra2r2", rho2=rho, n=m, J=j)) ** 2
        assert ratio == pytest.approx(ev.design_effect(m, rho, cv) / ev.design_effect(m, rho))
    with pytest.raises(TypeError, match="no parameter"):
        ds.mdes("ira1r1", n=100, cv=0.5)


@pytest.mark.parametrize("design,params,solve", [
    ("cra2r2", dict(rho2=.2, n=20), "J"), ("cra3r3", dict(rho2=.06, rho3=.18, n=20, J=3), "K"),
    ("ira1r1", {}, "n"), ("bcra3f2", dict(rho2=.2, n=20, K=5), "J"),
    ("bcra4r2", dict(rho2=.1, rho3=.1, rho4=.1, omega3=.2, omega4=.2, n=10, J=4, K=4), "L"),
    ("cra2r2", dict(rho2=.2, J=200), "n"),
])
def test_sample_size_is_the_smallest_that_reaches_the_mdes(design, params, solve):
    es = 0.25
    size = ds.sample_size(design, es, solve=solve, **params)
    assert ds.mdes(design, **{**params, solve: size}).mdes <= es
    try:
        below = ds.mdes(design, **{**params, solve: size - 1}).mdes
    except ValueError:
        below = math.inf
    assert below > es


def test_sample_size_agrees_with_powerupr_mrss():
    # PowerUpR 1.1.0: mrss.cra2r2(es=.25, rho2=.2, n=20) -> J = 123;
    # mrss.cra3r3(es=.25, rho2=.06, rho3=.18, n=20, J=3) -> K = 109; mrss.ira1r1(es=.25) ->
    # n = 504; mrss.bcra3f2(es=.2, rho2=.2, n=20, K=5) -> J = 38. PowerUpR iterates to a
    # tolerance and rounds, so the exact smallest size may differ by one.
    for design, params, solve, es, theirs in [
        ("cra2r2", dict(rho2=.2, n=20), "J", .25, 123),
        ("cra3r3", dict(rho2=.06, rho3=.18, n=20, J=3), "K", .25, 109),
        ("ira1r1", {}, "n", .25, 504), ("bcra3f2", dict(rho2=.2, n=20, K=5), "J", .2, 38)]:
        ours = ds.sample_size(design, es, solve=solve, **params)
        assert abs(ours - theirs) <= 1


def test_bad_parameters_are_named():
    with pytest.raises(ValueError, match="unknown design"):
        ds.mdes("cra5r5", n=1)
    with pytest.raises(TypeError, match="bira2r1 needs omega2"):
        ds.mdes("bira2r1", rho2=.2, n=20, J=10)
    with pytest.raises(TypeError, match="no parameter"):
        ds.mdes("cra2r2", rho2=.2, rho3=.1, n=20, J=10)
    with pytest.raises(ValueError, match="too small"):
        ds.mdes("mod222", rho2=.2, n=20, J=4)


def test_sample_size_beyond_the_floor_is_refused():
    # with rho2 = .2 and 60 clusters the MDES cannot fall below 2.8·√(.2/15) ≈ .32
    with pytest.raises(ValueError, match="reaches an MDES"):
        ds.sample_size("cra2r2", 0.25, solve="n", rho2=.2, J=60)
