"""netlib.trials.allocation.cosa against exhaustive search and the classical optimum.

References: ``tests/reference.py::cosa_exhaustive`` loops over every integer allocation of
the grid and calls :func:`netlib.trials.designs.mdes` once each (no shared vectorised code);
the closed-form optimal cluster size of Raudenbush (1997, Psychological Methods 2:173–185,
eq. 12), ``n* = √((c_J/c_n)(1 − ρ)/ρ)``, for a two-level cluster trial with a budget.
"""

import math

import pytest

from netlib.trials import allocation as al
from netlib.trials import designs as ds
from tests.reference import cosa_exhaustive

CASES = [
    ("cra2r2", dict(costs={"n": (12, 6), "J": (900, 400)}, sizes={"n": (5, 30), "J": (6, 40)},
                    budget=60_000), dict(rho2=0.2, r22=0.3), (0.5,)),
    ("cra2r2", dict(costs={"n": (12, 6), "J": (900, 400)}, sizes={"n": (5, 30), "J": (6, 40)},
                    budget=60_000), dict(rho2=0.2), (0.3, 0.5, 0.7)),
    ("cra3r3", dict(costs={"n": 5, "J": 150, "K": (2000, 800)},
                    sizes={"n": (5, 15), "J": (2, 4), "K": (4, 24)}, budget=150_000),
     dict(rho2=0.1, rho3=0.15, r23=0.5, g3=1), (0.4, 0.5, 0.6)),
    ("cra2r2", dict(costs={"n": (12, 6), "J": (900, 400)}, sizes={"n": (5, 20), "J": (6, 60)},
                    es=0.4), dict(rho2=0.15, r22=0.5, g2=1), (0.4, 0.6)),
    ("bcra3f2", dict(costs={"n": 10, "J": 300}, sizes={"n": (5, 25), "J": (4, 20), "K": (3, 3)},
                     budget=40_000), dict(rho2=0.2), (0.5,)),
    ("bira2r1", dict(costs={"n": 20, "J": 1000}, sizes={"n": (4, 40), "J": (3, 30)},
                     es=0.25), dict(rho2=0.2, omega2=0.2), (0.5,)),
]


@pytest.mark.parametrize("design,kw,params,p_values", CASES)
def test_cosa_equals_exhaustive_search(design, kw, params, p_values):
    p = p_values[0] if len(p_values) == 1 else (p_values[0], p_values[-1])
    step = p_values[1] - p_values[0] if len(p_values) > 1 else 0.01
    best = al.cosa(design, p=p, p_step=step, **kw, **params)
    mdes, cost = cosa_exhaustive(design, p_values=p_values, **kw, **params)
    assert best.mdes == pytest.approx(mdes, rel=1e-10)
    assert best.cost == pytest.approx(cost, rel=1e-10)
    # the reported allocation is what it says it is
    again = ds.mdes(design, p=best.p, **best.sizes, **params)
    assert again.mdes == pytest.approx(best.mdes, rel=1e-12)
    if "budget" in kw:
        assert best.cost <= kw["budget"] + 1e-6
    else:
        assert best.mdes <= kw["es"] and best.power == pytest.approx(
            ds.power(design, kw["es"], p=best.p, **best.sizes, **params))


@pytest.mark.parametrize("rho,cn,cj", [(0.2, 10, 400), (0.05, 5, 1000), (0.3, 20, 200)])
def test_optimal_cluster_size_is_raudenbushs(rho, cn, cj):
    # with a large budget the df hardly matter and the integer optimum is next to n*
    best = al.cosa("cra2r2", costs={"n": cn, "J": cj}, sizes={"n": (1, 200)}, budget=5e6,
                   rho2=rho)
    n_star = math.sqrt((cj / cn) * (1 - rho) / rho)
    assert abs(best.sizes["n"] - n_star) <= 1


def test_more_money_never_hurts():
    kw = dict(costs={"n": 10, "J": 500}, sizes={"n": (2, 40), "J": (4, 200)}, rho2=0.2)
    m = [al.cosa("cra2r2", budget=b, **kw).mdes for b in (20_000, 40_000, 80_000)]
    assert m[0] > m[1] > m[2]


def test_bad_calls_are_refused():
    with pytest.raises(ValueError, match="exactly one"):
        al.cosa("cra2r2", costs={"n": 1}, sizes={"n": 5}, rho2=.2)
    with pytest.raises(ValueError, match="give a value or bounds for n"):
        al.cosa("cra2r2", costs={"n": 1}, sizes={}, budget=100, rho2=.2)
    with pytest.raises(ValueError, match="no allocation"):
        al.cosa("cra2r2", costs={"n": 10, "J": 500}, sizes={"n": (5, 10), "J": (4, 10)},
                budget=100, rho2=.2)
