"""Seeded synthetic trial data with a known true effect, and simulation-based power.

The designs and parameter names are those of :mod:`netlib.trials.power` (PowerUp!). Outcomes are
in standard-deviation units: for a unit in level-2 cluster ``j`` of level-3 unit ``k``
(of block ``l``),

    ``y = es·T + b_l + u3_k + u2_jk + e``,  ``u3 ~ N(0, ρ₃)``, ``u2 ~ N(0, ρ₂)``,
    ``e ~ N(0, 1 − ρ₂ − ρ₃)``,

so ``es`` is the true effect in SD of the (within-block) outcome and ``ρ₂``, ``ρ₃`` are the
ICCs. Fixed block effects ``b`` (``block_sd``, default 0.5) are absorbed by the analysis.
With ``r2x > 0`` a covariate ``x`` at the level of assignment explains that share of the
variance at that level (``u = √r2x·σ·x + √(1−r2x)·σ·z``), and the analysis adjusts for it
(PowerUp!'s ``r22``/``r23`` with ``g = 1``).

Treatment is assigned at random within blocks: ``round(p × units)`` of the assigned units of
each block are treated. Every draw comes from ``numpy.random.default_rng(seed)``.

:func:`simulate_power` draws many replicates at once, *unit-level data included*, and
analyses each with the closed-form estimator that is the PowerUp! analysis of the design —
OLS on the means of the assigned units (all units for ``ira``/``bira2_1c``) with block fixed
effects, treatment-by-block effects for the blocked cluster designs (so that the degrees
of freedom are those of PowerUp!), and the covariate — as batched linear algebra, not a
model fit per replicate. For balanced data this is the REML estimate of the corresponding
mixed model (tested in ``tests/test_evaluation.py``).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

DESIGNS = ("ira", "bira2_1c", "cra2_2r", "cra3_3r", "bcra3_2f", "bcra4_3f")
# per design: the shape of one replicate (outermost first) and what each axis is
SHAPES = {
    "ira": ("n",),
    "bira2_1c": ("J", "n"),
    "cra2_2r": ("J", "n"),
    "cra3_3r": ("K", "J", "n"),
    "bcra3_2f": ("K", "J", "n"),
    "bcra4_3f": ("L", "K", "J", "n"),
}
AXIS_NAMES = {  # column name of each axis in cluster_trial's data frame
    "ira": ("unit",),
    "bira2_1c": ("block", "unit"),
    "cra2_2r": ("cluster", "unit"),
    "cra3_3r": ("level3", "cluster", "unit"),
    "bcra3_2f": ("block", "cluster", "unit"),
    "bcra4_3f": ("block", "level3", "cluster", "unit"),
}
# number of leading axes that are blocks, and the axis at which treatment is assigned
BLOCK_AXES = {"ira": 0, "bira2_1c": 1, "cra2_2r": 0, "cra3_3r": 0, "bcra3_2f": 1, "bcra4_3f": 1}
ASSIGN_AXIS = {"ira": 0, "bira2_1c": 1, "cra2_2r": 0, "cra3_3r": 0, "bcra3_2f": 1,
               "bcra4_3f": 1}
BLOCK_BY_TREATMENT = {"bcra3_2f", "bcra4_3f"}  # PowerUp! df K(J-2), L(K-2)


@dataclass(frozen=True)
class Design:
    """A design with its sizes and variance components, validated."""

    design: str
    n: int
    J: int = 1
    K: int = 1
    L: int = 1
    rho2: float = 0.0
    rho3: float = 0.0
    p: float = 0.5
    r2x: float = 0.0
    block_sd: float = 0.5

    def __post_init__(self) -> None:
        if self.design not in DESIGNS:
            raise ValueError(f"unknown design {self.design!r}; expected one of {DESIGNS}")
        if self.rho2 < 0 or self.rho3 < 0 or self.rho2 + self.rho3 >= 1:
            raise ValueError("rho2, rho3 must be >= 0 with rho2 + rho3 < 1")
        if self.design in ("ira", "bira2_1c", "cra2_2r", "bcra3_2f") and self.rho3:
            raise ValueError(f"{self.design} has no random level-3 variance (rho3)")
        if self.design in ("ira", "bira2_1c") and self.rho2:
            raise ValueError(f"{self.design} has no random clusters (rho2); blocks of "
                             "bira2_1c are fixed (block_sd)")
        if not 0 < self.p < 1 or not 0 <= self.r2x < 1:
            raise ValueError("p must be in (0, 1) and r2x in [0, 1)")
        if min(self.shape) < 1:
            raise ValueError("sizes must be positive")

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(int(getattr(self, a)) for a in SHAPES[self.design])

    @property
    def treated_mask(self) -> np.ndarray:
        """Which assigned units are treated (within each block), over the assignment axes."""
        shape = self.shape[: ASSIGN_AXIS[self.design] + 1]
        per_block = shape[-1]
        n_t = int(round(self.p * per_block))
        if not 0 < n_t < per_block:
            raise ValueError(f"p = {self.p} leaves an empty arm with {per_block} units per block")
        row = np.arange(per_block) < n_t
        return np.broadcast_to(row, shape)

    def level_of_assignment_sd(self) -> float:
        """SD of the random effect at the level of assignment (what ``x`` explains)."""
        return {"ira": math.sqrt(1 - self.rho2 - self.rho3),
                "bira2_1c": math.sqrt(1 - self.rho2 - self.rho3),
                "cra2_2r": math.sqrt(self.rho2), "bcra3_2f": math.sqrt(self.rho2),
                "cra3_3r": math.sqrt(self.rho3), "bcra4_3f": math.sqrt(self.rho3)}[self.design]


def _draw(d: Design, reps: int, rng: np.random.Generator, es: float) -> dict[str, np.ndarray]:
    """``reps`` replicates of unit-level outcomes (reps × shape) and the covariate."""
    shape = d.shape
    a = ASSIGN_AXIS[d.design]
    nb = BLOCK_AXES[d.design]
    sigma1 = math.sqrt(1 - d.rho2 - d.rho3)
    y = rng.standard_normal((reps, *shape)) * sigma1
    assign_shape = (reps, *shape[: a + 1])
    x = rng.standard_normal(assign_shape) if d.r2x > 0 else None
    if x is not None and d.design in ("ira", "bira2_1c"):
        # a unit-level covariate explaining r2x of the unit-level variance
        y = sigma1 * (math.sqrt(d.r2x) * x + math.sqrt(1 - d.r2x) * y / sigma1)
    # random effects of the clusters (broadcast over lower levels)
    def add(level_shape: tuple[int, ...], sd: float, explained: bool) -> None:
        nonlocal y
        if sd == 0:
            return
        u = rng.standard_normal((reps, *level_shape)) * sd
        if explained and x is not None:
            u = sd * (math.sqrt(d.r2x) * x + math.sqrt(1 - d.r2x) * u / sd)
        y = y + u.reshape(u.shape + (1,) * (len(shape) - len(level_shape)))

    if d.design in ("cra2_2r", "bcra3_2f"):
        add(shape[:-1], math.sqrt(d.rho2), True)
    elif d.design in ("cra3_3r", "bcra4_3f"):
        add(shape[:-2], math.sqrt(d.rho3), True)
        add(shape[:-1], math.sqrt(d.rho2), False)
    if nb:
        b = rng.standard_normal((reps, *shape[:nb])) * d.block_sd
        y = y + b.reshape(b.shape + (1,) * (len(shape) - nb))
    t = d.treated_mask
    y = y + es * t.reshape(t.shape + (1,) * (len(shape) - a - 1))
    return {"y": y, "x": x}


def cluster_trial(design: str, *, es: float, seed: int, cv: float = 0.0,
                  **params: float) -> pd.DataFrame:
    """One seeded synthetic trial as a tidy data frame, one row per unit.

    Columns: the ids of each level (see ``AXIS_NAMES``), ``treatment`` (0/1), ``y``, and
    ``x`` (the covariate at the level of assignment) when ``r2x > 0``. Treatment is
    randomised within blocks (a random permutation, drawn from ``seed``). ``attrs`` holds
    ``true_effect``, ``design``, the parameters and ``seed``.

    Unequal cluster sizes: with ``cv > 0`` (cluster designs only) each level-2 cluster gets
    ``m_j`` units, drawn from a gamma distribution of mean ``n`` and coefficient of
    variation ``cv`` (Eldridge et al. 2006's model), rounded, at least 1 (from a stream of
    its own, ``default_rng([seed, 1])``; ``attrs["cluster_sizes"]`` lists them). The trial
    is drawn with ``n = max m_j`` units per cluster and each cluster keeps its first
    ``m_j``; cluster effects and treatment are as with equal sizes.
    """
    if cv < 0:
        raise ValueError("cv must be >= 0")
    sizes = None
    if cv > 0:
        if design in ("ira", "bira2_1c"):
            raise ValueError(f"{design} has no clusters; cv applies to cluster designs")
        probe = Design(design, **params)
        n_clusters = int(np.prod(probe.shape[:-1]))
        shape_k = 1 / cv**2
        sizes = np.maximum(1, np.rint(np.random.default_rng([seed, 1]).gamma(
            shape_k, probe.n / shape_k, size=n_clusters))).astype(int)
        params = {**params, "n": int(sizes.max())}
    d = Design(design, **params)
    rng = np.random.default_rng(seed)
    draw = _draw(d, 1, rng, 0.0)
    y, x = draw["y"][0], draw["x"]
    shape, a = d.shape, ASSIGN_AXIS[design]
    treat = np.array(d.treated_mask)
    for idx in np.ndindex(*treat.shape[:-1]):  # permute the arms within each block
        treat[idx] = rng.permutation(treat[idx])
    full_t = np.broadcast_to(treat.reshape(treat.shape + (1,) * (len(shape) - a - 1)), shape)
    y = y + es * full_t
    grids = np.meshgrid(*[np.arange(s) for s in shape], indexing="ij")
    df = pd.DataFrame({name: g.ravel() for name, g in zip(AXIS_NAMES[design], grids,
                                                          strict=True)})
    # ids unique across the whole trial for nested levels
    names = AXIS_NAMES[design]
    for i in range(1, len(names)):
        df[names[i]] = np.ravel_multi_index([g.ravel() for g in grids[: i + 1]], shape[: i + 1])
    df["treatment"] = full_t.ravel().astype(int)
    df["y"] = y.ravel()
    if x is not None:
        xa = x[0]
        df["x"] = np.broadcast_to(xa.reshape(xa.shape + (1,) * (len(shape) - a - 1)),
                                  shape).ravel()
    df.attrs.update(true_effect=es, design=design, params=dict(params), seed=seed)
    if sizes is not None:
        cluster_col = names[-2]
        keep = (df["unit"].to_numpy() % d.n) < sizes[df[cluster_col].to_numpy()]
        df = df.loc[keep].reset_index(drop=True)
        df.attrs.update(cv=cv, cluster_sizes=sizes.tolist())
    return df


# --------------------------------------------------------------------------- estimation
def _design_matrix(d: Design, x: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """X (reps × m × k) over the assigned units, and the contrast giving the impact."""
    a, nb = ASSIGN_AXIS[d.design], BLOCK_AXES[d.design]
    shape = d.shape[: a + 1]
    m = int(np.prod(shape))
    t = np.asarray(d.treated_mask, dtype=float).reshape(m)
    n_blocks = int(np.prod(shape[:nb])) if nb else 1
    block = np.repeat(np.arange(n_blocks), m // n_blocks)
    dummies = np.eye(n_blocks)[block]
    if d.design in BLOCK_BY_TREATMENT:
        cols = [dummies, dummies * t[:, None]]
        contrast = np.r_[np.zeros(n_blocks), np.full(n_blocks, 1 / n_blocks)]
    else:
        cols = [dummies, t[:, None]]
        contrast = np.r_[np.zeros(n_blocks), 1.0]
    base = np.hstack(cols)
    if x is None:
        return base[None], contrast
    reps = x.shape[0]
    xx = x.reshape(reps, m, 1)
    big = np.concatenate([np.broadcast_to(base, (reps, *base.shape)), xx], axis=2)
    return big, np.r_[contrast, 0.0]


def _estimate(d: Design, y: np.ndarray, x: np.ndarray | None) -> dict[str, np.ndarray]:
    """Closed-form OLS per replicate on the assigned units' means: estimate, se, df."""
    a = ASSIGN_AXIS[d.design]
    reps = y.shape[0]
    means = y.reshape(reps, int(np.prod(d.shape[: a + 1])), -1).mean(axis=2)
    xmat, c = _design_matrix(d, x)
    m, k = xmat.shape[1], xmat.shape[2]
    xtx = np.einsum("rmi,rmj->rij", xmat, xmat) if xmat.shape[0] > 1 else \
        (xmat[0].T @ xmat[0])[None]
    xty = np.einsum("rmi,rm->ri", np.broadcast_to(xmat, (reps, m, k)), means)
    inv = np.linalg.inv(xtx)
    beta = np.einsum("rij,rj->ri", np.broadcast_to(inv, (reps, k, k)), xty)
    resid = means - np.einsum("rmk,rk->rm", np.broadcast_to(xmat, (reps, m, k)), beta)
    df = m - k
    s2 = (resid**2).sum(axis=1) / df
    var_c = np.einsum("i,rij,j->r", c, np.broadcast_to(inv, (reps, k, k)), c)
    return {"estimate": beta @ c, "se": np.sqrt(s2 * var_c), "df": np.full(reps, df)}


def analyse(df: pd.DataFrame) -> dict[str, float]:
    """The closed-form analysis of :func:`simulate_power` applied to one data frame made by
    :func:`cluster_trial` (for checking it against a model fit)."""
    design = df.attrs["design"]
    if df.attrs.get("cv"):
        raise ValueError("analyse() is the equal-size closed form; this trial has unequal "
                         "cluster sizes (use netlib.trials.evaluation's models)")
    d = Design(design, **df.attrs["params"])
    names = AXIS_NAMES[design]
    order = df.sort_values(list(names))
    # reorder assigned units so that the treated come first in each block, as the design
    # matrix assumes (the estimator does not depend on the order within a block)
    a, nb = ASSIGN_AXIS[design], BLOCK_AXES[design]
    keys = list(names[: a + 1])
    unit_means = order.groupby(keys, sort=True).agg(y=("y", "mean"), t=("treatment", "first"),
                                                   **({"x": ("x", "first")} if "x" in df
                                                      else {}))
    unit_means = unit_means.reset_index()
    blocks = keys[:nb]
    unit_means = unit_means.sort_values([*blocks, "t"], ascending=[True] * nb + [False])
    y = unit_means["y"].to_numpy()[None, :, None]
    x = unit_means["x"].to_numpy()[None, :] if "x" in unit_means else None
    res = _estimate(d, y, x)
    return {k: float(v[0]) for k, v in res.items()}


@dataclass(frozen=True)
class SimulatedPower:
    """Result of :func:`simulate_power`."""

    power: float
    mc_se: float
    coverage: float
    reps: int
    estimates: np.ndarray
    ses: np.ndarray
    df: float

    def __str__(self) -> str:
        return (f"simulated power {self.power:.3f} (Monte Carlo SE {self.mc_se:.3f}), "
                f"95% CI coverage {self.coverage:.3f}, {self.reps} replicates")


def simulate_power(
    design: str, es: float, *, reps: int = 1000, seed: int = 0, alpha: float = 0.05,
    chunk_units: int = 4_000_000, progress: bool | None = None, **params: float,
) -> SimulatedPower:
    """Power by simulation: share of ``reps`` replicates whose two-sided t test rejects.

    Replicates are drawn in batches of about ``chunk_units`` unit-level outcomes and
    analysed with the closed-form estimator (module docstring). ``coverage`` is the share of
    (1−α) intervals ``estimate ± t_{1−α/2,df}·se`` that contain ``es``. A progress bar
    (tqdm, on stderr) is shown when ``progress`` is true, or by default when stderr is a
    terminal and the run has more than 10 batches.
    """
    from tqdm import tqdm

    d = Design(design, **params)
    rng = np.random.default_rng(seed)
    units = int(np.prod(d.shape))
    per = max(1, min(reps, chunk_units // units))
    batches = [per] * (reps // per) + ([reps % per] if reps % per else [])
    if progress is None:
        progress = sys.stderr.isatty() and len(batches) > 10
    est, se = [], []
    df = 0.0
    for b in tqdm(batches, disable=not progress, desc=f"simulating {design}", unit="batch"):
        draw = _draw(d, b, rng, es)
        r = _estimate(d, draw["y"], draw["x"])
        est.append(r["estimate"])
        se.append(r["se"])
        df = float(r["df"][0])
    estimates, ses = np.concatenate(est), np.concatenate(se)
    tcrit = stats.t.ppf(1 - alpha / 2, df)
    reject = np.abs(estimates / ses) > tcrit
    power = float(reject.mean())
    cover = float((np.abs(estimates - es) <= tcrit * ses).mean())
    return SimulatedPower(power, math.sqrt(power * (1 - power) / reps), cover, reps,
                          estimates, ses, df)
