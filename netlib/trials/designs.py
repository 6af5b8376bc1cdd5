"""The 14 random-assignment designs of PowerUp!, with moderator and mediator power.

Names, parameters and formulas are those of Dong & Maynard (2013), *PowerUp!*, Journal of
Research on Educational Effectiveness 6(1), 24–67 (doi:10.1080/19345747.2012.673143) and of
its R port PowerUpR 1.1.0 (Bulus, Dong, Kelcey & Spybrook, 2021). A name reads
``[b]{i,c}ra<T><type><a>``: (blocked) individual / cluster random assignment, ``T`` levels,
treatment assigned at level ``a``, and the blocks above ``a`` random (``r``), fixed (``f``)
or with a constant effect (``c``):

``ira1r1``; ``bira2r1``, ``bira2f1``, ``bira2c1``, ``bira3r1``, ``bira4r1``; ``cra2r2``,
``cra3r3``, ``cra4r4``; ``bcra3r2``, ``bcra3f2``, ``bcra4r2``, ``bcra4r3``, ``bcra4f3``.

One generic formula covers them. With sizes ``N₁ = n``, ``N₂ = J``, ``N₃ = K``, ``N₄ = L``,
``P = p(1−p)``, ``ρ₁ = 1 − Σ_{l≥2} ρ_l`` and ``D_l = N_l N_{l+1} ⋯ N_T``, the variance of the
standardised impact estimate is

    ``Σ_{l ≤ a} ρ_l (1 − R²_l) / (P D_l)``  (levels at or below assignment; ``R²_l = r2l``)
    ``+ Σ_{l > a} ρ_l ω_l (1 − R²_{T,l}) / D_l``  (random blocks only; ``r2tl``, ``omegal``)

(the level-1 term is also divided by the reliability ``rel1``). Degrees of freedom:
``N_T − g_T − 2`` without blocks, ``N_T − g_T − 1`` with random blocks,
``N_T (N_a − 2) − g_a`` with fixed blocks and ``N_T (N_a − 1) − g_a − 1`` with a constant
effect. These reproduce PowerUpR's ``mdes.<name>`` term by term
(``tests/test_designs.py`` checks them against per-design transcriptions and PowerUpR values).

Unequal cluster sizes (``cv``, the coefficient of variation of the level-2 cluster sizes,
designs with ``a ≥ 2``): the level-2 term is multiplied by ``1 + cv²``. Without covariates
this is exactly the design effect of Eldridge, Ashby & Kerry (2006, Int. J. Epidemiol.
35:1292–1300), ``1 + ρ[(m̄ − 1) + m̄ CV²]`` relative to ``1 + ρ(m̄ − 1)``; with covariates it
applies the same inflation to the residual cluster variance (an approximation; it is
conservative for efficiently weighted analyses, van Breukelen et al. 2007).

MDES ``= M·SE`` with ``M = t_{1−α/2,df} + t_{power,df}`` (two-tailed); power of an effect
``es`` from the noncentral t with ``λ = es/SE`` (PowerUpR's ``.power.fun``).

Moderation (MDESD, Dong, Kelcey & Spybrook 2018, J. Exp. Educ. 86:1–21; PowerUpR
``mdesd.mod221``, ``mod222``, ``mod331``, ``mod332``, ``mod333``): the same :func:`mdes` and
:func:`power` with the moderator design names; ``q`` is the share of a binary moderator
(omit it for a standardised continuous moderator). Mediation (``med211`` … ``med331``) is in
:mod:`netlib.trials.mediation`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from scipy import stats

MAIN_DESIGNS = ("ira1r1", "bira2r1", "bira2f1", "bira2c1", "bira3r1", "bira4r1", "cra2r2",
                "cra3r3", "cra4r4", "bcra3r2", "bcra3f2", "bcra4r2", "bcra4r3", "bcra4f3")
MODERATOR_DESIGNS = ("mod221", "mod222", "mod331", "mod332", "mod333")
DESIGNS = MAIN_DESIGNS + MODERATOR_DESIGNS
# the names netlib used before it had all 14 designs
ALIASES = {"ira": "ira1r1", "bira2_1c": "bira2c1", "cra2_2r": "cra2r2", "cra3_3r": "cra3r3",
           "bcra3_2f": "bcra3f2", "bcra4_3f": "bcra4f3"}
SIZES = ("n", "J", "K", "L")  # N_1 .. N_4
_NAME = re.compile(r"^(b?)([ic])ra([1-4])([rfc])([1-4])$")
# neutral value of every parameter (a parameter a design does not use may be passed only at it)
NEUTRAL: dict[str, float | None] = {
    **{s: 1 for s in SIZES}, "p": 0.5, "rel1": 1.0, "cv": 0.0, "q": None,
    **{f"rho{lev}": 0.0 for lev in (2, 3, 4)}, **{f"r2{lev}": 0.0 for lev in (1, 2, 3, 4)},
    **{f"r2t{lev}": 0.0 for lev in (2, 3, 4)}, **{f"omega{lev}": 0.0 for lev in (2, 3, 4)},
    **{f"g{lev}": 0 for lev in (1, 2, 3, 4)}, "omegam2": 0.0, "omegam3": 0.0, "r2m2": 0.0,
    "r2m3": 0.0,
}


@dataclass(frozen=True)
class Spec:
    """Structure of a main-effect design: ``T`` levels, assignment at level ``a``, blocks."""

    name: str
    top: int
    assign: int
    blocks: str  # "" (none), "r", "f" or "c"

    @property
    def sizes(self) -> tuple[str, ...]:
        return SIZES[: self.top]

    @property
    def rhos(self) -> tuple[str, ...]:
        """ICCs it needs: levels 2..a, and the random block levels."""
        upto = self.top if self.blocks == "r" else self.assign
        return tuple(f"rho{lev}" for lev in range(2, upto + 1))

    @property
    def parameters(self) -> tuple[str, ...]:
        a, t = self.assign, self.top
        out = [*self.sizes, "p", *self.rhos, *(f"r2{lev}" for lev in range(1, a + 1))]
        if self.blocks == "r":
            out += [f"omega{lev}" for lev in range(a + 1, t + 1)]
            out += [f"r2t{lev}" for lev in range(a + 1, t + 1)]
            out.append(f"g{t}")
        elif self.blocks == "":
            out.append(f"g{t}")
        else:
            out.append(f"g{a}")
        out.append("rel1")
        if a >= 2:
            out.append("cv")
        return tuple(out)

    @property
    def required(self) -> tuple[str, ...]:
        need = [*self.sizes, *self.rhos]
        if self.blocks == "r":
            need += [f"omega{lev}" for lev in range(self.assign + 1, self.top + 1)]
        return tuple(need)


def spec(name: str) -> Spec:
    """The :class:`Spec` of a main-effect design name (or of an old alias)."""
    canonical = ALIASES.get(name, name)
    m = _NAME.match(canonical)
    if canonical not in MAIN_DESIGNS or not m:
        raise ValueError(f"unknown design {name!r}; expected one of {DESIGNS} "
                         f"(or an alias {tuple(ALIASES)})")
    top, kind, assign = int(m.group(3)), m.group(4), int(m.group(5))
    blocks = "" if top == assign else kind
    return Spec(canonical, top, assign, blocks)


# --------------------------------------------------------------------------- moderators
MODERATOR_PARAMETERS = {
    "mod221": ("n", "J", "p", "q", "rho2", "omegam2", "g1", "r21", "r2m2"),
    "mod222": ("n", "J", "p", "q", "rho2", "g2", "r21", "r22"),
    "mod331": ("n", "J", "K", "p", "q", "rho2", "rho3", "omegam2", "omegam3", "g1", "r21",
               "r2m2", "r2m3"),
    "mod332": ("n", "J", "K", "p", "q", "rho2", "rho3", "omegam3", "g2", "r21", "r22", "r2m3"),
    "mod333": ("n", "J", "K", "p", "q", "rho2", "rho3", "g3", "r21", "r22", "r23"),
}
MODERATOR_REQUIRED = {
    "mod221": ("n", "J", "rho2", "omegam2"), "mod222": ("n", "J", "rho2"),
    "mod331": ("n", "J", "K", "rho2", "rho3"), "mod332": ("n", "J", "K", "rho2", "rho3",
                                                         "omegam3"),
    "mod333": ("n", "J", "K", "rho2", "rho3"),
}


def _check(label: str, allowed: tuple[str, ...], required: tuple[str, ...],
           params: dict[str, float]) -> dict[str, float]:
    unknown = sorted(set(params) - set(NEUTRAL))
    if unknown:
        raise TypeError(f"unknown parameter(s) {unknown} for {label}; PowerUp! names are "
                        f"{sorted(allowed)}")
    foreign = sorted(k for k in set(params) - set(allowed) if params[k] != NEUTRAL[k])
    if foreign:
        raise TypeError(f"{label} has no parameter(s) {foreign}; its parameters are "
                        f"{list(allowed)}")
    missing = [k for k in required if k not in params]
    if missing:
        raise TypeError(f"{label} needs {', '.join(missing)}")
    q = {**NEUTRAL, **params}
    if not 0 < q["p"] < 1:
        raise ValueError("p must be in (0, 1)")
    if q["q"] is not None and not 0 < q["q"] < 1:
        raise ValueError("q (share of a binary moderator) must be in (0, 1)")
    rhos = [q[f"rho{lev}"] for lev in (2, 3, 4)]
    if min(rhos) < 0 or sum(rhos) >= 1:
        raise ValueError("the ICCs rho2, rho3, rho4 must be >= 0 with a sum < 1")
    if any(q[s] <= 0 for s in SIZES) or q["cv"] < 0:
        raise ValueError("sizes must be positive and cv >= 0")
    return q


def _moderator(name: str, q: dict[str, float]) -> tuple[float, float]:
    """Variance and df of a moderator design (PowerUpR 1.1.0 ``mdesd.<name>``)."""
    pq = q["p"] * (1 - q["p"])
    qq = 1.0 if q["q"] is None else q["q"] * (1 - q["q"])
    n, j, k = q["n"], q["J"], q["K"]
    rho2, rho3 = q["rho2"], q["rho3"]
    if name == "mod221":
        random = not (q["omegam2"] == 0 or q["r2m2"] == 1)
        df = j - q["g1"] - 2 if random else n * j - j - q["g1"] - 2
        var = (rho2 * q["omegam2"] * (1 - q["r2m2"]) / (pq * j)
               + (1 - rho2) * (1 - q["r21"]) / (pq * qq * j * n))
    elif name == "mod222":
        df = j - q["g2"] - 4
        if df < 1:
            return math.nan, df
        var = (rho2 * (1 - q["r22"]) / (pq * qq * df)
               + (1 - rho2) * (1 - q["r21"]) / (pq * qq * df * n))
    elif name == "mod331":
        om2, om3, r2m2, r2m3 = q["omegam2"], q["omegam3"], q["r2m2"], q["r2m3"]
        if om2 == 0 or r2m2 == 1:
            df, om3, r2m3 = n * j * k - j * k - k - q["g1"] - 2, 0.0, 1.0
        elif om3 == 0 or r2m3 == 1:
            df = j * k - k - q["g1"] - 2
        else:
            df = k - q["g1"] - 1
        var = (rho3 * om3 * (1 - r2m3) / (pq * k) + rho2 * om2 * (1 - r2m2) / (pq * k * j)
               + (1 - rho2 - rho3) * (1 - q["r21"]) / (pq * qq * k * j * n))
    elif name == "mod332":
        random = not (q["omegam3"] == 0 or q["r2m3"] == 1)
        df = k - q["g2"] - 1 if random else j * k - k - q["g2"] - 2
        var = (rho3 * q["omegam3"] * (1 - q["r2m3"]) / (pq * k)
               + rho2 * (1 - q["r22"]) / (pq * qq * k * j)
               + (1 - rho2 - rho3) * (1 - q["r21"]) / (pq * qq * k * j * n))
    else:  # mod333
        df = k - q["g3"] - 4
        if df < 1:
            return math.nan, df
        var = (rho3 * (1 - q["r23"]) / (pq * qq * df) + rho2 * (1 - q["r22"]) / (pq * qq * j * df)
               + (1 - rho2 - rho3) * (1 - q["r21"]) / (pq * qq * j * df * n))
    return var, df


# --------------------------------------------------------------------------- core
def main_variance_df(s: Spec, q: dict[str, Any]) -> tuple[Any, Any]:
    """Variance and df of a main-effect design from complete parameters ``q`` (no checks).

    Plain arithmetic, so any parameter may be a numpy array (used by
    :mod:`netlib.trials.allocation` to evaluate many allocations at once).
    """
    pq = q["p"] * (1 - q["p"])
    a, t = s.assign, s.top
    size = [q[x] for x in s.sizes]
    rho = {lev: q[f"rho{lev}"] for lev in (2, 3, 4)}
    rho[1] = 1 - rho[2] - rho[3] - rho[4]

    def d(level: int) -> Any:  # D_l = N_l ... N_T
        return math.prod(size[level - 1:])

    var: Any = 0.0
    for lev in range(1, a + 1):
        term = rho[lev] * (1 - q[f"r2{lev}"]) / (pq * d(lev))
        if lev == 1:
            term = term / q["rel1"]
        if lev == 2 and a >= 2:
            term = term * (1 + q["cv"] ** 2)
        var = var + term
    if s.blocks == "r":
        for lev in range(a + 1, t + 1):
            var = var + rho[lev] * q[f"omega{lev}"] * (1 - q[f"r2t{lev}"]) / d(lev)
    n_top, n_a = size[t - 1], size[a - 1]
    if s.blocks == "":
        df = n_top - q[f"g{t}"] - 2
    elif s.blocks == "r":
        df = n_top - q[f"g{t}"] - 1
    elif s.blocks == "f":
        df = n_top * (n_a - 2) - q[f"g{a}"]
    else:
        df = n_top * (n_a - 1) - q[f"g{a}"] - 1
    return var, df


def _variance_and_df(name: str, params: dict[str, float]) -> tuple[float, float, str]:
    if name in MODERATOR_DESIGNS:
        q = _check(name, MODERATOR_PARAMETERS[name], MODERATOR_REQUIRED[name], params)
        var, df = _moderator(name, q)
        canonical = name
    else:
        s = spec(name)
        q = _check(name, s.parameters, s.required, params)
        var, df = main_variance_df(s, q)
        canonical = s.name
    if df < 1:
        raise ValueError(f"{name}: {df:g} degrees of freedom; the design is too small")
    if var <= 0:
        raise ValueError(f"{name}: the design is not feasible (variance {var:g})")
    return var, df, canonical


def standard_error(name: str, **params: float) -> float:
    """Standard error of the standardised impact (or moderation) estimate."""
    return math.sqrt(_variance_and_df(name, params)[0])


def degrees_of_freedom(name: str, **params: float) -> float:
    """Degrees of freedom of its t test (module docstring)."""
    return _variance_and_df(name, params)[1]


def _t1(df: float, alpha: float, two_tailed: bool) -> float:
    return float(stats.t.ppf(1 - alpha / 2 if two_tailed else 1 - alpha, df))


def multiplier(df: float, alpha: float = 0.05, power: float = 0.80,
               two_tailed: bool = True) -> float:
    """``M = t_{1−α/2,df} + t_{power,df}`` (``t_{1−α,df}`` one-tailed; ``−`` if power < .5)."""
    t1 = _t1(df, alpha, two_tailed)
    t2 = abs(stats.t.ppf(power, df))
    return t1 + t2 if power >= 0.5 else t1 - t2


@dataclass(frozen=True)
class MDES:
    """A minimum detectable effect size (or effect-size difference) with what it rests on."""

    design: str
    mdes: float
    se: float
    df: float
    multiplier: float
    ci_low: float
    ci_high: float
    alpha: float
    power: float
    two_tailed: bool
    params: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        return (f"{self.design}: MDES = {self.mdes:.3f} SD ({1 - self.alpha:.0%} CI "
                f"[{self.ci_low:.3f}, {self.ci_high:.3f}]), SE = {self.se:.4f}, "
                f"df = {self.df:g}, M = {self.multiplier:.3f}")


def mdes(name: str, *, alpha: float = 0.05, power: float = 0.80, two_tailed: bool = True,
         **params: float) -> MDES:
    """Minimum detectable effect size of design ``name`` (MDESD for a ``mod*`` design),
    with its (1−α) interval ``MDES ± t_{1−α/2,df}·SE`` as PowerUpR reports it."""
    var, df, _ = _variance_and_df(name, params)
    se = math.sqrt(var)
    m = multiplier(df, alpha, power, two_tailed)
    t1 = _t1(df, alpha, two_tailed)
    value = m * se
    return MDES(name, value, se, df, m, value - t1 * se, value + t1 * se, alpha, power,
                two_tailed, dict(params))


def power_from_se(es: float, se: float, df: float, *, alpha: float = 0.05,
                  two_tailed: bool = True) -> float:
    """Power of a t test of an effect ``es`` with standard error ``se`` on ``df`` degrees of
    freedom: ``P(|T| > t_{1−α/2})``, ``T ~ t(df, λ = es/se)`` (PowerUpR ``.power.fun``)."""
    lam = es / se
    t1 = _t1(df, alpha, two_tailed)
    up, down = stats.nct.sf(t1, df, lam), stats.nct.cdf(-t1, df, lam)
    # scipy's noncentral t returns NaN far in a tail; there the normal limit is exact
    if not math.isfinite(up):
        up = stats.norm.sf(t1 - lam)
    if not math.isfinite(down):
        down = stats.norm.cdf(-t1 - lam)
    return float(up + down if two_tailed else up)


def power(name: str, es: float, *, alpha: float = 0.05, two_tailed: bool = True,
          **params: float) -> float:
    """Power of design ``name`` to detect a true effect (or moderation) of ``es`` SD."""
    var, df, _ = _variance_and_df(name, params)
    return power_from_se(es, math.sqrt(var), df, alpha=alpha, two_tailed=two_tailed)


def sample_size(name: str, es: float, *, solve: str, power: float = 0.80, alpha: float = 0.05,
                two_tailed: bool = True, maximum: int = 10**7, **params: float) -> int:
    """Required sample size at one level: the smallest whole ``solve`` (``"n"``, ``"J"``,
    ``"K"`` or ``"L"``) whose MDES is at most ``es``, the other parameters fixed.

    The MDES falls monotonically in every size (variance down, df up), so a doubling search
    and a bisection over integers find it exactly. PowerUpR's ``mrss.*`` iterates
    ``N = (M/es)²·V₁`` to a tolerance and rounds, which can differ by one.
    """
    if solve not in SIZES:
        raise ValueError(f"solve must be one of {SIZES}")

    def ok(value: int) -> bool:
        try:
            return mdes(name, alpha=alpha, power=power, two_tailed=two_tailed,
                        **{**params, solve: value}).mdes <= es
        except ValueError:  # too few degrees of freedom
            return False

    hi = 2
    while not ok(hi):
        hi *= 2
        if hi > maximum:
            raise ValueError(f"no {solve} up to {maximum} reaches an MDES of {es}")
    lo = hi // 2  # ok(lo) is false (or lo is 1)
    if lo >= 1 and ok(lo):
        return lo
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid, hi)
    return hi
