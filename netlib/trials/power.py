"""Minimum detectable effect size (MDES) and power of randomised designs, after PowerUp!.

The six designs below keep the names netlib has always used; they are aliases of the
PowerUp! names in :mod:`netlib.trials.designs`, which has all 14 designs, moderation,
mediation and required sample sizes (``ira`` = ``ira1r1``, ``bira2_1c`` = ``bira2c1``,
``cra2_2r`` = ``cra2r2``, ``cra3_3r`` = ``cra3r3``, ``bcra3_2f`` = ``bcra3f2``,
``bcra4_3f`` = ``bcra4f3``). Every function here accepts either name.

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

from scipy import stats

from netlib.trials import designs
from netlib.trials.designs import (
    ALIASES,
    MDES,
    degrees_of_freedom,
    mdes,
    multiplier,
    sample_size,
    standard_error,
)

DESIGNS = tuple(ALIASES)
__all__ = ["DESIGNS", "MDES", "degrees_of_freedom", "mdes", "multiplier", "power",
           "sample_size", "standard_error"]


def power(design: str, es: float, *, alpha: float = 0.05, two_tailed: bool = True,
          method: str = "noncentral", **params: float) -> float:
    """Power to detect a true effect of ``es`` SD.

    ``method="noncentral"`` (default, exact for the t test, as PowerUpR):
    ``P(|T| > t_{1−α/2})`` with ``T ~ t(df, λ = es/SE)``. ``method="central"``: the shortcut
    of PowerUp!'s spreadsheet, a central t shifted by λ,
    ``1 − T_df(t_{1−α/2} − λ) + T_df(−t_{1−α/2} − λ)``.
    """
    if method == "noncentral":
        return designs.power(design, es, alpha=alpha, two_tailed=two_tailed, **params)
    if method != "central":
        raise ValueError("method must be 'noncentral' or 'central'")
    se = standard_error(design, **params)
    df = degrees_of_freedom(design, **params)
    lam = es / se
    t1 = stats.t.ppf(1 - alpha / 2 if two_tailed else 1 - alpha, df)
    up, down = stats.t.sf(t1 - lam, df), stats.t.cdf(-t1 - lam, df)
    return float(up + down if two_tailed else up)


