"""The Krackhardt–Stern E-I index with a permutation test, overall and by group.

Krackhardt & Stern (1988), "Informal networks and organizational crises", *Social
Psychology Quarterly* 51, 123-140: E-I = (E - I) / (E + I) over the ties of an undirected
graph whose node attribute gives group membership.
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor
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
# Up to this many draws x nodes, labellings are drawn as an argsort of uniform numbers (the
# draws of the first, unchunked implementation for the same seed); above it, by
# :func:`random_labelling` in independently seeded chunks spread over threads, which is
# several times faster and has the same distribution (tested against exact enumeration).
ARGSORT_CELLS = 20_000_000
# Draws per independently seeded chunk on the fast path; the chunk -> seed mapping depends on
# nothing else, so results do not depend on the number of threads.
FAST_CHUNK = 50
# Resolution of the lookup table that turns uniform 16-bit integers into provisional labels.
_TABLE_BITS = 16


def labelling_table(sizes: np.ndarray) -> np.ndarray:
    """Lookup table of :math:`2^{16}` labels, each group ``g`` on a share close to
    :math:`n_g / N` of the entries (the provisional labels of :func:`random_labelling`)."""
    sizes = np.asarray(sizes, dtype=np.int64)
    width = 1 << _TABLE_BITS
    edges = np.round(np.concatenate([[0], np.cumsum(sizes)]) / sizes.sum() * width)
    dtype = np.int8 if len(sizes) < 128 else np.int32
    return np.repeat(np.arange(len(sizes), dtype=dtype), np.diff(edges.astype(np.int64)))


def random_labelling(rng: np.random.Generator, sizes: np.ndarray,
                     table: np.ndarray) -> np.ndarray:
    r"""A labelling of :math:`N = \sum_g n_g` nodes drawn uniformly among those with exactly
    :math:`n_g` nodes in group :math:`g` — the distribution of a random permutation of the
    labels — without a Fisher–Yates shuffle of all :math:`N` labels.

    1. Each node gets a provisional label, independently, from ``table``
       (:func:`labelling_table`: probability :math:`\approx n_g/N`).
    2. In each group with a surplus :math:`s_g = c_g - n_g > 0`, :math:`s_g` of its members
       chosen uniformly at random are freed; the freed nodes receive the missing labels
       (the multiset of deficits) in uniformly random order.

    *Why it is exact.* Step 1 is exchangeable over the nodes and step 2 treats nodes
    symmetrically, so the law of the result is invariant under every permutation of the
    nodes; it is supported on the labellings with counts :math:`n_g`, on which the
    permutations act transitively: an invariant law there is the uniform one. Step 2 moves
    about :math:`\sum_g \sqrt{N p_g(1-p_g)}` nodes, a small share of :math:`N`.
    """
    N = int(np.sum(sizes))
    lab = table.take(rng.integers(0, len(table), N, dtype=np.uint32 if len(table) > 1 << 16
                                  else np.uint16))
    counts = np.bincount(lab, minlength=len(sizes))
    surplus = counts - sizes
    if surplus.any():
        freed = np.concatenate([
            np.flatnonzero(lab == g)[rng.choice(counts[g], surplus[g], replace=False)]
            for g in np.flatnonzero(surplus > 0)])
        need = np.repeat(np.arange(len(sizes), dtype=lab.dtype), np.maximum(-surplus, 0))
        lab[freed] = rng.permutation(need)
    return lab


def _counts_of(pc: np.ndarray, u: np.ndarray, v: np.ndarray, groups: int,
               dclass: np.ndarray, dvals: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """Internal ties, and per group :math:`I_g` and :math:`D_g`, for one labelling ``pc``."""
    pu = pc.take(u)
    same = pu == pc.take(v)
    i_g = np.bincount(np.compress(same, pu), minlength=groups)  # compress: quicker
    d_g = np.bincount(dclass + pc, minlength=len(dvals) * groups).reshape(
        len(dvals), groups).T @ dvals
    return int(i_g.sum()), i_g, d_g


def _permutation_counts(codes: np.ndarray, u: np.ndarray, v: np.ndarray, groups: int,
                        permutations: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Per draw of a random relabelling (group sizes fixed): internal ties overall, and per
    group its external and internal ties, shape ``(permutations, groups, 2)``.

    Draws come in chunks of bounded size and are reduced at once to these counts. Per group,
    :math:`I_g` counts ties with both ends in ``g`` and :math:`E_g = D_g - 2 I_g`, with
    :math:`D_g` the sum of the degrees of the nodes labelled ``g`` (each internal tie has
    both ends in ``g``, an external one touching ``g`` one end).
    """
    N = len(codes)
    lab = codes.astype(np.int8 if groups < 128 else np.int32)
    deg = np.bincount(u, minlength=N) + np.bincount(v, minlength=N)
    # D_g from a histogram of (degree class, label): one integer bincount over the nodes
    dvals, dclass = np.unique(deg, return_inverse=True)
    dclass = dclass.astype(np.int64) * groups
    internal = np.empty(permutations, dtype=np.int64)
    per_group = np.empty((permutations, groups, 2), dtype=np.int64)

    def store(k: int, pc: np.ndarray) -> None:
        internal[k], i_g, d_g = _counts_of(pc, u, v, groups, dclass, dvals)
        per_group[k, :, 0] = d_g - 2 * i_g
        per_group[k, :, 1] = i_g

    if permutations * N <= ARGSORT_CELLS:
        rng = np.random.default_rng(seed)
        step = max(1, CHUNK_CELLS // max(N, len(u)))
        for lo in range(0, permutations, step):
            hi = min(lo + step, permutations)
            chunk = lab[np.argsort(rng.random((hi - lo, N)), axis=1)]
            for k in range(lo, hi):
                store(k, chunk[k - lo])
        return internal, per_group

    sizes = np.bincount(codes, minlength=groups)
    table = labelling_table(sizes)
    starts = range(0, permutations, FAST_CHUNK)
    seeds = np.random.SeedSequence(seed).spawn(len(starts))

    def run(lo: int, ss: np.random.SeedSequence) -> None:
        rng = np.random.default_rng(ss)
        for k in range(lo, min(lo + FAST_CHUNK, permutations)):
            store(k, random_labelling(rng, sizes, table))

    workers = min(len(starts), os.cpu_count() or 1)
    if workers > 1:  # numpy releases the GIL in take, compare and the generator
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(run, starts, seeds))
    else:
        for lo, ss in zip(starts, seeds, strict=True):
            run(lo, ss)
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
