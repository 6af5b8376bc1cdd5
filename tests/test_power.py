"""netlib.trials.power against an independent implementation of PowerUp! and published values.

Oracle: the ``pypowerup`` package (Sophia M. Yang, BSD), a separate Python transcription of
Dong & Maynard's (2013) PowerUp! formulas. Its ``power`` evaluates a *central* t shifted by
the noncentrality (``scipy.stats.t.cdf(x, df, loc=λ)``), which is PowerUp!'s spreadsheet
shortcut; it is compared with our ``method="central"``, and our default noncentral power is
checked against scipy's noncentral t computed here and, in test_simulate.py, by simulation.
"""

import itertools
import math

import pypowerup
import pytest
from scipy import stats

from netlib.trials import power as pw

CASES = {
    "ira": [dict(n=n, p=p, r21=r, g1=g) for n, p, r, g in
            itertools.product([40, 134, 2000], [0.5, 0.3], [0.0, 0.5], [0, 3])],
    "bira2_1c": [dict(n=n, J=j, r21=r) for n, j, r in itertools.product([10, 30], [4, 20], [0, .4])],
    "cra2_2r": [dict(n=n, J=j, rho2=rho, r21=r1, r22=r2, g2=g, p=p) for n, j, rho, r1, r2, g, p in
                itertools.product([5, 19], [20, 134], [0.1, 0.2], [0, .5], [0, .7], [0, 1],
                                  [.5, .4])],
    "cra3_3r": [dict(n=n, J=j, K=k, rho2=r2, rho3=r3, r23=r, g3=g) for n, j, k, r2, r3, r, g in
                itertools.product([20, 25], [3, 15], [30, 124], [.05, .1], [.17, .22], [0, .6],
                                  [0, 1])],
    "bcra3_2f": [dict(n=n, J=j, K=k, rho2=r2, r22=r, g2=g) for n, j, k, r2, r, g in
                 itertools.product([20, 488], [10, 41], [3, 4], [.17, .2], [0, .5], [0, 1])],
    "bcra4_3f": [dict(n=n, J=j, K=k, L=l_, rho2=r2, rho3=r3, g3=g) for n, j, k, l_, r2, r3, g in
                 itertools.product([25], [5, 15], [20, 41], [3], [.05], [.17, .2], [0, 1])],
}
PARAMS = [(d, c) for d, cs in CASES.items() for c in cs]


def _oracle_kw(design, c):
    kw = dict(c)
    g = kw.pop("g1", 0) + kw.pop("g2", 0) + kw.pop("g3", 0)
    kw.setdefault("J", 1)
    return dict(kw, g=g)


@pytest.mark.parametrize("design,c", PARAMS)
def test_mdes_matches_pypowerup(design, c):
    ours = pw.mdes(design, **c)
    theirs = pypowerup.effect_size(design, **_oracle_kw(design, c))
    assert ours.mdes == pytest.approx(theirs, rel=1e-10)


@pytest.mark.parametrize("design,c", PARAMS[::4])
@pytest.mark.parametrize("es", [0.1, 0.25])
def test_central_power_matches_pypowerup(design, c, es):
    ours = pw.power(design, es, method="central", **c)
    assert ours == pytest.approx(pypowerup.power(design, es=es, **_oracle_kw(design, c)),
                                 rel=1e-10)


@pytest.mark.parametrize("design,c", PARAMS[::6])
def test_noncentral_power_by_hand(design, c):
    se, df = pw.standard_error(design, **c), pw.degrees_of_freedom(design, **c)
    t1 = stats.t.ppf(0.975, df)
    lam = 0.2 / se
    expected = 1 - stats.nct.cdf(t1, df, lam) + stats.nct.cdf(-t1, df, lam)
    assert pw.power(design, 0.2, **c) == pytest.approx(expected, rel=1e-9)


def test_bloom_multipliers():
    # Bloom (2006), "The core analytics of randomized experiments for social research"
    # (MDRC): for large samples the MDES multiplier is 2.8 two-tailed and 2.5 one-tailed at
    # alpha = .05 and power = .80.
    assert pw.multiplier(1e7) == pytest.approx(2.80, abs=0.005)
    assert pw.multiplier(1e7, two_tailed=False) == pytest.approx(2.49, abs=0.005)
    assert pw.multiplier(20) > pw.multiplier(100) > pw.multiplier(1e7)


def test_mdes_interval_and_power_at_the_mdes():
    m = pw.mdes("cra2_2r", rho2=0.2, n=20, J=40)
    t1 = stats.t.ppf(0.975, m.df)
    assert (m.ci_low, m.ci_high) == pytest.approx((m.mdes - t1 * m.se, m.mdes + t1 * m.se))
    # by construction, the central shortcut gives the target power at the MDES
    assert pw.power("cra2_2r", m.mdes, method="central", rho2=0.2, n=20, J=40) == \
        pytest.approx(0.80, abs=1e-3)
    assert "MDES = " in str(m) and "df = 38" in str(m)


def test_formulas_reduce_to_each_other():
    # a 2-level cluster design with rho2 = 0 is individual assignment of J*n units (SE)
    a = pw.standard_error("cra2_2r", rho2=0.0, n=10, J=50)
    b = pw.standard_error("ira", n=500)
    assert a == pytest.approx(b)
    # three levels with rho3 = 0 and K clusters of J: SE of a 2-level design with J*K clusters
    c = pw.standard_error("cra3_3r", rho2=0.2, rho3=0.0, n=10, J=1, K=50)
    assert c == pytest.approx(pw.standard_error("cra2_2r", rho2=0.2, n=10, J=50))
    # the MDES falls with more clusters and rises with the ICC
    assert pw.mdes("cra2_2r", rho2=.2, n=20, J=60).mdes < pw.mdes("cra2_2r", rho2=.2, n=20,
                                                                     J=30).mdes
    assert pw.mdes("cra2_2r", rho2=.3, n=20, J=60).mdes > pw.mdes("cra2_2r", rho2=.1, n=20,
                                                                     J=60).mdes
    # power is monotone in the effect and reaches alpha at zero effect
    assert pw.power("ira", 0.0, n=200) == pytest.approx(0.05, abs=1e-9)
    assert math.isclose(pw.power("ira", 0.5, n=2000), 1.0, abs_tol=1e-9)


def test_bad_parameters_are_named():
    with pytest.raises(ValueError, match="unknown design"):
        pw.mdes("cra5", n=1)
    with pytest.raises(TypeError, match="cra2_2r needs rho2"):
        pw.mdes("cra2_2r", n=20, J=10)
    with pytest.raises(TypeError, match="unknown parameter"):
        pw.mdes("ira", n=20, icc=0.2)
    with pytest.raises(ValueError, match="too small"):
        pw.mdes("cra2_2r", rho2=0.2, n=20, J=2)
