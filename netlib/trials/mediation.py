"""Power of mediation in cluster-randomised trials: the mediator designs of PowerUpR.

A name reads ``med<T><m><1>``: ``T`` levels, treatment assigned at the top level, the
mediator measured at level ``m``, the outcome at level 1. Formulas are those of PowerUpR
1.1.0 (Bulus, Dong, Kelcey & Spybrook 2021; ``power.med211`` and ``power.med221`` in
``R/cra2.R``, ``power.med311``, ``power.med321`` and ``power.med331`` in ``R/cra3.R``), after
Kelcey, Dong, Spybrook & Wang (2017, *Statistical power for causally defined indirect effects
in group-randomized trials with individual-level mediators*, J. Educ. Behav. Stat.
42:499–530; ``med211``, ``med311``), Kelcey, Dong, Spybrook & Cox (2017, J. Exp. Educ.
85:1–23; ``med221``) and Kelcey, Dong, Spybrook & Shen (2017, J. Exp. Educ.; ``med321``,
``med331``). With ``P = p(1−p)``:

``med211`` — 2-level CRT, level-1 mediator (``esa``: treatment → mediator; ``esb1``: the
within-cluster mediator → outcome slope; ``esb`` = PowerUpR's ``esB``: the between-cluster
slope; ``escp``: direct effect; ``rhom2`` the mediator's ICC)::

    τ²_m = ρ_m2(1 − R²_m2 − P a²/ρ_m2),   σ²_m = (1 − ρ_m2)(1 − R²_m1)
    SE_a²  = (τ²_m + σ²_m/n) / (J P)                                   df J − 4
    σ²_y = (1 − ρ₂)(1 − R²₁ − (1 − ρ_m2)/(1 − ρ₂)·b₁²(1 − R²_m1))
    SE_b1² = σ²_y / ((nJ − J) σ²_m)                                     df nJ − 3
    τ²_y = ρ₂(1 − R²₂) − P(aB + c')² − P[B²ρ_m2(1 − R²_m2)/P + B²(1 − ρ_m2)(1 − R²_m1)/(nP) − a²B²]
    SE_B²  = (τ²_y + σ²_y/n) / (J(τ²_m + σ²_m/n))                       df J − 5

and three indirect effects: ``a·b1`` (within), ``a·(B − b1)`` (contextual; SE of ``B − b1``
``√(SE_B² + SE_b1²)``, df ``J − 5``) and ``a·B`` (the total indirect effect; the headline
``power_sobel``/``power_joint``/``power_mc`` of :class:`MediatorPower`).

``med311`` — 3-level CRT, level-1 mediator::

    V_m = ρ_m3(1 − R²_m3) + ρ_m2(1 − R²_m2)/J + (1 − ρ_m3 − ρ_m2)(1 − R²_m1)/(nJ)
    SE_a² = V_m / (P(K − gm3 − 1))                                       df K − gm3 − 1
    SE_B² = [ρ₃(1 − R²₃) + ρ₂(1 − R²₂)/J + (1 − ρ₃ − ρ₂)(1 − R²₁)/(nJ)] / ((K − g3 − 1) V_m)
                                                                         df K − g3 − 1

(PowerUpR 1.1.0's ``.se.B311`` writes ``(1 − r2m3)`` in the level-1 term of ``V_m`` in the
denominator where its ``.se.a311`` has ``(1 − r2m1)``; ``V_m`` is the same residual mediator
variance in both, so netlib uses ``(1 − R²_m1)`` in both. The two agree when
``r2m1 = r2m3``, which is how ``tests/test_mediation.py`` compares them with PowerUpR.)

``med221``, ``med321``, ``med331`` — see :func:`mediator_power`.

``med_pn21``, ``med_pn31``, ``med_pn32`` — partially nested designs (treatment delivered in
clusters, the controls not clustered or clustered differently; PowerUpR ``R/med_pn.R``):
:func:`netlib.trials.partial_nesting.mediation_paths`.

Tests of the indirect effect ``ab`` (PowerUpR's ``.power.sobel``, ``.power.jt``,
``.power.mc``):

* **Sobel**: ``SE_ab = √(a² SE_b² + b² SE_a²)``, a t test on 10⁸ df (PowerUpR's choice);
* **joint significance**: the product of the powers of the two paths' t tests;
* **Monte Carlo interval** (``mc=True``; MacKinnon, Lockwood & Williams 2004): ``nsims``
  times draw estimates ``â ~ N(a, SE_a²)``, ``b̂ ~ N(b, SE_b²)``, then ``ndraws`` products
  ``N(â, SE_a²)·N(b̂, SE_b²)``; the replicate rejects when the ``(α/2, 1 − α/2)`` quantiles
  of the products exclude 0. Seeded (``seed``), vectorised. PowerUpR counts only a lower
  quantile above 0 (a positive effect); for a positive ``ab`` the two differ by the
  negligible chance that an interval lies wholly below 0.

In the 3-level designs PowerUpR's defaults are ``gm3 = 4`` and ``g3 = 5`` covariates
(``med311``, ``med321``: netlib keeps them); netlib's ``med331`` has always defaulted to
``gm3 = g3 = 0`` and keeps that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from netlib.trials.designs import power_from_se
from netlib.trials.partial_nesting import (
    PN_MEDIATOR_DEFAULTS,
    PN_MEDIATOR_DESIGNS,
    PN_MEDIATOR_PARAMETERS,
    PN_MEDIATOR_REQUIRED,
    check_parameters,
    mediation_paths,
)

MEDIATOR_DESIGNS = ("med211", "med221", "med311", "med321", "med331")
# partially nested (treatment in clusters, controls not): mediator_power accepts them too
PARTIALLY_NESTED_MEDIATOR_DESIGNS = PN_MEDIATOR_DESIGNS  # med_pn21, med_pn31, med_pn32
PARAMETERS = {**PN_MEDIATOR_PARAMETERS,
    "med211": ("esb1", "escp", "rhom2", "rho2", "r21", "r22", "r2m1", "r2m2", "p", "n", "J"),
    "med221": ("escp", "rho2", "r22", "r21", "r2m2", "p", "n", "J"),
    "med311": ("rhom2", "rhom3", "rho2", "rho3", "r2m1", "r2m2", "gm3", "r2m3", "r21", "r22",
               "g3", "r23", "p", "n", "J", "K"),
    "med321": ("rhom3", "rho2", "rho3", "r2m2", "gm3", "r2m3", "r21", "r22", "g3", "r23", "p",
               "n", "J", "K"),
    "med331": ("rho2", "rho3", "gm3", "r2m3", "r21", "r22", "g3", "r23", "p", "n", "J", "K"),
}
REQUIRED = {**PN_MEDIATOR_REQUIRED,
    "med211": ("esb1", "rhom2", "rho2", "n", "J"), "med221": ("rho2", "n", "J"),
    "med311": ("rhom2", "rhom3", "rho2", "rho3", "n", "J", "K"),
    "med321": ("rhom3", "rho2", "rho3", "n", "J", "K"), "med331": ("rho2", "rho3", "n", "J", "K"),
}
DEFAULTS = {"p": 0.5, "escp": 0.0, "r21": 0.0, "r22": 0.0, "r23": 0.0, "r2m1": 0.0,
            "r2m2": 0.0, "r2m3": 0.0}
DEFAULT_COVARIATES = {"med311": (4, 5), "med321": (4, 5), "med331": (0, 0)}  # gm3, g3


@dataclass(frozen=True)
class MediatorPower:
    """Power of the paths of a mediation design: ``a`` (treatment → mediator), ``b``
    (mediator → outcome; PowerUpR's ``B`` in ``med211`` and the 3-level designs), and the
    indirect effect ``ab`` by the Sobel, the joint-significance and (``mc=True``) the Monte
    Carlo test. ``table`` lays every path and indirect effect out as PowerUpR's ``$power``
    (rows ``a``, ``b``/``B``, …, ``ab``/``aB``; columns ``t``, ``sobel``, ``joint``, ``mc``);
    in ``med211`` it also holds ``b1``, ``ab1`` and ``ab2``."""

    design: str
    se_a: float
    se_b: float
    df_a: float
    df_b: float
    power_a: float
    power_b: float
    power_sobel: float
    power_joint: float
    power_mc: float = math.nan
    table: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False, repr=False)


def sobel_power(x: float, y: float, se_x: float, se_y: float, *, alpha: float = 0.05,
                two_tailed: bool = True) -> float:
    """Power of the Sobel test of ``x·y``: ``SE = √(x² SE_y² + y² SE_x²)``, t on 10⁸ df."""
    se = math.sqrt(x**2 * se_y**2 + y**2 * se_x**2)
    return power_from_se(x * y, se, 1e8, alpha=alpha, two_tailed=two_tailed)


def mc_power(x: float, y: float, se_x: float, se_y: float, *, alpha: float = 0.05,
             two_tailed: bool = True, nsims: int = 1000, ndraws: int = 1000,
             seed: int = 0) -> float:
    """Power of the Monte Carlo interval test of ``x·y`` (module docstring), seeded."""
    rng = np.random.default_rng(seed)
    xs = rng.normal(x, se_x, nsims)[:, None]
    ys = rng.normal(y, se_y, nsims)[:, None]
    prod = rng.normal(xs, se_x, (nsims, ndraws)) * rng.normal(ys, se_y, (nsims, ndraws))
    tail = alpha / 2 if two_tailed else alpha
    low, high = np.quantile(prod, [tail, 1 - tail], axis=1)
    reject = low > 0
    if two_tailed:
        reject |= high < 0
    return float(reject.mean())


def _paths(name: str, esa: float, esb: float, g: dict[str, float]
           ) -> dict[str, tuple[float, float, float]]:
    """Effect, SE and df of each path of design ``name`` (module docstring)."""
    if name in PN_MEDIATOR_DESIGNS:
        return mediation_paths(name, esa, esb, g)
    pq = g["p"] * (1 - g["p"])
    n, j = g["n"], g["J"]
    if name == "med211":
        b1, rhom2, rho2 = g["esb1"], g["rhom2"], g["rho2"]
        t2m = rhom2 * (1 - g["r2m2"] - pq * esa**2 / rhom2)
        s2m = (1 - rhom2) * (1 - g["r2m1"])
        s2y = (1 - rho2) * (1 - g["r21"] - (1 - rhom2) / (1 - rho2) * b1**2 * (1 - g["r2m1"]))
        t2y = (rho2 * (1 - g["r22"]) - pq * (esa * esb + g["escp"]) ** 2
               - (esb**2 * rhom2 * (1 - g["r2m2"]) / pq
                  + esb**2 * (1 - rhom2) * (1 - g["r2m1"]) / (n * pq) - esa**2 * esb**2) * pq)
        var_a = (t2m + s2m / n) / (j * pq)
        var_b1 = s2y / ((n * j - j) * s2m)
        var_b = (t2y + s2y / n) / (j * (t2m + s2m / n))
        return {"a": (esa, var_a, j - 4), "b1": (b1, var_b1, n * j - 3), "B": (esb, var_b, j - 5)}
    if name == "med221":
        left = 1 - (g["r2m2"] + pq * esa**2)
        rho2 = g["rho2"]
        var_a = left / (pq * j)
        var_b = (rho2 * (1 - (g["r22"] + pq * (esa * esb + g["escp"]) ** 2 / rho2
                              + (esb**2 / rho2) * (1 - g["r2m2"] - pq * esa**2)))
                 + (1 - rho2) * (1 - g["r21"]) / n) / (j * left)
        return {"a": (esa, var_a, j - 4), "b": (esb, var_b, j - 4)}
    k, gm3, g3 = g["K"], g["gm3"], g["g3"]
    outcome = (g["rho3"] * (1 - g["r23"]) + g["rho2"] * (1 - g["r22"]) / j
               + (1 - g["rho3"] - g["rho2"]) * (1 - g["r21"]) / (n * j))
    if name == "med311":
        vm = (g["rhom3"] * (1 - g["r2m3"]) + g["rhom2"] * (1 - g["r2m2"]) / j
              + (1 - g["rhom3"] - g["rhom2"]) * (1 - g["r2m1"]) / (n * j))
    elif name == "med321":
        vm = g["rhom3"] * (1 - g["r2m3"]) + (1 - g["rhom3"]) * (1 - g["r2m2"]) / j
    else:  # med331
        vm = 1 - g["r2m3"]
    return {"a": (esa, vm / (pq * (k - gm3 - 1)), k - gm3 - 1),
            "B": (esb, outcome / ((k - g3 - 1) * vm), k - g3 - 1)}


def mediator_power(name: str, *, esa: float, esb: float, alpha: float = 0.05,
                   two_tailed: bool = True, mc: bool = False, nsims: int = 1000,
                   ndraws: int = 1000, seed: int = 0, **params: float) -> MediatorPower:
    """Power of a cluster-randomised mediation design (PowerUpR 1.1.0 ``power.<name>``).

    ``med211`` and ``med311``: module docstring.
    ``med221`` (2-level CRT, level-2 mediator): parameters ``escp`` (direct effect), ``rho2``,
    ``r22``, ``r21``, ``r2m2``, ``p``, ``n``, ``J``;
    ``SE_a² = (1 − (R²_m2 + P a²))/(P J)``,
    ``SE_b² = [ρ₂(1 − (R²₂ + P(ab + c')²/ρ₂ + (b²/ρ₂)(1 − R²_m2 − P a²))) + (1−ρ₂)(1−R²₁)/n]
    / (J(1 − (R²_m2 + P a²)))``, df ``J − 4`` for both.
    ``med331`` (3-level CRT, level-3 mediator): ``rho2``, ``rho3``, ``gm3``, ``r2m3``,
    ``r21``, ``r22``, ``g3``, ``r23``, ``p``, ``n``, ``J``, ``K``;
    ``SE_a² = (1 − R²_m3)/(P (K − gm3 − 1))``, ``SE_B² = [ρ₃(1 − R²₃) + ρ₂(1 − R²₂)/J +
    (1−ρ₂−ρ₃)(1 − R²₁)/(nJ)] / ((K − g3 − 1)(1 − R²_m3))``.
    ``med321`` (3-level CRT, level-2 mediator): ``rhom3`` (the mediator's level-3 ICC),
    ``rho2``, ``rho3``, ``r2m2``, ``r2m3``, ``r21``, ``r22``, ``r23``, ``gm3``, ``g3``, ``p``,
    ``n``, ``J``, ``K``; with ``V_m = ρ_m3(1 − R²_m3) + (1 − ρ_m3)(1 − R²_m2)/J``:
    ``SE_a² = V_m/(P(K − gm3 − 1))``, ``SE_B² = [ρ₃(1 − R²₃) + ρ₂(1 − R²₂)/J +
    (1−ρ₂−ρ₃)(1 − R²₁)/(nJ)] / ((K − g3 − 1) V_m)``.
    ``esb`` is the mediator → outcome path (PowerUpR's ``esb``/``esB``); ``mc=True`` adds
    the seeded Monte Carlo interval test (``nsims`` × ``ndraws`` draws).
    ``med_pn21``, ``med_pn31``, ``med_pn32`` (partially nested: treatment delivered in
    clusters, controls not, or differently, clustered; PowerUpR's parameter names, e.g.
    ``rhom_trt``, ``n_ctrl``, ``J_trt``; ``esb`` is PowerUpR's ``esB``):
    :func:`netlib.trials.partial_nesting.mediation_paths`; rows ``a``, ``B``, ``aB``.
    """
    if name not in PARAMETERS:
        raise ValueError(f"unknown mediator design {name!r}; expected one of "
                         f"{MEDIATOR_DESIGNS + PN_MEDIATOR_DESIGNS}")
    check_parameters(name, params, PARAMETERS[name], REQUIRED[name])
    gm3, g3 = DEFAULT_COVARIATES.get(name, (0, 0))
    g = {**DEFAULTS, **PN_MEDIATOR_DEFAULTS, "gm3": gm3, "g3": g3, **params}
    if not 0 < g["p"] < 1:
        raise ValueError("p must be in (0, 1)")
    try:
        paths = _paths(name, esa, esb, g)
    except ZeroDivisionError:
        paths = {"a": (esa, math.nan, 0)}
    if any(not var > 0 or df < 1 for _, var, df in paths.values()):
        raise ValueError(f"{name}: the design is not feasible")
    kw = dict(alpha=alpha, two_tailed=two_tailed)
    rows: dict[str, dict[str, float]] = {}
    for label, (es, var, df) in paths.items():
        rows[label] = {"t": power_from_se(es, math.sqrt(var), df, **kw)}
    b_label = "b" if name == "med221" else "B"
    indirect = {f"a{b_label}": (b_label, None)}
    if name == "med211":
        indirect = {"ab1": ("b1", None), "ab2": ("b2", None), "aB": ("B", None)}
    es_a, var_a, df_a = paths["a"]
    for label, (path, _) in indirect.items():
        if path == "b2":  # the contextual path B − b1 (PowerUpR: SE √(SE_B² + SE_b1²), df of B)
            es_y = paths["B"][0] - paths["b1"][0]
            var_y, df_y = paths["B"][1] + paths["b1"][1], paths["B"][2]
        else:
            es_y, var_y, df_y = paths[path]
        se_a, se_y = math.sqrt(var_a), math.sqrt(var_y)
        joint = (power_from_se(es_a, se_a, df_a, **kw)
                 * power_from_se(es_y, se_y, df_y, **kw))
        rows[label] = {"sobel": sobel_power(es_a, es_y, se_a, se_y, **kw), "joint": joint,
                       "mc": (mc_power(es_a, es_y, se_a, se_y, nsims=nsims, ndraws=ndraws,
                                       seed=seed, **kw) if mc else math.nan)}
    table = pd.DataFrame.from_dict(rows, orient="index").reindex(
        columns=["t", "sobel", "joint", "mc"])
    table.index.name = "path"
    head = f"a{b_label}"
    return MediatorPower(
        name, math.sqrt(var_a), math.sqrt(paths[b_label][1]), df_a, paths[b_label][2],
        rows["a"]["t"], rows[b_label]["t"], rows[head]["sobel"], rows[head]["joint"],
        rows[head]["mc"], table)
