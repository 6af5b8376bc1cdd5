"""Minimum detectable effect size (MDES) and power of randomised designs, after PowerUp!.

Formulas and parameter names are those of Dong & Maynard (2013), *PowerUp!: A tool for
calculating minimum detectable effect sizes and minimum required sample sizes for
experimental and quasi-experimental design studies*, Journal of Research on Educational
Effectiveness 6(1), 24–67 (doi:10.1080/19345747.2012.673143), and of its R port PowerUpR
(Bulus, Dong, Kelcey & Spybrook). With ``P = p(1−p)``:

========== ============================================== ===============================
design     standard error of the impact (in SD units)     degrees of freedom
========== ============================================== ===============================
ira        √((1−R₁²)/(P n))                               n − g1 − 2
bira2_1c   √((1−R₁²)/(P J n))                             J(n−1) − g1 − 1
cra2_2r    √(ρ₂(1−R₂²)/(P J) + (1−ρ₂)(1−R₁²)/(P J n))      J − g2 − 2
cra3_3r    √(ρ₃(1−R₃²)/(P K) + ρ₂(1−R₂²)/(P J K)           K − g3 − 2
           + (1−ρ₂−ρ₃)(1−R₁²)/(P J K n))
bcra3_2f   √(ρ₂(1−R₂²)/(P J K) + (1−ρ₂)(1−R₁²)/(P J K n))  K(J−2) − g2
bcra4_3f   √(ρ₃(1−R₃²)/(P K L) + ρ₂(1−R₂²)/(P J K L)       L(K−2) − g3
           + (1−ρ₂−ρ₃)(1−R₁²)/(P J K L n))
========== ============================================== ===============================

``ira``: individual random assignment; ``bira2_1c``: individuals randomised within J blocks
(constant effects); ``cra2_2r`` / ``cra3_3r``: clusters randomised at the top of a two- /
three-level design; ``bcra3_2f`` / ``bcra4_3f``: the same with the randomised clusters
blocked in fixed blocks (level 3 / level 4, e.g. schools within networks).
PowerUp!'s parameter names: ``rho2``, ``rho3`` (ICCs), ``r21``, ``r22``, ``r23`` (R² of the
covariates at levels 1–3), ``g1``, ``g2``, ``g3`` (number of covariates at the level of
assignment), ``p`` (share treated), ``n`` (units per level-2 cluster), ``J`` (level-2 units
per level-3 unit, or blocks for ``bira2_1c``), ``K`` (level-3 units per block, or in all),
``L`` (level-4 blocks), ``alpha``, ``power``, ``two_tailed``.

MDES = M × SE with the multiplier ``M = t_{1−α/2, df} + t_{power, df}`` (two-tailed;
``t_{1−α, df}`` one-tailed), and its (1−α) interval ``MDES ± t_{1−α/2, df} × SE`` (as
PowerUpR reports). Power of a true effect ``es`` uses the noncentral t distribution with
noncentrality ``λ = es/SE`` (as PowerUpR; PowerUp!'s spreadsheet uses a central-t shortcut
that differs in the third decimal at small df).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scipy import stats

DESIGNS = ("ira", "bira2_1c", "cra2_2r", "cra3_3r", "bcra3_2f", "bcra4_3f")
DEFAULTS: dict[str, float] = dict(rho2=0.0, rho3=0.0, r21=0.0, r22=0.0, r23=0.0, g1=0, g2=0,
                                  g3=0, p=0.5, n=1, J=1, K=1, L=1)
NEEDS: dict[str, tuple[str, ...]] = {
    "ira": ("n",),
    "bira2_1c": ("n", "J"),
    "cra2_2r": ("rho2", "n", "J"),
    "cra3_3r": ("rho2", "rho3", "n", "J", "K"),
    "bcra3_2f": ("rho2", "n", "J", "K"),
    "bcra4_3f": ("rho2", "rho3", "n", "J", "K", "L"),
}


def _params(design: str, params: dict[str, float]) -> dict[str, float]:
    if design not in DESIGNS:
        raise ValueError(f"unknown design {design!r}; expected one of {DESIGNS}")
    unknown = set(params) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"unknown parameter(s) {sorted(unknown)} for {design}; PowerUp! names "
                        f"are {sorted(DEFAULTS)}")
    missing = [k for k in NEEDS[design] if k not in params]
    if missing:
        raise TypeError(f"{design} needs {', '.join(missing)}")
    q = {**DEFAULTS, **params}
    if not 0 < q["p"] < 1:
        raise ValueError("p must be in (0, 1)")
    if q["rho2"] + q["rho3"] >= 1 or q["rho2"] < 0 or q["rho3"] < 0:
        raise ValueError("rho2, rho3 must be >= 0 with rho2 + rho3 < 1")
    return q


def standard_error(design: str, **params: float) -> float:
    """Standard error of the impact estimate in SD units (table in the module docstring)."""
    q = _params(design, params)
    pq = q["p"] * (1 - q["p"])
    rho2, rho3, n, j, k, l_ = q["rho2"], q["rho3"], q["n"], q["J"], q["K"], q["L"]
    r1, r2, r3 = 1 - q["r21"], 1 - q["r22"], 1 - q["r23"]
    if design == "ira":
        var = r1 / (pq * n)
    elif design == "bira2_1c":
        var = r1 / (pq * j * n)
    elif design == "cra2_2r":
        var = rho2 * r2 / (pq * j) + (1 - rho2) * r1 / (pq * j * n)
    elif design == "cra3_3r":
        var = (rho3 * r3 / (pq * k) + rho2 * r2 / (pq * j * k)
               + (1 - rho2 - rho3) * r1 / (pq * j * k * n))
    elif design == "bcra3_2f":
        var = rho2 * r2 / (pq * j * k) + (1 - rho2) * r1 / (pq * j * k * n)
    else:  # bcra4_3f
        var = (rho3 * r3 / (pq * k * l_) + rho2 * r2 / (pq * j * k * l_)
               + (1 - rho2 - rho3) * r1 / (pq * j * k * l_ * n))
    return math.sqrt(var)


def degrees_of_freedom(design: str, **params: float) -> float:
    """Degrees of freedom of the impact test (table in the module docstring)."""
    q = _params(design, params)
    n, j, k, l_ = q["n"], q["J"], q["K"], q["L"]
    df = {
        "ira": n - q["g1"] - 2,
        "bira2_1c": j * (n - 1) - q["g1"] - 1,
        "cra2_2r": j - q["g2"] - 2,
        "cra3_3r": k - q["g3"] - 2,
        "bcra3_2f": k * (j - 2) - q["g2"],
        "bcra4_3f": l_ * (k - 2) - q["g3"],
    }[design]
    if df < 1:
        raise ValueError(f"{design}: {df} degrees of freedom; the design is too small")
    return df


def multiplier(df: float, alpha: float = 0.05, power: float = 0.80,
               two_tailed: bool = True) -> float:
    """``M = t_{1−α/2,df} + t_{power,df}`` (``t_{1−α,df}`` one-tailed; ``−`` if power < .5)."""
    t1 = stats.t.ppf(1 - alpha / 2 if two_tailed else 1 - alpha, df)
    t2 = abs(stats.t.ppf(power, df))
    return t1 + t2 if power >= 0.5 else t1 - t2


@dataclass(frozen=True)
class MDES:
    """A minimum detectable effect size with what it rests on."""

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


def mdes(design: str, *, alpha: float = 0.05, power: float = 0.80, two_tailed: bool = True,
         **params: float) -> MDES:
    """Minimum detectable effect size of ``design`` (PowerUp! parameters as keywords)."""
    se = standard_error(design, **params)
    df = degrees_of_freedom(design, **params)
    m = multiplier(df, alpha, power, two_tailed)
    t1 = stats.t.ppf(1 - alpha / 2 if two_tailed else 1 - alpha, df)
    value = m * se
    return MDES(design, value, se, df, m, value - t1 * se, value + t1 * se, alpha, power,
                two_tailed, dict(params))


def power(design: str, es: float, *, alpha: float = 0.05, two_tailed: bool = True,
          method: str = "noncentral", **params: float) -> float:
    """Power to detect a true effect of ``es`` SD.

    ``method="noncentral"`` (default, exact for the t test): ``P(|T| > t_{1−α/2})`` with
    ``T ~ t(df, λ = es/SE)``. ``method="central"``: the shortcut of PowerUp!'s spreadsheet,
    a central t shifted by λ, ``1 − T_df(t_{1−α/2} − λ) + T_df(−t_{1−α/2} − λ)``.
    """
    se = standard_error(design, **params)
    df = degrees_of_freedom(design, **params)
    lam = es / se
    t1 = stats.t.ppf(1 - alpha / 2 if two_tailed else 1 - alpha, df)
    if method == "noncentral":
        up, down = stats.nct.sf(t1, df, lam), stats.nct.cdf(-t1, df, lam)
        # scipy's noncentral t returns NaN far in a tail; there the normal limit is exact
        # to many digits (the tail is < 1e-30)
        if not math.isfinite(up):
            up = stats.norm.sf(t1 - lam)
        if not math.isfinite(down):
            down = stats.norm.cdf(-t1 - lam)
    elif method == "central":
        up, down = stats.t.sf(t1 - lam, df), stats.t.cdf(-t1 - lam, df)
    else:
        raise ValueError("method must be 'noncentral' or 'central'")
    return float(up + down if two_tailed else up)
