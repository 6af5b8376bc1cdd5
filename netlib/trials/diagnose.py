"""Design diagnosis by simulation: several estimators of one design side by side.

In the manner of DeclareDesign (Blair, Cooper, Coppock & Humphreys 2019, *Declaring and
diagnosing research designs*, APSR 113:838–859), :func:`diagnose` draws ``sims`` seeded
replicates of a two-level cluster-randomised trial (``cra2r2``), optionally with the
clusters randomised within fixed blocks (``bcra3f2``: ``K`` blocks of ``J`` clusters) and
with unequal cluster sizes, and reports for each estimator its *diagnosands* with their
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

The model of a replicate: ``y = τ·T + b_k + u_j + e``, ``u ~ N(0, ρ₂)``, ``e ~ N(0, 1−ρ₂)``,
block effects ``b ~ N(0, block_sd²)``; ``round(p·J)`` clusters treated in each block (a
fresh random permutation per replicate); cluster sizes all ``n``, or with ``cv > 0`` drawn
from a gamma distribution of mean ``n`` and coefficient of variation ``cv`` (rounded, at
least 1; Eldridge et al. 2006's model of unequal sizes), fresh per replicate.

Estimators — each in closed form over all replicates at once (batched numpy), never a model
fit per replicate:

* ``"ols_cr"``: unit-level OLS of y on T with CR1 cluster-robust SEs
  (``G/(G−1)·(N−1)/(N−k)``) and t(G − 1), as :func:`netlib.trials.evaluation.fit_ols`
  with ``se="cluster"`` (tested equal to it);
* ``"block_fe"``: the same with block fixed effects (Frisch–Waugh: within-block demeaning);
* ``"cluster_means"``: OLS on the cluster means (with block dummies when blocked), classical
  SE, t(G − k) — PowerUp!'s analysis; with equal sizes an exact t test;
* ``"mixed"``: the random-intercept model by *feasible GLS*: the variance components are the
  one-way ANOVA estimates (Donner & Koval 1980's ``n₀`` for unequal sizes, τ² truncated at
  0), then weighted least squares on the cluster means with weights ``1/(τ̂² + σ̂²/m_j)``,
  Wald inference on the normal, as :func:`netlib.trials.evaluation.fit_mixed` reports.
  This is the fast path: with equal cluster sizes (and τ̂² > 0) it *is* the REML estimate
  and SE of the mixed model (tested against statsmodels); with unequal sizes REML has no
  closed form, and the ANOVA-based GLS is its one-step approximation (not an iterated REML
  fit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

ESTIMATORS = ("ols_cr", "block_fe", "cluster_means", "mixed")
DESIGNS = {"cra2r2": "cra2r2", "cra2_2r": "cra2r2", "bcra3f2": "bcra3f2", "bcra3_2f": "bcra3f2"}
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


# --------------------------------------------------------------------------- estimators
def _ols_cr(d: dict[str, np.ndarray], demean_blocks: bool) -> tuple[np.ndarray, ...]:
    """Unit-level OLS slope of T (with block FE if asked) and its CR1 SE, df G − 1."""
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
        k = 1 + n_blocks
    else:
        ybar_b = (y.sum(axis=(1, 2)) / big_n)[:, None] * np.ones(g)
        tbar_b = ((m * t).sum(axis=1) / big_n)[:, None] * np.ones(g)
        k = 2
    tt = t - tbar_b  # demeaned treatment, constant within a cluster (reps × G)
    ysum = y.sum(axis=2) - m * ybar_b  # Σ_i ỹ_ij per cluster
    stt = (m * tt**2).sum(axis=1)
    beta = (tt * ysum).sum(axis=1) / stt
    # cluster sums of the score T̃·e with e = ỹ − β T̃
    score = tt * (ysum - beta[:, None] * m * tt)
    factor = g / (g - 1) * (big_n - 1) / (big_n - k)
    var = factor * (score**2).sum(axis=1) / stt**2
    return beta, np.sqrt(var), np.full(reps, g - 1.0)


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


def diagnose(
    design: str, *, es: float, n: int, J: int, K: int = 1, rho2: float, p: float = 0.5,
    cv: float = 0.0, block_sd: float = 0.5, estimators: tuple[str, ...] | None = None,
    sims: int = 1000, seed: int = 0, alpha: float = 0.05, chunk_units: int = 2_000_000,
) -> Diagnosis:
    """Diagnose ``design`` (``"cra2r2"``, or ``"bcra3f2"`` with ``K`` blocks) for a true
    effect ``es`` by ``sims`` seeded simulations (module docstring). ``estimators``: a subset
    of :data:`ESTIMATORS` (default: all that apply; ``block_fe`` needs blocks). The same
    ``seed`` gives the same numbers; the replicates are drawn in batches of about
    ``chunk_units`` units."""
    if design not in DESIGNS:
        raise ValueError(f"diagnose supports {sorted(DESIGNS)}; got {design!r}")
    canonical = DESIGNS[design]
    if canonical == "cra2r2" and K != 1:
        raise ValueError("cra2r2 has no blocks (K = 1); use bcra3f2 for blocked clusters")
    if canonical == "bcra3f2" and K < 2:
        raise ValueError("bcra3f2 needs K >= 2 blocks")
    if not 0 <= rho2 < 1 or cv < 0 or n < 1 or J < 2:
        raise ValueError("need 0 <= rho2 < 1, cv >= 0, n >= 1 and J >= 2")
    if estimators is None:
        estimators = tuple(e for e in ESTIMATORS if e != "block_fe" or K > 1)
    bad = [e for e in estimators if e not in ESTIMATORS or (e == "block_fe" and K == 1)]
    if bad:
        raise ValueError(f"unknown or inapplicable estimator(s) {bad}; choose from "
                         f"{ESTIMATORS} (block_fe needs blocks)")
    rng = np.random.default_rng(seed)
    per = max(1, min(sims, chunk_units // max(1, int(n * (1 + 3 * cv)) * J * K)))
    got: dict[str, list[tuple[np.ndarray, ...]]] = {e: [] for e in estimators}
    done = 0
    while done < sims:
        b = min(per, sims - done)
        d = _draw(rng, b, n=n, J=J, K=K, rho2=rho2, p=p, es=es, cv=cv, block_sd=block_sd)
        for e in estimators:
            got[e].append(estimate(d, e))
        done += b
    rows, est, ses = [], {}, {}
    for e in estimators:
        beta, se, df = (np.concatenate([r[i] for r in got[e]]) for i in range(3))
        est[e], ses[e] = beta, se
        rows.append({"estimator": e, **diagnosands(beta, se, df, es, alpha),
                     "df": float(df[0])})
    table = pd.DataFrame(rows).set_index("estimator")
    params = dict(n=n, J=J, K=K, rho2=rho2, p=p, cv=cv, block_sd=block_sd, seed=seed)
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


def estimate(d: dict[str, np.ndarray], estimator: str) -> tuple[np.ndarray, ...]:
    """Estimates, SEs and dfs of one estimator over the replicates of a draw."""
    if estimator == "ols_cr":
        return _ols_cr(d, demean_blocks=False)
    if estimator == "block_fe":
        return _ols_cr(d, demean_blocks=True)
    if estimator == "cluster_means":
        return _cluster_means(d)
    if estimator == "mixed":
        return _mixed(d)
    raise ValueError(f"unknown estimator {estimator!r}; expected one of {ESTIMATORS}")
