r"""Freeman centralization (degree, betweenness, closeness) of a whole network.

Freeman (1979), "Centrality in social networks: conceptual clarification", *Social
Networks* 1, 215-239: :math:`C = \sum_i (c_{max} - c_i) / \max \sum_i (c_{max} - c_i)`,
the maximum being attained by the star on the same number of nodes.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

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
