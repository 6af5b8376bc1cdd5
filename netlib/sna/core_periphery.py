"""Borgatti & Everett's discrete core/periphery model.

Borgatti & Everett (1999), "Models of core/periphery structures", *Social Networks* 21,
375-395: the partition into core and periphery whose ideal pattern (core-core ties
present, periphery-periphery ties absent) correlates best with the observed ties.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd


@dataclass(frozen=True)
class CorePeripheryFit:
    """Result of :func:`core_periphery`."""

    core: frozenset
    correlation: float
    inter: float | None
    core_density: float
    periphery_density: float
    between_density: float
    exhaustive: bool

    @property
    def core_size(self) -> int:
        return len(self.core)

    def as_series(self) -> pd.Series:
        return pd.Series({
            "core size": self.core_size, "correlation": self.correlation,
            "core density": self.core_density, "core-periphery density": self.between_density,
            "periphery density": self.periphery_density,
            "core-periphery cells": "ignored" if self.inter is None else self.inter,
            "search": "exhaustive" if self.exhaustive else "heuristic",
        })


def _cp_correlation(k: np.ndarray, m_cc: np.ndarray, m_cp: np.ndarray, m_pp: np.ndarray,
                    n: int, inter: float | None) -> np.ndarray:
    """Pearson correlation between ties and the ideal pattern, from block counts.

    Vectorised over candidate partitions: ``k`` core sizes, ``m_cc``/``m_cp``/``m_pp`` ties
    within the core, between core and periphery, within the periphery. Cells are the
    unordered pairs of distinct nodes; with ``inter=None`` the core–periphery cells are
    left out, otherwise the ideal value there is ``inter``.
    """
    k = np.asarray(k, dtype=float)
    n_cc = k * (k - 1) / 2
    n_pp = (n - k) * (n - k - 1) / 2
    n_cp = k * (n - k)
    if inter is None:
        N = n_cc + n_pp
        sx = m_cc + m_pp  # Σ ties over the cells used
        sy = n_cc  # Σ ideal (1 in the core block, 0 in the periphery block)
        syy = n_cc
        sxy = m_cc
    else:
        N = n_cc + n_pp + n_cp
        sx = m_cc + m_pp + m_cp
        sy = n_cc + inter * n_cp
        syy = n_cc + inter**2 * n_cp
        sxy = m_cc + inter * m_cp
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy / N - (sx / N) * (sy / N)
        vx = sx / N - (sx / N) ** 2  # ties are 0/1, so Σx² = Σx
        vy = syy / N - (sy / N) ** 2
        r = cov / np.sqrt(vx * vy)
    return np.where((vx > 0) & (vy > 0), r, np.nan)


def _blocks(A: np.ndarray, C: np.ndarray) -> tuple[np.ndarray, ...]:
    """Core size and tie counts per block for each row of the 0/1 membership matrix C."""
    deg_sum = A.sum() / 2
    AC = C @ A
    m_cc = (AC * C).sum(axis=1) / 2
    ties_from_core = AC.sum(axis=1)  # Σ_i∈core deg(i) = 2 m_cc + m_cp
    m_cp = ties_from_core - 2 * m_cc
    m_pp = deg_sum - m_cc - m_cp
    return C.sum(axis=1), m_cc, m_cp, m_pp


def _hill_climb(A: np.ndarray, deg: np.ndarray, C: np.ndarray, inter: float | None
                ) -> tuple[np.ndarray, np.ndarray]:
    """From each row of ``C`` (a start), move one node at a time between core and periphery
    while the correlation improves; all starts climb together, one array operation per
    step for every start still climbing. Returns the final partitions and correlations.

    The block counts after moving node ``v`` follow from its ties into the core
    :math:`t_v = (Ac)_v` and its degree :math:`d_v` (periphery → core: ``m_cc += t_v``,
    ``m_pp -= d_v - t_v``; core → periphery the reverse), so every candidate move is scored
    in O(n) and the best one applied (the first of equal best moves). Counts are integers,
    so each start follows the same path as it would alone.
    """
    S, n = C.shape
    C = C.copy()
    T = C @ A
    k, m_cc, m_cp, m_pp = _blocks(A, C)
    r = _cp_correlation(k, m_cc, m_cp, m_pp, n, inter)
    live = np.arange(S)
    while len(live):
        c, t = C[live], T[live]
        sign = np.where(c == 1, -1.0, 1.0)  # +1: joins the core, -1: leaves it
        d_cc = sign * t
        d_pp = -sign * (deg - t)
        nk = k[live, None] + sign
        ncc = m_cc[live, None] + d_cc
        npp = m_pp[live, None] + d_pp
        ncp = (m_cc + m_cp + m_pp)[live, None] - ncc - npp
        rf = _cp_correlation(nk, ncc, ncp, npp, n, inter)
        some = ~np.all(np.isnan(rf), axis=1)
        j = np.zeros(len(live), dtype=np.intp)
        j[some] = np.nanargmax(rf[some], axis=1)
        rows = np.arange(len(live))
        best = rf[rows, j]
        up = some & (np.isnan(r[live]) | (best > r[live] + 1e-12))
        live, rows, j = live[up], rows[up], j[up]
        k[live], m_cc[live], m_cp[live], m_pp[live] = (
            nk[rows, j], ncc[rows, j], ncp[rows, j], npp[rows, j])
        r[live] = best[up]
        T[live] += sign[rows, j][:, None] * A[:, j].T
        C[live, j] = 1 - C[live, j]
    return C, r


def core_periphery(G: nx.Graph, inter: float | None = None, *, exhaustive_max: int = 16,
                   restarts: int = 20, seed: int = 0) -> CorePeripheryFit:
    r"""Borgatti–Everett discrete core/periphery model: the core that best fits the ideal.

    Each node is core (:math:`c_i = 1`) or periphery (:math:`c_i = 0`). The ideal pattern
    is :math:`\delta_{ij} = 1` when both are core, :math:`0` when both are periphery and,
    between core and periphery, either a value ``inter`` or — with ``inter=None``, the
    default, as in UCINET — *missing* (those cells are left out). The fit is Pearson's
    correlation over the unordered pairs of distinct nodes used,

    .. math:: \rho(c) = \operatorname{corr}\left(a_{ij}, \delta_{ij}(c)\right),

    and the returned core maximises it. With :math:`n \le` ``exhaustive_max`` every one
    of the :math:`2^n` partitions is evaluated (the global optimum); otherwise a
    heuristic starts from every degree threshold (the nodes of degree at least d, for each
    distinct degree d, as UCINET's and netUtils' degree-based starts) and from
    ``restarts`` random partitions (seeded), and moves one node at a time while the
    correlation improves (:func:`_hill_climb`). Ties in the optimum are broken towards the smaller core,
    then by node order. Directed graphs are treated as undirected, weights ignored.

    Reference: Borgatti, S. P. & Everett, M. G. (1999). Models of core/periphery
    structures. *Social Networks* 21(4), 375–395.
    """
    H = G.to_undirected() if G.is_directed() else G
    nodes = list(H.nodes())
    n = len(nodes)
    if n < 3:
        raise ValueError("a core/periphery fit needs at least 3 nodes")
    A = nx.to_numpy_array(H, nodelist=nodes, weight=None)
    np.fill_diagonal(A, 0)

    def score(C: np.ndarray) -> np.ndarray:
        return _cp_correlation(*_blocks(A, C), n=n, inter=inter)

    def better(r_new: float, c_new: np.ndarray, r_old: float, c_old: np.ndarray) -> bool:
        if np.isnan(r_new):
            return False
        if np.isnan(r_old) or r_new > r_old + 1e-12:
            return True
        if abs(r_new - r_old) <= 1e-12:  # tie: smaller core, then lexicographic
            key_new = (c_new.sum(), tuple(-c_new))
            key_old = (c_old.sum(), tuple(-c_old))
            return key_new < key_old
        return False

    best_c, best_r = np.zeros(n), np.nan
    exhaustive = n <= exhaustive_max
    if exhaustive:
        for start in range(0, 2**n, 2**14):
            masks = np.arange(start, min(start + 2**14, 2**n))
            C = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
            r = score(C)
            for i in np.flatnonzero(r >= np.nanmax(r, initial=-2) - 1e-12):
                if better(r[i], C[i], best_r, best_c):
                    best_c, best_r = C[i].copy(), float(r[i])
    else:
        rng = np.random.default_rng(seed)
        deg = A.sum(axis=1)
        starts = [(deg >= d).astype(float) for d in np.unique(deg)[::-1]]  # degree thresholds
        starts += [(rng.random(n) < 0.3).astype(float) for _ in range(restarts)]
        ends, rs = _hill_climb(A, deg, np.array(starts), inter)
        for c, r in zip(ends, rs, strict=True):  # in the order of the starts
            if better(float(r), c, best_r, best_c):
                best_c, best_r = c.copy(), float(r)
    core = frozenset(v for v, ci in zip(nodes, best_c, strict=True) if ci)
    k, m_cc, m_cp, m_pp = (float(x[0]) for x in _blocks(A, best_c[None, :]))
    dens = [m / d if d else float("nan") for m, d in (
        (m_cc, k * (k - 1) / 2), (m_pp, (n - k) * (n - k - 1) / 2), (m_cp, k * (n - k)))]
    return CorePeripheryFit(core=core, correlation=best_r, inter=inter,
                            core_density=dens[0], periphery_density=dens[1],
                            between_density=dens[2], exhaustive=exhaustive)
