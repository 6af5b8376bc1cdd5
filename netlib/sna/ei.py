"""The Krackhardt–Stern E-I index with a permutation test, overall and by group.

Krackhardt & Stern (1988), "Informal networks and organizational crises", *Social
Psychology Quarterly* 51, 123-140: E-I = (E - I) / (E + I) over the ties of an undirected
graph whose node attribute gives group membership.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd


@dataclass(frozen=True)
class EIResult:
    """Result of :func:`ei_index`."""

    ei: float
    external: int
    internal: int
    expected: float
    p_value: float
    permutations: int
    by_group: pd.DataFrame

    def as_series(self) -> pd.Series:
        return pd.Series({
            "E-I": round(self.ei, 4), "external ties": self.external,
            "internal ties": self.internal,
            "expected E-I (random mixing)": round(self.expected, 4),
            "p (permutation)": round(self.p_value, 4), "permutations": self.permutations,
        }, dtype=object)


def _ei(external: np.ndarray | float, internal: np.ndarray | float) -> np.ndarray | float:
    total = external + internal
    with np.errstate(invalid="ignore", divide="ignore"):
        return (external - internal) / total


def expected_ei(group_sizes: np.ndarray) -> float:
    r"""E-I index expected if ties fell at random among all pairs of nodes — which is also,
    exactly, the mean of the E-I index over all relabellings of a fixed graph.

    With :math:`N` nodes in groups of sizes :math:`n_g`, the share of (ordered or unordered)
    pairs of distinct nodes that cross groups is

    .. math:: p = 1 - \frac{\sum_g n_g (n_g - 1)}{N (N - 1)}

    and the expected index is :math:`2p - 1` (Krackhardt & Stern 1988).

    *Permutation null.* Keep the graph fixed (its :math:`M` ties between distinct nodes) and
    relabel the nodes uniformly at random with the group sizes fixed. The two ends of any tie
    are two distinct nodes, so the tie is external with probability :math:`p` exactly,
    whatever the graph; :math:`E + I = M` does not depend on the labels, so
    :math:`E[EI] = E[E - I]/M = (Mp - M(1 - p))/M = 2p - 1`. The random-mixing value and the
    exact permutation expectation are the same number (the test enumerates every labelling
    of small graphs to check it); :func:`ei_index` centres its two-sided test on it.
    """
    sizes = np.asarray(group_sizes, dtype=float)
    N = sizes.sum()
    within = (sizes * (sizes - 1)).sum()
    p_ext = 1 - within / (N * (N - 1))
    return float(2 * p_ext - 1)


def _two_sided_p(observed: float, null: np.ndarray, centre: float) -> float:
    """Permutation p-value: share of draws at least as far from ``centre`` as observed,
    counting the observed labelling as one draw: (#{|null - c| >= |obs - c|} + 1) / (R + 1).

    ``centre`` must be fixed in advance (the exact expectation under the null when it is
    known): a centre estimated from the same draws moves with the seed, and when a possible
    value of the statistic lies near the mirror point ``2c - observed`` its whole
    probability mass enters or leaves the tail with that noise. The small tolerance counts a
    draw exactly at the mirror point despite rounding."""
    tol = 1e-9 * max(1.0, abs(observed), abs(centre))
    return float((np.sum(np.abs(null - centre) >= abs(observed - centre) - tol) + 1)
                 / (len(null) + 1))


# Work arrays of one chunk of draws hold at most this many cells (draws x nodes for the
# labels, draws x ties for the tie ends): memory does not grow with the number of draws.
CHUNK_CELLS = 1 << 22
# Up to this many draws x nodes, labellings are drawn as today's argsort of uniform numbers
# (the same draws for the same seed as before chunking); above it, by shuffling the labels
# (Fisher-Yates, Generator.permutation), which is faster and has the same distribution.
ARGSORT_CELLS = 20_000_000


def _permutation_counts(codes: np.ndarray, u: np.ndarray, v: np.ndarray, groups: int,
                        permutations: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Per draw of a random relabelling (group sizes fixed): internal ties overall, and per
    group its external and internal ties, shape ``(permutations, groups, 2)``.

    Draws come in chunks of at most :data:`CHUNK_CELLS` cells and are reduced at once to
    these counts. Per group, :math:`I_g` counts ties with both ends in ``g`` and
    :math:`E_g = D_g - 2 I_g`, with :math:`D_g` the sum of the degrees of the nodes labelled
    ``g`` (each internal tie has both ends in ``g``, an external one touching ``g`` one end).
    """
    N, M = len(codes), len(u)
    rng = np.random.default_rng(seed)
    lab = codes.astype(np.int8 if groups < 128 else np.int32)
    deg = np.bincount(u, minlength=N) + np.bincount(v, minlength=N)
    # D_g from a histogram of (degree class, label): one integer bincount over the nodes
    dvals, dclass = np.unique(deg, return_inverse=True)
    dclass = dclass.astype(np.int64) * groups
    internal = np.empty(permutations, dtype=np.int64)
    per_group = np.empty((permutations, groups, 2), dtype=np.int64)
    exact = permutations * N <= ARGSORT_CELLS
    step = max(1, CHUNK_CELLS // max(N, M))
    for lo in range(0, permutations, step):
        hi = min(lo + step, permutations)
        if exact:
            chunk = lab[np.argsort(rng.random((hi - lo, N)), axis=1)]
        for k in range(lo, hi):
            pc = chunk[k - lo] if exact else rng.permutation(lab)
            pu = pc.take(u)
            same = pu == pc.take(v)
            i_g = np.bincount(np.compress(same, pu), minlength=groups)  # compress: quicker
            d_g = np.bincount(dclass + pc, minlength=len(dvals) * groups).reshape(
                len(dvals), groups).T @ dvals
            internal[k] = i_g.sum()
            per_group[k, :, 0] = d_g - 2 * i_g
            per_group[k, :, 1] = i_g
    return internal, per_group


def ei_index(
    G: nx.Graph, attr: str, *, permutations: int = 2000, seed: int = 0
) -> EIResult:
    r"""Krackhardt–Stern E-I index of group embeddedness, with a permutation test.

    .. math:: EI = \frac{E - I}{E + I}

    where :math:`E` counts ties between members of different groups (node attribute
    ``attr``) and :math:`I` ties within a group. −1: all ties internal; +1: all external.
    Per group, :math:`E_g` counts ties from members of ``g`` to non-members and :math:`I_g`
    ties among members. The p-value (two-sided) compares the observed index with its
    distribution when the group labels are permuted over the nodes (``permutations``
    draws, seeded, group sizes fixed). ``expected`` is :math:`2p - 1` with
    :math:`p = 1 - \sum_g n_g(n_g - 1) / (N(N - 1))` (:func:`expected_ei`): the value under
    random mixing and, exactly, the mean of the index over all relabellings of this graph,
    since each tie joins two distinct nodes and is external with probability :math:`p`
    while :math:`E + I` is fixed. The p-value is the share of draws at least as far from
    this exact centre as the observed index, so it varies with the seed only by Monte Carlo
    error.

    ``by_group`` gives each group's :math:`E_g`, :math:`I_g` and E-I with its own
    permutation test. Here the denominator :math:`E_g + I_g` (the ties touching ``g``)
    changes with the labels, so :math:`E[EI_g]` is the mean of a ratio whose distribution
    depends on the graph's degree structure, not only on the group sizes: it has no clean
    closed form (it is not the ratio of the expectations
    :math:`E[E_g - I_g]/E[E_g + I_g]`, which is). ``expected E-I`` is therefore the mean of
    the group's index over the permutation draws (those where ``g`` has a tie) and ``p`` is
    centred on that sampled mean; with few draws it moves with the seed more than Monte
    Carlo error alone when a possible value lies near the mirror point. Self-loops are
    ignored; directed graphs count each arc once.

    Reference: Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
    crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.
    """
    nodes = list(G.nodes())
    labels = pd.Series({v: G.nodes[v].get(attr) for v in nodes})
    if labels.isna().any():
        missing = labels[labels.isna()].index[:5].tolist()
        raise ValueError(f"nodes without attribute {attr!r}: {missing}")
    index = {v: i for i, v in enumerate(nodes)}
    ends = np.fromiter(map(index.__getitem__, itertools.chain.from_iterable(G.edges())),
                       dtype=np.intp)
    edges = ends.reshape(-1, 2)
    return ei_from_edges(labels, edges[:, 0], edges[:, 1], permutations=permutations,
                         seed=seed)


def ei_from_edges(labels: pd.Series, u: np.ndarray, v: np.ndarray, *,
                  permutations: int = 2000, seed: int = 0) -> EIResult:
    """:func:`ei_index` of the graph whose nodes are ``labels``' positions (in that order,
    with their group labels) and whose ties join positions ``u[k]`` and ``v[k]`` — for
    callers that hold the ties as arrays (no graph object to build and walk). Same result
    as :func:`ei_index` on the graph with the nodes in this order."""
    codes, uniques = pd.factorize(labels)
    u, v = np.asarray(u, dtype=np.intp), np.asarray(v, dtype=np.intp)
    keep = u != v  # self-loops are ignored
    if not keep.any():
        raise ValueError("the graph has no ties between distinct nodes")
    u, v = np.ascontiguousarray(u[keep]), np.ascontiguousarray(v[keep])
    same = codes[u] == codes[v]
    internal, external = int(same.sum()), int((~same).sum())
    ei = float(_ei(external, internal))

    G_n = len(uniques)
    internal_null, group_null = _permutation_counts(codes, u, v, G_n, permutations, seed)
    null = _ei(len(u) - internal_null, internal_null)
    expected = expected_ei(np.bincount(codes))
    p = _two_sided_p(ei, null, expected)

    rows = []
    for g, name in enumerate(uniques):
        touches = (codes[u] == g) | (codes[v] == g)
        i_g = int((touches & same).sum())
        e_g = int((touches & ~same).sum())
        obs = float(_ei(e_g, i_g)) if e_g + i_g else np.nan
        null_g = _ei(group_null[:, g, 0], group_null[:, g, 1])
        ok = ~np.isnan(null_g)
        centre = float(null_g[ok].mean()) if ok.any() else np.nan
        rows.append({"group": name, "members": int((codes == g).sum()), "external": e_g,
                     "internal": i_g, "E-I": obs,
                     "expected E-I": centre,
                     "p": _two_sided_p(obs, null_g[ok], centre)
                     if ok.any() and e_g + i_g else np.nan})
    by_group = pd.DataFrame(rows).sort_values("group").reset_index(drop=True)
    return EIResult(ei=ei, external=external, internal=internal,
                    expected=expected, p_value=p,
                    permutations=permutations, by_group=by_group)
