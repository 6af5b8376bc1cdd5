"""Constrained optimal sample allocation (COSA) for the PowerUp! designs.

The problem of the R package ``cosa`` (Bulus & Dong 2021, *Bound constrained optimization of
sample sizes subject to monetary restrictions in planning multilevel randomized trials and
regression discontinuity studies*, J. Exp. Educ. 89:379–401): choose the sizes
``n, J, K, L`` (within bounds) and the treated share ``p`` that

* minimise the MDES for a budget (``budget=``), or
* minimise the cost of a design whose MDES is at most ``es`` at the target power (``es=``;
  "a target power for an effect ``es``" is the same constraint),

with per-unit costs at each level that may differ between arms. For a design with ``T``
levels the cost is ``Σ_l (number of level-l units)·(p c_l^T + (1−p) c_l^C)``, the number of
level-l units being ``N_l N_{l+1} ⋯ N_T`` — cosa's cost function.

Unlike cosa's continuous solver (nloptr, then rounding), this is an *exact integer* search:
every combination of the lower-level sizes and of ``p`` on its grid is evaluated at once
(numpy arrays through :func:`netlib.trials.designs.main_variance_df`), and the top-level size
is solved for each: with a budget the cost is linear in ``N_T`` and the MDES falls in
``N_T``, so the best ``N_T`` is the largest affordable one; with a target MDES the smallest
sufficient ``N_T`` is found by a vectorised bisection. The optimum is therefore the optimum
of the exhaustive search over the same integer grid (``tests/test_allocation.py`` checks
it against a brute-force loop, ``tests/reference.py``).
Ties: the lower MDES, then the lower cost, then the smaller sizes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from netlib.trials import designs as ds

Bound = int | tuple[int, int]
Cost = float | tuple[float, float]


@dataclass(frozen=True)
class Allocation:
    """The optimal allocation found by :func:`cosa`."""

    design: str
    sizes: dict[str, int]
    p: float
    mdes: float
    power: float | None
    cost: float
    df: float
    constraint: str
    candidates: int
    params: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        s = ", ".join(f"{k} = {v}" for k, v in self.sizes.items())
        return (f"{self.design}: {s}, p = {self.p:.2f}; MDES = {self.mdes:.3f}, cost = "
                f"{self.cost:,.0f} ({self.constraint}; {self.candidates} allocations searched)")


def _cost_pair(c: Cost) -> tuple[float, float]:
    return (float(c), float(c)) if np.isscalar(c) else (float(c[0]), float(c[1]))


def _mdes_arrays(s: ds.Spec, q: dict, alpha: float, power: float, two_tailed: bool
                 ) -> tuple[np.ndarray, np.ndarray]:
    var, df = ds.main_variance_df(s, q)
    var, df = np.broadcast_arrays(np.asarray(var, float), np.asarray(df, float))
    ok = (df >= 1) & (var > 0)
    dfc = np.where(ok, df, 1.0)
    t1 = stats.t.ppf(1 - alpha / 2 if two_tailed else 1 - alpha, dfc)
    t2 = np.abs(stats.t.ppf(power, dfc))
    m = t1 + t2 if power >= 0.5 else t1 - t2
    out = np.where(ok, m * np.sqrt(np.where(ok, var, 1.0)), np.inf)
    return out, df


def cosa(
    design: str, *, costs: dict[str, Cost], sizes: dict[str, Bound],
    budget: float | None = None, es: float | None = None,
    p: float | tuple[float, float] = 0.5, p_step: float = 0.01,
    alpha: float = 0.05, power: float = 0.80, two_tailed: bool = True,
    max_top: int = 100_000, **params: float,
) -> Allocation:
    """Optimal allocation of design ``design`` under a budget or for a target MDES.

    ``costs``: cost per unit at each size level (``"n"`` per level-1 unit, ``"J"`` per
    level-2 unit, ``"K"``, ``"L"``), a number or a ``(treated, control)`` pair; a missing
    level costs nothing. ``sizes``: each size fixed (an int) or bounded (``(low, high)``,
    inclusive); the top level may be omitted (then it is bounded only by ``max_top``).
    ``p``: fixed, or bounds searched on a grid of step ``p_step``. Exactly one of ``budget``
    and ``es``. Other keywords are the design's PowerUp! parameters (``rho2``, ``r21`` …).
    Returns an :class:`Allocation` with ``power`` the power at ``es`` (None under a budget).
    """
    if (budget is None) == (es is None):
        raise ValueError("give exactly one of budget= (minimise the MDES) and es= (minimise "
                         "the cost for that MDES)")
    s = ds.spec(design)
    unknown = set(sizes) - set(s.sizes)
    if unknown or set(costs) - set(s.sizes):
        raise ValueError(f"{design} has the sizes {s.sizes}; got {sorted(set(sizes) | set(costs))}")
    top = s.sizes[-1]
    lower = s.sizes[:-1]
    missing = [k for k in lower if k not in sizes]
    if missing:
        raise ValueError(f"give a value or bounds for {', '.join(missing)}")

    def values(b: Bound) -> np.ndarray:
        if isinstance(b, tuple):
            return np.arange(int(b[0]), int(b[1]) + 1)
        return np.array([int(b)])

    top_lo, top_hi = (sizes[top] if isinstance(sizes.get(top), tuple)
                      else ((sizes[top], sizes[top]) if top in sizes else (1, max_top)))
    p_values = (np.round(np.arange(p[0], p[1] + p_step / 2, p_step), 10)
                if isinstance(p, tuple) else np.array([float(p)]))
    axes = [values(sizes[k]) for k in lower] + [p_values]
    grid = [a.ravel() for a in np.meshgrid(*axes, indexing="ij")] if axes else []
    lower_vals = dict(zip(lower, grid[:-1], strict=True))
    pv = grid[-1]
    # cost per top-level unit: Σ_l (level-l units per top unit)·(p c_T + (1 − p) c_C)
    per_top = np.zeros_like(pv, dtype=float)
    for i, level in enumerate(s.sizes):
        ct, cc = _cost_pair(costs.get(level, 0.0))
        units = np.ones_like(pv, dtype=float)
        for k in s.sizes[i:-1]:
            units = units * lower_vals[k]
        per_top = per_top + units * (pv * ct + (1 - pv) * cc)
    q = ds._check(design, s.parameters, s.required,
                  {**params, **dict.fromkeys(s.sizes, 1)})

    def evaluate(top_vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        qq = {**q, **lower_vals, top: top_vals, "p": pv}
        return _mdes_arrays(s, qq, alpha, power, two_tailed)

    if budget is not None:
        n_top = np.minimum(np.floor(budget / np.where(per_top > 0, per_top, np.nan) + 1e-9), top_hi)
        n_top = np.where(np.isnan(n_top), top_hi, n_top)
        feasible = n_top >= top_lo
        n_top = np.where(feasible, n_top, top_lo)
        m, df = evaluate(n_top)
        m = np.where(feasible, m, np.inf)
    else:
        lo = np.full(pv.shape, float(top_lo))
        hi = np.full(pv.shape, float(top_hi))
        m_hi, _ = evaluate(hi)
        feasible = m_hi <= es
        m_lo, _ = evaluate(lo)
        hi = np.where(m_lo <= es, lo, hi)
        while True:  # invariant: MDES(hi) <= es where feasible, MDES(lo) > es unless lo == hi
            open_ = feasible & (hi - lo > 1)
            if not open_.any():
                break
            mid = np.floor((lo + hi) / 2)
            m_mid, _ = evaluate(mid)
            good = m_mid <= es
            hi = np.where(open_ & good, mid, hi)
            lo = np.where(open_ & ~good, mid, lo)
        n_top = hi
        m, df = evaluate(n_top)
        m = np.where(feasible, m, np.inf)
    cost = n_top * per_top
    if not np.isfinite(m).any():
        raise ValueError(f"no allocation of {design} within the bounds meets the constraint")
    key_primary, key_secondary = (m, cost) if budget is not None else (
        np.where(np.isfinite(m), cost, np.inf), m)
    order = np.lexsort((n_top, *[lower_vals[k] for k in reversed(lower)], key_secondary,
                        key_primary))
    i = int(order[0])
    chosen = {**{k: int(lower_vals[k][i]) for k in lower}, top: int(n_top[i])}
    pw = None
    if es is not None:
        pw = ds.power(design, es, alpha=alpha, two_tailed=two_tailed, **params, **chosen,
                      p=float(pv[i]))
    return Allocation(design, chosen, float(pv[i]), float(m[i]), pw, float(cost[i]),
                      float(df[i]), "budget" if budget is not None else "target MDES",
                      int(pv.size), dict(params))
