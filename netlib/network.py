"""Whole-network measures: Freeman centralization and the Krackhardt–Stern E-I index.

Everything here works on an undirected :class:`networkx.Graph` (directed graphs are
treated as undirected where said so); node attributes give group membership.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

CENTRALITY_MEASURES = ("degree", "betweenness", "closeness")


def _star_max(n: int, measure: str) -> float:
    """Largest possible Σ(c_max − c_i) over graphs with n nodes (attained by the star)."""
    if measure == "degree":  # raw degrees
        return (n - 1) * (n - 2)
    if measure == "betweenness":  # raw (unnormalised) betweenness, undirected
        return (n - 1) ** 2 * (n - 2) / 2
    if measure == "closeness":  # closeness = (n-1) / Σ distances
        return (n - 1) * (n - 2) / (2 * n - 3)
    raise ValueError(f"measure must be one of {CENTRALITY_MEASURES}, got {measure!r}")


def node_centrality(G: nx.Graph, measure: str) -> dict[object, float]:
    """Raw node centralities used by :func:`freeman_centralization`."""
    if measure == "degree":
        return dict(G.degree())
    if measure == "betweenness":
        return nx.betweenness_centrality(G, normalized=False)
    if measure == "closeness":
        if not nx.is_connected(G):
            raise ValueError("closeness centralization is defined for connected graphs only")
        return nx.closeness_centrality(G)
    raise ValueError(f"measure must be one of {CENTRALITY_MEASURES}, got {measure!r}")


def freeman_centralization(G: nx.Graph, measure: str = "degree") -> float:
    r"""Freeman's graph centralization, in [0, 1].

    .. math:: C = \frac{\sum_i \left(c^* - c_i\right)}{\max_{G'} \sum_i \left(c'^* - c'_i\right)}

    where :math:`c^*` is the largest node centrality and the denominator is the value of the
    numerator for a star on the same number of nodes (the most centralized graph):
    :math:`(n-1)(n-2)` for raw degree, :math:`(n-1)^2(n-2)/2` for raw betweenness and
    :math:`(n-1)(n-2)/(2n-3)` for closeness :math:`(n-1)/\sum_j d_{ij}`. A star scores 1; a
    complete graph or a cycle scores 0.

    Reference: Freeman, L. C. (1979). Centrality in social networks: conceptual
    clarification. *Social Networks* 1, 215–239.

    Difference from R igraph: ``centr_degree()`` defaults to ``loops = TRUE`` and then divides
    by :math:`n(n-1)` instead of :math:`(n-1)(n-2)`, so a star scores :math:`(n-2)/n` there
    (call it with ``loops = FALSE`` to get Freeman's value). ``centr_betw()`` and
    ``centr_clo()`` use Freeman's maxima for undirected graphs. Directed graphs are treated
    as undirected here. Graphs with fewer than three nodes return ``nan``.
    """
    H = G.to_undirected() if G.is_directed() else G
    n = H.number_of_nodes()
    if n < 3:
        return float("nan")
    c = np.fromiter(node_centrality(H, measure).values(), dtype=float, count=n)
    return float((c.max() - c).sum() / _star_max(n, measure))


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
    r"""E-I index expected if ties fell at random among all pairs of nodes.

    With :math:`N` nodes in groups of sizes :math:`n_g`, the share of pairs that cross groups
    is :math:`p = 1 - \sum_g \binom{n_g}{2} / \binom{N}{2}` and the expected index is
    :math:`2p - 1` (Krackhardt & Stern 1988).
    """
    sizes = np.asarray(group_sizes, dtype=float)
    N = sizes.sum()
    within = (sizes * (sizes - 1) / 2).sum()
    p_ext = 1 - within / (N * (N - 1) / 2)
    return float(2 * p_ext - 1)


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
    draws, seeded); ``expected`` is the analytic value under random mixing
    (:func:`expected_ei`). Self-loops are ignored; directed graphs count each arc once.

    Reference: Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
    crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.
    """
    nodes = list(G.nodes())
    labels = pd.Series({v: G.nodes[v].get(attr) for v in nodes})
    if labels.isna().any():
        missing = labels[labels.isna()].index[:5].tolist()
        raise ValueError(f"nodes without attribute {attr!r}: {missing}")
    codes, uniques = pd.factorize(labels)
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in G.edges() if u != v], dtype=int)
    if edges.size == 0:
        raise ValueError("the graph has no ties between distinct nodes")
    u, v = edges[:, 0], edges[:, 1]
    same = codes[u] == codes[v]
    internal, external = int(same.sum()), int((~same).sum())
    ei = float(_ei(external, internal))

    rng = np.random.default_rng(seed)
    perm = np.argsort(rng.random((permutations, len(codes))), axis=1)
    pc = codes[perm]  # permuted labels, one row per draw
    null = _ei((pc[:, u] != pc[:, v]).sum(1), (pc[:, u] == pc[:, v]).sum(1))
    null_mean = float(np.mean(null))
    p = float((np.sum(np.abs(null - null_mean) >= abs(ei - null_mean) - 1e-12) + 1)
              / (permutations + 1))

    rows = []
    for g, name in enumerate(uniques):
        touches = (codes[u] == g) | (codes[v] == g)
        i_g = int((touches & same).sum())
        e_g = int((touches & ~same).sum())
        rows.append({"group": name, "members": int((codes == g).sum()), "external": e_g,
                     "internal": i_g, "E-I": float(_ei(e_g, i_g)) if e_g + i_g else np.nan})
    by_group = pd.DataFrame(rows).sort_values("group").reset_index(drop=True)
    return EIResult(ei=ei, external=external, internal=internal,
                    expected=expected_ei(np.bincount(codes)), p_value=p,
                    permutations=permutations, by_group=by_group)
