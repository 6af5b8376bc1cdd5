"""Design diagnosis by simulation: several estimators of one design side by side.

In the manner of DeclareDesign (Blair, Cooper, Coppock & Humphreys 2019, *Declaring and
diagnosing research designs*, APSR 113:838–859), :func:`diagnose` draws ``sims`` seeded
replicates of one of the PowerUp! designs ``ira1r1``, ``bira2c1``, ``bira2f1``, ``bira2r1``,
``cra2r2``, ``bcra3f2`` (``K`` blocks of ``J`` clusters) or ``cra3r3``, with unequal
cluster sizes (``cv``) where it has clusters, and reports for each estimator its *diagnosands* with their
Monte Carlo standard errors (S replicates, estimates ``b``, standard errors ``s``, true
effect ``τ``; "significant" = the two-sided level-α test rejects):

========================= ======================================= ==============================
diagnosand                 definition                              Monte Carlo SE
========================= ======================================= ==============================
bias                       mean(b) − τ                             sd(b)/√S
RMSE                       √mean((b − τ)²)                         sd((b−τ)²)/(2·RMSE·√S) (delta)
coverage                   share of intervals b ± t·s holding τ    √(c(1−c)/S)
power                      share significant                       √(π(1−π)/S)
type-S rate                share of significant with sign ≠ τ's    √(r(1−r)/S_sig)
exaggeration ratio         mean(|b| | significant)/|τ|             sd(|b| | sig)/(|τ|√S_sig)
========================= ======================================= ==============================

(type S and exaggeration — "type M" — after Gelman & Carlin 2014, Perspect. Psychol. Sci.
9:641–651; undefined when τ = 0.)

The model of a replicate (cluster designs): ``y = τ·T + b_k + u_j + e``, ``u ~ N(0, ρ₂)``,
``e ~ N(0, 1−ρ₂)``, block effects ``b ~ N(0, block_sd²)``; ``round(p·J)`` clusters treated in
each block (a fresh random permutation per replicate); cluster sizes all ``n``, or with
``cv > 0`` drawn from a gamma distribution of mean ``n`` and coefficient of variation ``cv``
(rounded, at least 1; Eldridge et al. 2006's model of unequal sizes), fresh per replicate.
``cra3r3`` adds a level-3 effect ``v ~ N(0, ρ₃)`` (``e ~ N(0, 1−ρ₂−ρ₃)``), ``round(p·K)``
level-3 units treated; ``ira1r1`` is ``y = τT + e`` for ``n`` individuals; ``bira2*`` has
``J`` sites of ``n`` (gamma sizes with ``cv``), site effects ``u ~ N(0, ρ₂)``, ``round(p·m_j)``
treated per site and, in ``bira2r1``, site-varying effects ``τ + w_j``, ``w ~ N(0, ω₂ρ₂)``.
Internally every design is stored as "clusters" in "blocks": the individuals of ``ira1r1``
are clusters of one, the site × arm cells of ``bira2*`` are clusters in the site blocks, and
the level-3 units of ``cra3r3`` are the clusters.

Estimators (:data:`APPLICABLE` per design, :data:`DEFAULT_ESTIMATORS` by default) — each in
closed form over all replicates at once (batched numpy), never a model fit per replicate:

* ``"ols"``: unit-level OLS with block fixed effects where there are blocks, classical SE,
  t(N − k) — the exact analysis of ``ira1r1`` and ``bira2c1``; for a cluster design the
  naive analysis that ignores clustering (on request only);

* ``"ols_cr"``: unit-level OLS of y on T with CR1 cluster-robust SEs
  (``G/(G−1)·(N−1)/(N−k)``) and t(G − 1), as :func:`netlib.trials.evaluation.fit_ols`
  with ``se="cluster"`` (tested equal to it); clustered on the sites in ``bira2*`` and on
  the level-3 units in ``cra3r3``; HC1 in ``ira1r1``;
* ``"block_fe"``: the same with block fixed effects (Frisch–Waugh: within-block demeaning);
* ``"cluster_means"``: OLS on the cluster means (with block dummies when blocked), classical
  SE, t(G − k) — PowerUp!'s analysis; with equal sizes an exact t test (``cra2r2``,
  ``bcra3f2``; the level-3 means of ``cra3r3``, t(K − 2); in ``bira2*`` the site × arm cell
  means with site dummies, t(J − 1): ``bira2r1``'s test);
* ``"mixed"``: the random-intercept model by *feasible GLS*: the variance components are the
  one-way ANOVA estimates (Donner & Koval 1980's ``n₀`` for unequal sizes, τ² truncated at
  0), then weighted least squares on the cluster means with weights ``1/(τ̂² + σ̂²/m_j)``,
  Wald inference on the normal, as :func:`netlib.trials.evaluation.fit_mixed` reports.
  This is the fast path: with equal cluster sizes (and τ̂² > 0) it *is* the REML estimate
  and SE of the mixed model (tested against statsmodels); with unequal sizes REML has no
  closed form, and the ANOVA-based GLS is its one-step approximation (not an iterated REML
  fit). In ``cra3r3`` it works on the level-3 units; with equal sizes the treatment
  estimate and SE of the balanced three-level REML fit depend only on the level-3 mean
  square, so the same identity holds (not tested against a three-level fit). Not offered
  for ``ira1r1`` (no clusters) nor ``bira2*`` (a random-slope model has no such fast path).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

ESTIMATORS = ("ols", "ols_cr", "block_fe", "cluster_means", "mixed")
DESIGNS = {"ira1r1": "ira1r1", "ira": "ira1r1", "bira2c1": "bira2c1", "bira2_1c": "bira2c1",
           "bira2f1": "bira2f1", "bira2r1": "bira2r1", "cra2r2": "cra2r2", "cra2_2r": "cra2r2",
           "bcra3f2": "bcra3f2", "bcra3_2f": "bcra3f2", "cra3r3": "cra3r3", "cra3_3r": "cra3r3"}
_BIRA = ("ols", "ols_cr", "block_fe", "cluster_means")
APPLICABLE = {"ira1r1": ("ols", "ols_cr"), "bira2c1": _BIRA, "bira2f1": _BIRA,
              "bira2r1": _BIRA, "cra2r2": ("ols", "ols_cr", "cluster_means", "mixed"),
              "bcra3f2": ESTIMATORS, "cra3r3": ("ols", "ols_cr", "cluster_means", "mixed")}
# the naive unit-level OLS of a cluster design is available on request, not by default
DEFAULT_ESTIMATORS = {k: v if k in ("ira1r1", "bira2c1", "bira2f1", "bira2r1")
                      else tuple(e for e in v if e != "ols") for k, v in APPLICABLE.items()}
DIAGNOSANDS = ("bias", "rmse", "coverage", "power", "type_s", "exaggeration")


@dataclass(frozen=True)
class Diagnosis:
    """Result of :func:`diagnose`: ``table`` (one row per estimator: each diagnosand and its
    ``*_se``, mean SE, SD of the estimates) and the raw ``estimates``/``ses`` per
    estimator."""

    design: str
    es: float
    sims: int
    table: pd.DataFrame
    estimates: dict[str, np.ndarray]
    ses: dict[str, np.ndarray]
    params: dict[str, float]

    def __str__(self) -> str:
        return f"{self.design}, true effect {self.es}, {self.sims} simulations\n{self.table}"


# --------------------------------------------------------------------------- drawing
def _draw(rng: np.random.Generator, reps: int, *, n: int, J: int, K: int, rho2: float,
          p: float, es: float, cv: float, block_sd: float) -> dict[str, np.ndarray]:
    """Unit outcomes ``y`` (reps × G × m_max, NaN-free; ``mask`` marks real units), cluster
    sizes ``m`` (reps × G), treatment ``t`` (reps × G) and block ``blk`` (G,)."""
    g = J * K
    if cv > 0:
        shape = 1 / cv**2
        m = np.maximum(1, np.rint(rng.gamma(shape, n / shape, size=(reps, g)))).astype(int)
    else:
        m = np.full((reps, g), n)
    m_max = int(m.max())
    mask = np.arange(m_max)[None, None, :] < m[:, :, None]
    n_t = int(round(p * J))
    if not 0 < n_t < J:
        raise ValueError(f"p = {p} leaves an empty arm with {J} clusters per block")
    base = (np.arange(J) < n_t).astype(float)
    keys = rng.random((reps, K, J))
    t = base[np.argsort(keys, axis=2)].reshape(reps, g)
    blk = np.repeat(np.arange(K), J)
    u = rng.standard_normal((reps, g)) * math.sqrt(rho2)
    b = rng.standard_normal((reps, K))[:, blk] * block_sd if K > 1 else 0.0
    e = rng.standard_normal((reps, g, m_max)) * math.sqrt(1 - rho2)
    y = (es * t + u + b)[:, :, None] + e
    y = np.where(mask, y, 0.0)
    return {"y": y, "mask": mask, "m": m, "t": t, "blk": blk}


def _sizes(rng: np.random.Generator, shape: tuple[int, ...], n: int, cv: float
           ) -> np.ndarray:
    """Cluster sizes: all ``n``, or gamma of mean ``n`` and CV ``cv`` (rounded, >= 1)."""
    if cv > 0:
        k = 1 / cv**2
        return np.maximum(1, np.rint(rng.gamma(k, n / k, size=shape))).astype(int)
    return np.full(shape, n)


def _draw_ira(rng: np.random.Generator, reps: int, *, n: int, p: float, es: float
              ) -> dict[str, np.ndarray]:
    """``ira1r1``: ``n`` individuals, ``round(p·n)`` treated; each its own 'cluster' of one."""
    n_t = int(round(p * n))
    if not 0 < n_t < n:
        raise ValueError(f"p = {p} leaves an empty arm with {n} individuals")
    t = (np.arange(n) < n_t).astype(float)[np.argsort(rng.random((reps, n)), axis=1)]
    y = (es * t + rng.standard_normal((reps, n)))[:, :, None]
    return {"y": y, "mask": np.ones_like(y, dtype=bool), "m": np.ones((reps, n), dtype=int),
            "t": t, "blk": np.zeros(n, dtype=int)}


def _draw_bira(rng: np.random.Generator, reps: int, *, n: int, J: int, rho2: float,
               omega2: float, p: float, es: float, cv: float) -> dict[str, np.ndarray]:
    """``bira2*``: ``J`` blocks (sites) of ``n`` individuals (gamma sizes with ``cv``), of whom
    ``round(p·m_j)`` (at least one, at most ``m_j − 1``) are treated. Stored as ``2J`` cells
    (site × arm) in ``J`` blocks: ``y = (τ + w_j)·T + u_j + e``, ``u ~ N(0, ρ₂)``,
    ``w ~ N(0, ω₂ρ₂)`` (PowerUp!'s ω₂: effect variance over intercept variance),
    ``e ~ N(0, 1 − ρ₂)``."""
    size = _sizes(rng, (reps, J), n, cv)
    if size.min() < 2:
        raise ValueError("every block needs at least 2 individuals")
    n_t = np.clip(np.rint(p * size), 1, size - 1).astype(int)
    m = np.stack([n_t, size - n_t], axis=2).reshape(reps, 2 * J)
    t = np.tile([1.0, 0.0], J)[None, :].repeat(reps, axis=0)
    blk = np.repeat(np.arange(J), 2)
    u = rng.standard_normal((reps, J)) * math.sqrt(rho2)
    w = rng.standard_normal((reps, J)) * math.sqrt(omega2 * rho2)
    m_max = int(m.max())
    mask = np.arange(m_max)[None, None, :] < m[:, :, None]
    e = rng.standard_normal((reps, 2 * J, m_max)) * math.sqrt(1 - rho2)
    y = ((es + w[:, blk]) * t + u[:, blk])[:, :, None] + e
    return {"y": np.where(mask, y, 0.0), "mask": mask, "m": m, "t": t, "blk": blk}


def _draw_cra3(rng: np.random.Generator, reps: int, *, n: int, J: int, K: int, rho2: float,
               rho3: float, p: float, es: float, cv: float) -> dict[str, np.ndarray]:
    """``cra3r3``: ``K`` level-3 units (``round(p·K)`` treated) of ``J`` level-2 units of ``n``
    (gamma sizes with ``cv``): ``y = τT + v_k + u_jk + e``, ``v ~ N(0, ρ₃)``,
    ``u ~ N(0, ρ₂)``, ``e ~ N(0, 1 − ρ₂ − ρ₃)``. The 'clusters' of the estimators are the
    level-3 units (units padded per level-2 unit)."""
    n_t = int(round(p * K))
    if not 0 < n_t < K:
        raise ValueError(f"p = {p} leaves an empty arm with {K} level-3 units")
    m2 = _sizes(rng, (reps, K, J), n, cv)
    m_max = int(m2.max())
    mask = (np.arange(m_max)[None, None, None, :] < m2[..., None])
    t = (np.arange(K) < n_t).astype(float)[np.argsort(rng.random((reps, K)), axis=1)]
    v = rng.standard_normal((reps, K)) * math.sqrt(rho3)
    u = rng.standard_normal((reps, K, J)) * math.sqrt(rho2)
    e = rng.standard_normal((reps, K, J, m_max)) * math.sqrt(1 - rho2 - rho3)
    y = ((es * t + v)[:, :, None] + u)[..., None] + e
    y = np.where(mask, y, 0.0).reshape(reps, K, J * m_max)
    mask = mask.reshape(reps, K, J * m_max)
    return {"y": y, "mask": mask, "m": m2.sum(axis=2), "t": t, "blk": np.zeros(K, dtype=int)}


# --------------------------------------------------------------------------- estimators
def _ols_cr(d: dict[str, np.ndarray], demean_blocks: bool, by_block: bool = False,
            classical: bool = False) -> tuple[np.ndarray, ...]:
    """Unit-level OLS slope of T (with block FE if asked) and its CR1 SE, df G − 1 (clusters
    the blocks if ``by_block``); ``classical``: the homoskedastic OLS SE, df N − k."""
    y, m, t, blk = d["y"], d["m"].astype(float), d["t"], d["blk"]
    reps, g = t.shape
    big_n = m.sum(axis=1)
    n_blocks = int(blk.max()) + 1
    if demean_blocks and n_blocks > 1:
        onehot = np.eye(n_blocks)[blk]  # G × B
        nb = m @ onehot  # reps × B units per block
        sy = (y.sum(axis=2)) @ onehot
        st = (m * t) @ onehot
        ybar_b, tbar_b = (sy / nb) @ onehot.T, (st / nb) @ onehot.T  # back to G
        between_b = (sy**2 / nb).sum(axis=1)
        k = 1 + n_blocks
    else:
        between_b = y.sum(axis=(1, 2)) ** 2 / big_n
        ybar_b = (y.sum(axis=(1, 2)) / big_n)[:, None] * np.ones(g)
        tbar_b = ((m * t).sum(axis=1) / big_n)[:, None] * np.ones(g)
        k = 2
    tt = t - tbar_b  # demeaned treatment, constant within a cluster (reps × G)
    ysum = y.sum(axis=2) - m * ybar_b  # Σ_i ỹ_ij per cluster
    stt = (m * tt**2).sum(axis=1)
    beta = (tt * ysum).sum(axis=1) / stt
    if classical:
        # SSR = Σ ỹ² − β² Σ T̃², Σ ỹ² = Σ y² − Σ_b S_b²/N_b (S_b, N_b: block sums, sizes)
        ssr = (y**2).sum(axis=(1, 2)) - between_b - beta**2 * stt
        var = ssr / (big_n - k) / stt
        return beta, np.sqrt(var), big_n - k
    score = tt * (ysum - beta[:, None] * m * tt)  # cluster sums of T̃·e, e = ỹ − β T̃
    if by_block and n_blocks > 1:
        score = score @ np.eye(n_blocks)[blk]
    n_clusters = score.shape[1]
    factor = n_clusters / (n_clusters - 1) * (big_n - 1) / (big_n - k)
    var = factor * (score**2).sum(axis=1) / stt**2
    return beta, np.sqrt(var), np.full(reps, n_clusters - 1.0)


def _wls_means(means: np.ndarray, t: np.ndarray, blk: np.ndarray, w: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Batched weighted least squares of cluster means on [block dummies, T]: slope, the
    (X'WX)⁻¹ element of T, residuals, number of coefficients."""
    reps, g = t.shape
    n_blocks = int(blk.max()) + 1
    dummies = np.broadcast_to(np.eye(n_blocks)[blk], (reps, g, n_blocks))
    x = np.concatenate([dummies, t[:, :, None]], axis=2)
    xw = x * w[:, :, None]
    xtx = np.einsum("rgi,rgj->rij", xw, x)
    xty = np.einsum("rgi,rg->ri", xw, means)
    inv = np.linalg.inv(xtx)
    beta = np.einsum("rij,rj->ri", inv, xty)
    resid = means - np.einsum("rgk,rk->rg", x, beta)
    return beta[:, -1], inv[:, -1, -1], resid, n_blocks + 1


def _cluster_means(d: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    means = d["y"].sum(axis=2) / d["m"]
    g = means.shape[1]
    beta, c, resid, k = _wls_means(means, d["t"], d["blk"], np.ones_like(means))
    s2 = (resid**2).sum(axis=1) / (g - k)
    return beta, np.sqrt(s2 * c), np.full(len(beta), g - k, dtype=float)


def _mixed(d: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Feasible GLS with one-way ANOVA variance components (module docstring)."""
    y, mask, m, t, blk = d["y"], d["mask"], d["m"].astype(float), d["t"], d["blk"]
    reps, g = t.shape
    means = y.sum(axis=2) / m
    big_n = m.sum(axis=1)
    # the fixed part (blocks, treatment) is at the cluster level: within-cluster residuals
    ssw = (np.where(mask, y - means[:, :, None], 0.0) ** 2).sum(axis=(1, 2))
    msw = ssw / (big_n - g)
    # between clusters, about the fitted fixed part (unit-weighted OLS on the means)
    beta_u, _, resid_u, k = _wls_means(means, t, blk, m)
    msb = (m * resid_u**2).sum(axis=1) / (g - k)
    n0 = (big_n - (m**2).sum(axis=1) / big_n) / (g - 1)
    tau2 = np.maximum((msb - msw) / n0, 0.0)
    w = 1.0 / (tau2[:, None] + msw[:, None] / m)
    beta, c, _, _ = _wls_means(means, t, blk, w)
    return beta, np.sqrt(c), np.full(reps, np.inf)


# --------------------------------------------------------------------------- diagnosands
def diagnosands(estimates: np.ndarray, ses: np.ndarray, df: np.ndarray | float, es: float,
                alpha: float = 0.05) -> dict[str, float]:
    """The diagnosands of the module docstring, and their Monte Carlo SEs, from ``sims``
    estimates with their SEs and dfs (``inf``: normal)."""
    b, s = np.asarray(estimates, float), np.asarray(ses, float)
    df = np.broadcast_to(np.asarray(df, float), b.shape)
    crit = np.where(np.isinf(df), stats.norm.ppf(1 - alpha / 2),
                    stats.t.ppf(1 - alpha / 2, np.where(np.isinf(df), 1.0, df)))
    n = b.size
    err = b - es
    sig = np.abs(b / s) > crit
    cover = np.abs(err) <= crit * s
    mse = float(np.mean(err**2))
    rmse = math.sqrt(mse)
    out = {
        "bias": float(err.mean()), "bias_se": float(b.std(ddof=1) / math.sqrt(n)),
        "rmse": rmse, "rmse_se": float(np.std(err**2, ddof=1) / math.sqrt(n) / (2 * rmse)),
        "coverage": float(cover.mean()),
        "coverage_se": float(math.sqrt(cover.mean() * (1 - cover.mean()) / n)),
        "power": float(sig.mean()),
        "power_se": float(math.sqrt(sig.mean() * (1 - sig.mean()) / n)),
        "mean_se": float(s.mean()), "sd_estimate": float(b.std(ddof=1)),
    }
    n_sig = int(sig.sum())
    if es != 0 and n_sig > 1:
        wrong = np.sign(b[sig]) != np.sign(es)
        r = float(wrong.mean())
        ratio = np.abs(b[sig]) / abs(es)
        out.update(type_s=r, type_s_se=math.sqrt(r * (1 - r) / n_sig),
                   exaggeration=float(ratio.mean()),
                   exaggeration_se=float(ratio.std(ddof=1) / math.sqrt(n_sig)))
    else:
        out.update(type_s=math.nan, type_s_se=math.nan, exaggeration=math.nan,
                   exaggeration_se=math.nan)
    return out


def _spec(design: str, n: int, J: int | None, K: int, rho2: float, rho3: float,
          omega2: float, cv: float) -> str:
    """Check the parameters of ``design``; return its canonical name."""
    if design not in DESIGNS:
        raise ValueError(f"diagnose supports {sorted(DESIGNS)}; got {design!r}")
    canonical = DESIGNS[design]
    if canonical != "ira1r1" and (J is None or J < 2):
        raise ValueError(f"{canonical} needs J >= 2")
    if canonical == "cra2r2" and K != 1:
        raise ValueError("cra2r2 has no blocks (K = 1); use bcra3f2 for blocked clusters")
    if canonical == "bcra3f2" and K < 2:
        raise ValueError("bcra3f2 needs K >= 2 blocks")
    if canonical == "cra3r3" and K < 3:
        raise ValueError("cra3r3 needs K >= 3 level-3 units")
    if omega2 < 0 or (omega2 > 0 and canonical != "bira2r1"):
        raise ValueError("omega2 (effect heterogeneity) belongs to bira2r1 and must be >= 0")
    if rho3 and canonical != "cra3r3":
        raise ValueError("rho3 belongs to cra3r3")
    if not (0 <= rho2 and 0 <= rho3 and rho2 + rho3 < 1) or cv < 0 or n < 1:
        raise ValueError("need 0 <= rho2, rho3 with rho2 + rho3 < 1, cv >= 0 and n >= 1")
    if canonical == "ira1r1" and (rho2 or cv or J is not None):
        raise ValueError("ira1r1 has only n (and p): no J, rho2 or cv")
    return canonical


def diagnose(
    design: str, *, es: float, n: int, J: int | None = None, K: int = 1, rho2: float = 0.0,
    rho3: float = 0.0, omega2: float = 0.0, p: float = 0.5, cv: float = 0.0,
    block_sd: float = 0.5, estimators: tuple[str, ...] | None = None, sims: int = 1000,
    seed: int = 0, alpha: float = 0.05, chunk_units: int = 2_000_000,
) -> Diagnosis:
    """Diagnose ``design`` for a true effect ``es`` by ``sims`` seeded simulations (module
    docstring), with PowerUp!'s parameters: ``ira1r1`` (``n``); ``bira2c1``/``bira2f1``/
    ``bira2r1`` (``n`` per block, ``J`` blocks, ``rho2``; ``omega2`` for ``bira2r1``);
    ``cra2r2`` (``n``, ``J``, ``rho2``); ``bcra3f2`` (``K`` blocks of ``J`` clusters, block
    effects of SD ``block_sd``); ``cra3r3`` (``n``, ``J``, ``K``, ``rho2``, ``rho3``); ``cv``
    the coefficient of variation of the level-2 sizes (blocks for ``bira2*``).
    ``estimators``: a subset of :data:`APPLICABLE` for the design (default
    :data:`DEFAULT_ESTIMATORS`). The same ``seed`` gives the same numbers; the replicates
    are drawn in batches of about ``chunk_units`` units."""
    canonical = _spec(design, n, J, K, rho2, rho3, omega2, cv)
    fits = APPLICABLE[canonical]
    if estimators is None:
        estimators = DEFAULT_ESTIMATORS[canonical]
    bad = [e for e in estimators if e not in fits]
    if bad:
        hint = " (block_fe needs blocks)" if "block_fe" in bad else ""
        raise ValueError(f"unknown or inapplicable estimator(s) {bad} for {canonical}; "
                         f"choose from {fits}{hint}")
    rng = np.random.default_rng(seed)
    units = n * (1 + 3 * cv) * (J or 1) * K
    per = max(1, min(sims, int(chunk_units // max(1, units))))
    got: dict[str, list[tuple[np.ndarray, ...]]] = {e: [] for e in estimators}
    done = 0
    while done < sims:
        b = min(per, sims - done)
        if canonical == "ira1r1":
            d = _draw_ira(rng, b, n=n, p=p, es=es)
        elif canonical.startswith("bira2"):
            d = _draw_bira(rng, b, n=n, J=J, rho2=rho2, omega2=omega2, p=p, es=es, cv=cv)
        elif canonical == "cra3r3":
            d = _draw_cra3(rng, b, n=n, J=J, K=K, rho2=rho2, rho3=rho3, p=p, es=es, cv=cv)
        else:
            d = _draw(rng, b, n=n, J=J, K=K, rho2=rho2, p=p, es=es, cv=cv, block_sd=block_sd)
        for e in estimators:
            got[e].append(estimate(d, e, cluster_by_block=canonical.startswith("bira2")))
        done += b
    rows, est, ses = [], {}, {}
    for e in estimators:
        beta, se, df = (np.concatenate([r[i] for r in got[e]]) for i in range(3))
        est[e], ses[e] = beta, se
        rows.append({"estimator": e, **diagnosands(beta, se, df, es, alpha),
                     "df": float(np.median(df))})
    table = pd.DataFrame(rows).set_index("estimator")
    params = dict(n=n, J=J, K=K, rho2=rho2, rho3=rho3, omega2=omega2, p=p, cv=cv,
                  block_sd=block_sd, seed=seed)
    return Diagnosis(canonical, es, sims, table, est, ses, params)


def replicate_frame(draw: dict[str, np.ndarray], r: int = 0) -> pd.DataFrame:
    """Replicate ``r`` of a draw (:func:`draw`) as a tidy data frame (``block``, ``cluster``,
    ``treatment``, ``y``), for checking the closed-form estimators against model fits."""
    gi, ui = np.nonzero(draw["mask"][r])
    return pd.DataFrame({"block": draw["blk"][gi], "cluster": gi,
                         "treatment": draw["t"][r][gi].astype(int), "y": draw["y"][r][gi, ui]})


def draw(seed: int, reps: int, *, es: float, n: int, J: int, K: int = 1, rho2: float,
         p: float = 0.5, cv: float = 0.0, block_sd: float = 0.5) -> dict[str, np.ndarray]:
    """``reps`` replicates as :func:`diagnose` draws them (arrays; see :func:`replicate_frame`)."""
    return _draw(np.random.default_rng(seed), reps, n=n, J=J, K=K, rho2=rho2, p=p, es=es,
                 cv=cv, block_sd=block_sd)


def estimate(d: dict[str, np.ndarray], estimator: str, cluster_by_block: bool = False
             ) -> tuple[np.ndarray, ...]:
    """Estimates, SEs and dfs of one estimator over the replicates of a draw
    (``cluster_by_block``: the robust SEs cluster the blocks, as in ``bira2*``)."""
    if estimator == "ols":
        return _ols_cr(d, demean_blocks=True, classical=True)
    if estimator == "ols_cr":
        return _ols_cr(d, demean_blocks=False, by_block=cluster_by_block)
    if estimator == "block_fe":
        return _ols_cr(d, demean_blocks=True, by_block=cluster_by_block)
    if estimator == "cluster_means":
        return _cluster_means(d)
    if estimator == "mixed":
        return _mixed(d)
    raise ValueError(f"unknown estimator {estimator!r}; expected one of {ESTIMATORS}")
