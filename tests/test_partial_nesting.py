"""Partially nested designs against PowerUpR 1.1.0.

Reference values: computed at development time with R 4 by sourcing every ``R/*.R`` file of
PowerUpR 1.1.0 (the CRAN mirror github:cran/PowerUpR, commit ac7e9ab "version 1.1.0") and
calling ``mdes.<design>`` / ``power.<design>`` (``es = 0.3``; the MDES, its ``ncp`` giving
SE = MDES/ncp, and ``df``) for the main-effect designs and ``power.med_pn21`` /
``power.med_pn31`` / ``power.med_pn32`` (``mc = FALSE``; SE_a = esa/ncp[1], SE_B =
esB/ncp[2], df, then PowerUpR's own ``.power.fun`` and ``.power.sobel`` on those SEs, since
its printed table is rounded to 3 decimals) for the mediation designs. Parameters not listed
take PowerUpR's defaults, which netlib's defaults match for these cases (R² = 0 where not
given; alpha = .05, two-tailed). The first case of each main design is a worked example of
Lohr, Schochet & Sanders (2014, NCER 2014-2000) as PowerUpR's source comments cite it
(ira_pn: example 3.3; bira2_pn: example 3.5.2; cra2_pn: example 4.1.2, where PowerUpR notes
Satterthwaite df 67.7 against Lohr et al.'s 64.2).
"""

import math
import warnings

import pytest

from netlib import power as pw
from netlib.trials import designs, partial_nesting
from netlib.trials.mediation import mediator_power

INF = math.inf

MAIN = [  # (design, params, mdes, se, df, power at es = 0.3)
    ("ira_pn", dict(n = 250, rho_ic = 0.1, ic_size = 5, df = INF), 0.400582058609751, 0.142984070596848, INF, 0.554972429428911),
    ("ira_pn", dict(n = 250, rho_ic = 0.1, ic_size = 5), 0.407214072334384, 0.142984070596848, 59.978055470893, 0.541646340422392),
    ("ira_pn", dict(n = 120, rho_ic = 0.2, ic_size = 4, p = 0.4, r21 = 0.3), 0.582160014763892, 0.197202659436654, 19.2246153846154, 0.303847386741193),
    ("ira_pn", dict(n = 300, rho_ic = 0.05, ic_size = 10, p = 0.6, r21 = 0.5, ratio_tc_var = 1.5), 0.262719659918588, 0.0916866007033635, 43.8822023047375, 0.892447553030374),
    ("ira_pn", dict(n = 80, rho_ic = 0.15, ic_size = 1), 0.661846719629985, 0.233263294810569, 77.4905660377358, 0.245786447878406),
    ("bira2_pn", dict(rho2_trt = 0.15, omega2 = 0.5, rho_ic = 0.1, n = 20, J = 15, ic_size = 5, df = INF), 0.399855707951237, 0.142724806429613, INF, 0.55647768451121),
    ("bira2_pn", dict(rho2_trt = 0.15, omega2 = 0.5, rho_ic = 0.1, n = 20, J = 15, ic_size = 5), 0.432669291200398, 0.142724806429613, 12.9494163424125, 0.494225186605896),
    ("bira2_pn", dict(rho2_trt = 0.1, omega2 = 0.3, rho_ic = 0.2, n = 24, J = 30, ic_size = 4, p = 0.4, r21 = 0.4), 0.224780066395921, 0.0766258949558031, 21.7881176885566, 0.962250834364393),
    ("bira2_pn", dict(rho2_trt = 0.2, omega2 = 1, rho_ic = 0, n = 30, J = 10, ic_size = 1), 0.559486604471514, 0.175119007154183, 8, 0.326639279454973),
    ("cra2_pn", dict(rho2_trt = 0.15, rho_ic = 0.1, n = 40, J = 70, ic_size = 10, r21 = 0, df = INF), 0.30054019638198, 0.107275050724465, INF, 0.798588217367615),
    ("cra2_pn", dict(rho2_trt = 0.15, rho_ic = 0.1, n = 40, J = 70, ic_size = 10, r21 = 0), 0.304940633901816, 0.107275050724465, 67.6781065088757, 0.787188494408982),
    ("cra2_pn", dict(rho2_trt = 0.1, rho_ic = 0.05, n = 20, J = 40, ic_size = 5, p = 0.6, r21 = 0.5), 0.259572271742402, 0.08992565155181, 33.2420173984674, 0.899429291479654),
    ("cra2_pn", dict(rho2_trt = 0.25, rho_ic = 0, n = 15, J = 24, ic_size = 1, p = 0.5, r21 = 0.2), 0.586427823912446, 0.2, 22, 0.300079016933104),
    ("bcra3r2_pn", dict(rho3_trt = 0.1, omega3 = 0.5, rho2_trt = 0.15, rho_ic = 0.2, n = 40, J = 60, K = 6, ic_size = 10), 0.398519691147185, 0.114184913383706, 5, 0.56207139666033),
    ("bcra3r2_pn", dict(rho3_trt = 0.05, omega3 = 0.3, rho2_trt = 0.1, rho_ic = 0.1, n = 20, J = 10, K = 20, ic_size = 5, p = 0.4, r21 = 0.3, g3 = 2), 0.164312858608237, 0.0552666097037637, 17, 0.99916113098077),
    ("bcra3r2_pn", dict(rho3_trt = 0.1, omega3 = 0.5, rho2_trt = 0.15, rho_ic = 0.2, n = 40, J = 60, K = 6, ic_size = 10, df = INF), 0.3198987654673, 0.114184913383706, INF, 0.747729010767366),
]
MEDIATION = [  # (design, params, se_a, se_B, df_a, df_B, power a, power B, Sobel, joint)
    ("med_pn21", dict(esa = 0.4, esB = 0.4, esb1 = 0.4, rhom_trt = 0.2, rho_trt = 0.2, r2m1_ctrl = 0.6, r2m1_trt = 0.6, r2m2_trt = 0.6, r2y1_trt = 0.5, r2y2_trt = 0.5, n_ctrl = 50, n_trt = 6, J_trt = 50), 0.0961857613177341, 0.159719141249985, 49, 49, 0.982821764516823, 0.68974131247747, 0.573576513840294, 0.677892773789256),
    ("med_pn21", dict(esa = 0.5, esB = 0.3, esb1 = 0.1, rhom_trt = 0.15, rho_trt = 0.1, r2m1_ctrl = 0.2, r2m1_trt = 0.2, r2m2_trt = 0.2, n_ctrl = 60, n_trt = 8, J_trt = 30, g1_ctrl = 2, g2_trt = 1), 0.13874888515888, 0.183462629942356, 28, 28, 0.935435115563508, 0.351895662104947, 0.31914199363093, 0.329175559347438),
    ("med_pn21", dict(esa = 0.3, esB = 0.5, esb1 = 0.2, rhom_trt = 0.25, rho_trt = 0.2, r2m1_ctrl = 0, r2m1_trt = 0, r2m2_trt = 0, r2y1z_trt = 0.1, r2y2z_trt = 0.2, n_ctrl = 100, n_trt = 5, J_trt = 40), 0.133537140272539, 0.112660142429822, 39, 39, 0.591382087585637, 0.991021029758008, 0.517757062807095, 0.586072085419558),
    ("med_pn31", dict(esa = 0.5, esB = 0.5, esb1 = 0.1, esb2 = 0.1, rhom3_trt = 0.1, rhom2_trt = 0.2, rho3_trt = 0.1, rho2_trt = 0.2, r2m1_ctrl = 0.2, r2m1_trt = 0.2, r2m2_trt = 0.2, r2m3_trt = 0.2, r2y1_trt = 0.2, r2y2_trt = 0.2, r2y3_trt = 0.2, n_ctrl = 60, n_trt = 20, J_trt = 10, K_trt = 60), 0.105669776638901, 0.130188910980824, 59, 59, 0.99646448189736, 0.965420267740466, 0.846604410021124, 0.962007006907213),
    ("med_pn31", dict(esa = 0.4, esB = 0.3, esb1 = 0.2, esb2 = 0.15, rhom3_trt = 0.05, rhom2_trt = 0.15, rho3_trt = 0.08, rho2_trt = 0.12, r2m1_ctrl = 0.3, r2m1_trt = 0.3, r2m2_trt = 0.1, r2m3_trt = 0, n_ctrl = 80, n_trt = 10, J_trt = 4, K_trt = 30, g1_ctrl = 1, g3_trt = 2), 0.103922363088305, 0.212294035941463, 27, 27, 0.959843757925096, 0.275738726998784, 0.263740482196637, 0.264666095927995),
    ("med_pn32", dict(esa = 0.5, esB = 0.5, esb1 = 0.1, esb2 = 0.1, rhom2_ctrl = 0.2, rhom3_trt = 0.1, rhom2_trt = 0.2, rho3_trt = 0.1, rho2_trt = 0.2, r2m1_ctrl = 0.2, r2m2_ctrl = 0.2, r2m1_trt = 0.2, r2m2_trt = 0.2, r2m3_trt = 0.2, r2y1_trt = 0.2, r2y2_trt = 0.2, r2y3_trt = 0.2, n_ctrl = 24, n_trt = 24, J_trt = 12, J_ctrl = 60, K_trt = 60), 0.0658352105861219, 0.130188910980824, 59, 59, 0.9999999817701, 0.965420267740466, 0.928854583667273, 0.965420250140951),
    ("med_pn32", dict(esa = 0.4, esB = 0.35, esb1 = 0.15, esb2 = 0.2, rhom2_ctrl = 0.15, rhom3_trt = 0.05, rhom2_trt = 0.15, rho3_trt = 0.06, rho2_trt = 0.14, r2m1_ctrl = 0.1, r2m2_ctrl = 0.3, r2m1_trt = 0.1, r2m2_trt = 0.3, r2m3_trt = 0.1, n_ctrl = 20, n_trt = 15, J_trt = 5, J_ctrl = 40, K_trt = 35, g2_ctrl = 1, g3_trt = 1), 0.071268727078082, 0.187339941124945, 38, 33, 0.999772708247086, 0.441991533838548, 0.425795670709481, 0.441891072808048),
]


@pytest.mark.parametrize("design,params,mdes,se,df,power_03", MAIN,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(MAIN)])
def test_main_effect_matches_powerupr(design, params, mdes, se, df, power_03):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = pw.mdes(design, **params)
        pwr = pw.power(design, 0.3, **params)
    assert got.mdes == pytest.approx(mdes, rel=1e-9)
    assert got.se == pytest.approx(se, rel=1e-12)
    assert got.df == pytest.approx(df, rel=1e-12)
    assert pwr == pytest.approx(power_03, rel=1e-9)


@pytest.mark.parametrize("design,params,se_a,se_b,df_a,df_b,p_a,p_b,p_sobel,p_joint",
                         MEDIATION, ids=[f"{c[0]}-{i}" for i, c in enumerate(MEDIATION)])
def test_mediation_matches_powerupr(design, params, se_a, se_b, df_a, df_b, p_a, p_b,
                                    p_sobel, p_joint):
    kw = dict(params)
    esa, esb = kw.pop("esa"), kw.pop("esB")
    got = mediator_power(design, esa=esa, esb=esb, **kw)
    assert got.se_a == pytest.approx(se_a, rel=1e-12)
    assert got.se_b == pytest.approx(se_b, rel=1e-12)
    assert (got.df_a, got.df_b) == (df_a, df_b)
    assert got.power_a == pytest.approx(p_a, rel=1e-9)
    assert got.power_b == pytest.approx(p_b, rel=1e-9)
    assert got.power_sobel == pytest.approx(p_sobel, rel=1e-9)
    assert got.power_joint == pytest.approx(p_joint, rel=1e-9)
    assert list(got.table.index) == ["a", "B", "aB"]


def test_registered_under_powerupr_names():
    assert pw.PARTIALLY_NESTED_DESIGNS == partial_nesting.PN_DESIGNS
    assert pw.PARTIALLY_NESTED_MEDIATOR_DESIGNS == partial_nesting.PN_MEDIATOR_DESIGNS
    # the designs sharing PowerUp!'s parameter set are unchanged
    assert not set(partial_nesting.PN_DESIGNS) & set(designs.DESIGNS)
    with pytest.raises(ValueError, match="ira_pn"):
        pw.mdes("ira_pm", n=100)


def test_no_intervention_clusters_is_individual_randomisation():
    """ic_size = 1 in ira_pn: Var = (1 − R²₁)/(nP), the ira1r1 variance (independent
    identity); PowerUpR's Satterthwaite df then differs from ira1r1's n − 2."""
    pn = pw.mdes("ira_pn", n=200, rho_ic=0.0, ic_size=1, r21=0.3, p=0.4)
    ira = pw.mdes("ira1r1", n=200, r21=0.3, p=0.4)
    assert pn.se == pytest.approx(ira.se, rel=1e-12)


def test_cra2_pn_without_groups_is_cra2r2():
    """ic_size = 1 (rho_ic forced to 0): cra2_pn's variance is cra2r2's with R²₂ = R²₁
    (PowerUpR factors r21 into both levels): (1−R²)/(JnP)·(1 + ρ₂(n−1))."""
    with pytest.warns(UserWarning):
        pn = pw.mdes("cra2_pn", n=20, J=30, rho2_trt=0.2, rho_ic=0.1, ic_size=1, r21=0.4)
    crt = pw.mdes("cra2r2", n=20, J=30, rho2=0.2, r21=0.4, r22=0.4)
    assert pn.se == pytest.approx(crt.se, rel=1e-12)


def test_mdes_falls_with_more_groups_and_solves_sample_size():
    big = pw.mdes("ira_pn", n=400, rho_ic=0.1, ic_size=5).mdes
    small = pw.mdes("ira_pn", n=200, rho_ic=0.1, ic_size=5).mdes
    assert big < small
    n = pw.sample_size("ira_pn", 0.3, solve="n", rho_ic=0.1, ic_size=5)
    assert pw.mdes("ira_pn", n=n, rho_ic=0.1, ic_size=5).mdes <= 0.3
    assert pw.mdes("ira_pn", n=n - 1, rho_ic=0.1, ic_size=5).mdes > 0.3


def test_parameters_are_checked():
    with pytest.raises(TypeError, match="needs"):
        pw.mdes("cra2_pn", n=20, J=30)
    with pytest.raises(TypeError, match="no parameter"):
        pw.mdes("ira_pn", n=100, rho_ic=0.1, rho2=0.1)
    with pytest.raises(TypeError, match="needs"):
        mediator_power("med_pn21", esa=0.4, esb=0.4, rhom_trt=0.2, rho_trt=0.2)
