"""Partially nested designs: treatment delivered in clusters, the control arm not clustered.

Tutoring groups, classes formed for a programme or coaching cohorts exist only in the
treatment arm: treated students are nested in intervention clusters (``ic_size`` students
each, ICC ``rho_ic``), the controls are not (Lohr, Schochet & Sanders 2014, *Partially
Nested Randomized Controlled Trials in Education Research: A Guide to Design and Analysis*,
NCER 2014-2000, National Center for Education Research,
https://ies.ed.gov/ncer/pubs/20142000/pdf/20142000.pdf). The formulas and parameter names are those
of PowerUpR 1.1.0 (Bulus, Dong, Kelcey & Spybrook 2021; ``mdes.ira_pn`` in ``R/ira.R``,
``mdes.bira2_pn`` in ``R/bira2.R``, ``mdes.cra2_pn`` in ``R/cra2.R``, ``mdes.bcra3r2_pn``
in ``R/bcra3r2.R``; the mediation functions ``power.med_pn21``, ``power.med_pn31``,
``power.med_pn32`` of ``R/med_pn.R``). With ``P = p(1−p)``, ``m = ic_size``:

``ira_pn`` — individuals randomised (``n`` in all, share ``p`` treated), the treated served
in groups of ``m``::

    Var = (1 − R²₁)/(n P) · (1 − p ρ_ic)/(1 − ρ_ic) · [1 + ρ_ic (1 − p)(m − 1)/(1 − p ρ_ic)]

``bira2_pn`` — the same within ``J`` random blocks of ``n`` (block-by-treatment variance
``ρ₂ω₂``; ``rho2_trt``, ``omega2``)::

    Var = (1 − R²₁)/(J n P) · (1 − p ρ_ic)/(1 − ρ_ic)
          · [1 + (ρ₂ω₂ n P − ρ₂ + ρ_ic (1 − p)(m − 1))/(1 − p ρ_ic)]

``cra2_pn`` — ``J`` clusters of ``n`` randomised, the treated in intervention clusters
inside their cluster::

    Var = (1 − R²₁)/(J n P) · (1 − p ρ_ic)/(1 − ρ_ic)
          · [1 + (ρ₂ (n − 1) + ρ_ic (1 − p)(m − 1))/(1 − p ρ_ic)]

``bcra3r2_pn`` — ``K`` random blocks of ``J`` clusters of ``n`` (``rho3_trt``, ``omega3``)::

    Var = (1 − R²₁)/(K J n P) · (1 − p ρ_ic)/(1 − ρ_ic)
          · [1 + (ρ₃ω₃ J n P − ρ₃ + ρ₂ (n − 1) + ρ_ic (1 − p)(m − 1))/(1 − p ρ_ic)]

Degrees of freedom (``df=None``): Satterthwaite's (1946) approximation as PowerUpR computes
it. ``ira_pn``: with ``I_t = n p/m`` intervention clusters, ``n_c = n(1 − p)`` controls and
``v = ratio_tc_var · (1/m + ρ_ic/(1 − ρ_ic))`` (``ratio_tc_var``: treatment-to-control
level-1 variance ratio)::

    df = (n_c − 1)(I_t − 1)(I_t + n_c v)² / ((I_t − 1) I_t² + (n_c − 1) n_c² v²)

``bira2_pn``, ``cra2_pn``: with ``q = 1 − p``, ``i_t = n/m``,
``x_t = ρ₂ + ρ_ic/i_t + (1 − ρ₂ − ρ_ic)/(i_t m)``, ``x_c = ρ₂ + (1 − ρ₂ − ρ_ic)/n``::

    df = (x_c/q + x_t/p)² / (x_c²/(q²(J q − 1)) + x_t²/(p²(J p − 1)))

``bcra3r2_pn``: ``K − g3 − 1``. Any design takes ``df=`` explicitly (``df=math.inf``: the
z test of Lohr et al.'s worked examples). As in PowerUpR, ``rho_ic`` is set to 0 (with a
warning) when ``ic_size == 1`` in the three designs with clusters above the groups. Unlike
PowerUpR, netlib has no default ICCs: ``rho_ic`` (``ira_pn``), ``rho2_trt``, ``rho3_trt``,
``omega2`` and ``omega3`` must be given; PowerUpR's unused ``g2`` of ``bira2_pn`` is not
accepted. MDES and power follow from ``Var`` and ``df`` as for every design
(:mod:`netlib.trials.designs`).

Mediation (PowerUpR ``power.med_pn21`` … ``med_pn32``, after Kelcey, Bai & Xie 2020,
*Statistical power in partially nested designs probing multilevel mediation*, Psychotherapy
Research, doi:10.1080/10503307.2020.1717012 — the reference PowerUpR's ``man/med_pn.Rd``
gives): see :func:`mediation_paths`; :func:`netlib.trials.mediation.mediator_power` runs them.
"""

from __future__ import annotations

import warnings

PN_DESIGNS = ("ira_pn", "bira2_pn", "cra2_pn", "bcra3r2_pn")
PN_PARAMETERS = {
    "ira_pn": ("n", "p", "rho_ic", "ic_size", "r21", "ratio_tc_var", "df"),
    "bira2_pn": ("n", "J", "p", "rho2_trt", "omega2", "rho_ic", "ic_size", "r21", "df"),
    "cra2_pn": ("n", "J", "p", "rho2_trt", "rho_ic", "ic_size", "r21", "df"),
    "bcra3r2_pn": ("n", "J", "K", "p", "rho3_trt", "omega3", "rho2_trt", "rho_ic", "ic_size",
                   "r21", "g3", "df"),
}
PN_REQUIRED = {
    "ira_pn": ("n", "rho_ic"), "bira2_pn": ("n", "J", "rho2_trt", "omega2"),
    "cra2_pn": ("n", "J", "rho2_trt"), "bcra3r2_pn": ("n", "J", "K", "rho3_trt", "omega3",
                                                       "rho2_trt"),
}
PN_DEFAULTS: dict[str, float | None] = {"p": 0.5, "rho_ic": 0.0, "ic_size": 1, "r21": 0.0,
                                        "ratio_tc_var": 1.0, "g3": 0, "df": None}


def _satterthwaite_blocks(q: dict) -> float:
    """Satterthwaite df of ``bira2_pn`` / ``cra2_pn`` (module docstring)."""
    p, n, j, m = q["p"], q["n"], q["J"], q["ic_size"]
    rho2, rho_ic, c = q["rho2_trt"], q["rho_ic"], 1 - q["p"]
    it = n / m
    xt = rho2 + rho_ic / it + (1 - rho2 - rho_ic) / (it * m)
    xc = rho2 + (1 - rho2 - rho_ic) / n
    return (xc / c + xt / p) ** 2 / (xc**2 / (c**2 * (j * c - 1)) + xt**2 / (p**2 * (j * p - 1)))


def check_parameters(name: str, params: dict, allowed: tuple[str, ...] | list[str],
                     required: tuple[str, ...] | list[str]) -> None:
    """Refuse a parameter design ``name`` does not have (``allowed``) and a missing one
    (``required``), naming them (TypeError)."""
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise TypeError(f"{name} has no parameter(s) {unknown}; its parameters are "
                        f"{list(allowed)}")
    missing = [k for k in required if k not in params]
    if missing:
        raise TypeError(f"{name} needs {', '.join(missing)}")


def pn_variance_df(name: str, params: dict[str, float]) -> tuple[float, float]:
    """Variance of the standardised impact estimate and df of partially nested design
    ``name`` (module docstring; PowerUpR 1.1.0 ``mdes.<name>``)."""
    if name not in PN_PARAMETERS:
        raise ValueError(f"unknown partially nested design {name!r}; expected one of "
                         f"{PN_DESIGNS}")
    check_parameters(name, params, PN_PARAMETERS[name], PN_REQUIRED[name])
    q: dict = {**PN_DEFAULTS, **params}
    p, n, m, rho_ic = q["p"], q["n"], q["ic_size"], q["rho_ic"]
    if not 0 < p < 1:
        raise ValueError("p must be in (0, 1)")
    if m < 1 or not 0 <= rho_ic < 1:
        raise ValueError("ic_size must be >= 1 and rho_ic in [0, 1)")
    if name != "ira_pn" and m == 1 and rho_ic != 0:
        warnings.warn("ic_size = 1: rho_ic set to 0 (as PowerUpR)", stacklevel=3)
        rho_ic = q["rho_ic"] = 0.0
    pq = p * (1 - p)
    ic_term = rho_ic * (1 - p) * (m - 1)
    if name == "ira_pn":
        extra, size = ic_term, n
    elif name == "bira2_pn":
        extra = q["rho2_trt"] * q["omega2"] * n * pq - q["rho2_trt"] + ic_term
        size = q["J"] * n
    elif name == "cra2_pn":
        extra, size = q["rho2_trt"] * (n - 1) + ic_term, q["J"] * n
    else:
        extra = (q["rho3_trt"] * q["omega3"] * q["J"] * n * pq - q["rho3_trt"]
                 + q["rho2_trt"] * (n - 1) + ic_term)
        size = q["K"] * q["J"] * n
    deff = 1 + extra / (1 - p * rho_ic)
    var = (1 - q["r21"]) / (size * pq) * (1 - p * rho_ic) / (1 - rho_ic) * deff
    df = q["df"]
    if df is None:
        if name == "ira_pn":
            it, nc = n * p / m, n * (1 - p)
            v = q["ratio_tc_var"] * (1 / m + rho_ic / (1 - rho_ic))
            df = ((nc - 1) * (it - 1) * (it + nc * v) ** 2
                  / ((it - 1) * it**2 + (nc - 1) * nc**2 * v**2))
        elif name == "bcra3r2_pn":
            df = q["K"] - q["g3"] - 1
        else:
            df = _satterthwaite_blocks(q)
    return var, df


# --------------------------------------------------------------------------- mediation
PN_MEDIATOR_DESIGNS = ("med_pn21", "med_pn31", "med_pn32")
PN_MEDIATOR_PARAMETERS = {
    "med_pn21": ("esb1", "rhom_trt", "rho_trt", "r2m1_ctrl", "r2m1_trt", "r2m2_trt",
                 "r2y1z_trt", "r2y2z_trt", "r2y1_trt", "r2y2_trt", "g1_ctrl", "n_ctrl",
                 "g2_trt", "n_trt", "J_trt"),
    "med_pn31": ("esb1", "esb2", "rhom3_trt", "rhom2_trt", "rho3_trt", "rho2_trt", "r2m1_ctrl",
                 "r2m1_trt", "r2m2_trt", "r2m3_trt", "r2y1z_trt", "r2y2z_trt", "r2y3z_trt",
                 "r2y1_trt", "r2y2_trt", "r2y3_trt", "g1_ctrl", "n_ctrl", "g3_trt", "n_trt",
                 "J_trt", "K_trt"),
    "med_pn32": ("esb1", "esb2", "rhom2_ctrl", "rhom3_trt", "rhom2_trt", "rho3_trt",
                 "rho2_trt", "r2m1_ctrl", "r2m2_ctrl", "r2m1_trt", "r2m2_trt", "r2m3_trt",
                 "r2y1z_trt", "r2y2z_trt", "r2y3z_trt", "r2y1_trt", "r2y2_trt", "r2y3_trt",
                 "g2_ctrl", "n_ctrl", "J_ctrl", "g3_trt", "n_trt", "J_trt", "K_trt"),
}
PN_MEDIATOR_REQUIRED = {
    "med_pn21": ("rhom_trt", "rho_trt", "n_ctrl", "n_trt", "J_trt"),
    "med_pn31": ("rhom3_trt", "rhom2_trt", "rho3_trt", "rho2_trt", "n_ctrl", "n_trt", "J_trt",
                 "K_trt"),
    "med_pn32": ("rhom2_ctrl", "rhom3_trt", "rhom2_trt", "rho3_trt", "rho2_trt", "n_ctrl",
                 "J_ctrl", "n_trt", "J_trt", "K_trt"),
}
PN_MEDIATOR_DEFAULTS: dict[str, float | None] = {
    "esb1": 0.0, "esb2": 0.0, "g1_ctrl": 0, "g2_ctrl": 0, "g2_trt": 0, "g3_trt": 0,
    **{k: 0.0 for k in ("r2m1_ctrl", "r2m2_ctrl", "r2m1_trt", "r2m2_trt", "r2m3_trt",
                        "r2y1z_trt", "r2y2z_trt", "r2y3z_trt")},
    "r2y1_trt": None, "r2y2_trt": None, "r2y3_trt": None,
}


def mediation_paths(name: str, esa: float, esb: float, g: dict
                    ) -> dict[str, tuple[float, float, float]]:
    """Effect, variance and df of paths ``a`` (treatment → mediator, the treatment-minus-
    control difference) and ``B`` (mediator → outcome in the treatment arm) of a partially
    nested mediation design (PowerUpR 1.1.0 ``power.<name>``; Kelcey, Bai & Xie 2020).

    ``med_pn21`` (treated in ``J_trt`` groups of ``n_trt``, ``n_ctrl`` unclustered
    controls; mediator and outcome at level 1), with ``τ_m = ρ_m``, ``σ_m = 1 − ρ_m``,
    ``τ_y = ρ_y``, ``σ_y = 1 − ρ_y``, ``V_m = τ_m(1 − R²_m2) + σ_m(1 − R²_m1)/n_trt``::

        SE_a² = V_m/(J_trt − g2 − 1) + σ_m(1 − R²_m1,ctrl)/(n_ctrl − g1,ctrl − 1)
        SE_B² = (τ_y(1 − R²_y2) + σ_y(1 − R²_y1)/n_trt) / ((J_trt − g2 − 1) V_m)
        df = J_trt − g2 − 1 for both;

    unless given, ``R²_y1 = R²_y1z + σ_m b₁²(1 − R²_m1)/σ_y`` and
    ``R²_y2 = R²_y2z + (τ_m + σ_m/n_trt) B²(1 − R²_m2)/τ_y``.

    ``med_pn31`` (treated in ``K_trt`` second-level clusters of ``J_trt`` groups of
    ``n_trt``): ``V_m = τ_m3(1 − R²_m3) + τ_m2(1 − R²_m2)/J + σ_m(1 − R²_m1)/(J n)``,
    ``SE_a² = V_m/(K − g3 − 1) + σ_m(1 − R²_m1,ctrl)/(n_ctrl − g1,ctrl − 1)``,
    ``SE_B² = (τ_y3(1 − R²_y3) + τ_y2(1 − R²_y2)/J + σ_y(1 − R²_y1)/(nJ)) / ((K − g3 − 1)
    V_m)``, df ``K − g3 − 1``; unless given ``R²_y1 = R²_y1z + σ_m(1 − 1/n) b₁²(1 −
    R²_m1)/σ_y``, ``R²_y2 = R²_y2z + (τ_m2 + σ_m/n)(1 − 1/J) b₂²(1 − R²_m2)/τ_y2``,
    ``R²_y3 = R²_y3z + V_m⁰ B²(1 − R²_m3)/τ_y3`` (``V_m⁰``: ``V_m`` without covariates).

    ``med_pn32``: as ``med_pn31`` with controls in ``J_ctrl`` clusters of ``n_ctrl``; the
    control part of ``SE_a²`` is ``(τ_mc(1 − R²_m2,ctrl) + σ_mc(1 − R²_m1,ctrl)/(J_ctrl
    n_ctrl))/(J_ctrl − g2,ctrl − 1)`` (``τ_mc = rhom2_ctrl``; PowerUpR divides the level-1
    term by ``J_ctrl·n_ctrl``, transcribed as is), and ``df_a = J_ctrl − g2,ctrl − 1``.
    """
    if name == "med_pn21":
        t2m, s2m = g["rhom_trt"], 1 - g["rhom_trt"]
        t2y, s2y = g["rho_trt"], 1 - g["rho_trt"]
        n, j = g["n_trt"], g["J_trt"]
        r2y1 = g["r2y1_trt"]
        if r2y1 is None:
            r2y1 = g["r2y1z_trt"] + s2m * g["esb1"] ** 2 * (1 - g["r2m1_trt"]) / s2y
        r2y2 = g["r2y2_trt"]
        if r2y2 is None:
            r2y2 = g["r2y2z_trt"] + (t2m + s2m / n) * esb**2 * (1 - g["r2m2_trt"]) / t2y
        df = j - g["g2_trt"] - 1
        vm = t2m * (1 - g["r2m2_trt"]) + s2m * (1 - g["r2m1_trt"]) / n
        var_ctrl = s2m * (1 - g["r2m1_ctrl"]) / (g["n_ctrl"] - g["g1_ctrl"] - 1)
        var_a = vm / df + var_ctrl
        var_b = (t2y * (1 - r2y2) + s2y * (1 - r2y1) / n) / (df * vm)
        return {"a": (esa, var_a, df), "B": (esb, var_b, df)}
    t3m, t2m = g["rhom3_trt"], g["rhom2_trt"]
    s2m = 1 - t3m - t2m
    t3y, t2y = g["rho3_trt"], g["rho2_trt"]
    s2y = 1 - t3y - t2y
    n, j, k = g["n_trt"], g["J_trt"], g["K_trt"]
    r2y1, r2y2, r2y3 = g["r2y1_trt"], g["r2y2_trt"], g["r2y3_trt"]
    if r2y1 is None:
        r2y1 = g["r2y1z_trt"] + s2m * (1 - 1 / n) * g["esb1"] ** 2 * (1 - g["r2m1_trt"]) / s2y
    if r2y2 is None:
        r2y2 = (g["r2y2z_trt"] + (t2m + s2m / n) * (1 - 1 / j) * g["esb2"] ** 2
                * (1 - g["r2m2_trt"]) / t2y)
    if r2y3 is None:
        r2y3 = (g["r2y3z_trt"] + (t3m + t2m / j + s2m / (n * j)) * esb**2
                * (1 - g["r2m3_trt"]) / t3y)
    df_b = k - g["g3_trt"] - 1
    vm = (t3m * (1 - g["r2m3_trt"]) + t2m * (1 - g["r2m2_trt"]) / j
          + s2m * (1 - g["r2m1_trt"]) / (j * n))
    var_b = (t3y * (1 - r2y3) + t2y * (1 - r2y2) / j + s2y * (1 - r2y1) / (n * j)) / (df_b * vm)
    if name == "med_pn31":
        df_a = df_b
        var_ctrl = s2m * (1 - g["r2m1_ctrl"]) / (g["n_ctrl"] - g["g1_ctrl"] - 1)
    else:  # med_pn32
        jc = g["J_ctrl"]
        df_a = jc - g["g2_ctrl"] - 1
        tmc, smc = g["rhom2_ctrl"], 1 - g["rhom2_ctrl"]
        var_ctrl = (tmc * (1 - g["r2m2_ctrl"])
                    + smc * (1 - g["r2m1_ctrl"]) / (jc * g["n_ctrl"])) / df_a
    return {"a": (esa, vm / df_b + var_ctrl, df_a), "B": (esb, var_b, df_b)}

