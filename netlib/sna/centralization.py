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


# Graph sizes for which :func:`betweenness` runs on dense n × n arrays: above the largest
# (a few arrays of 8 bytes a cell: about 0.5 GB) and below the smallest (where networkx's
# loop is as fast, measured on random graphs of mean degree 4) networkx is used.
DENSE_BETWEENNESS_MIN, DENSE_BETWEENNESS_MAX = 40, 3000


def betweenness(G: nx.Graph) -> dict[object, float]:
    r"""Raw (unnormalised) betweenness of every node of an undirected graph,
    :math:`b(v) = \sum_{s < t;\ s, t \ne v} \sigma_{st}(v) / \sigma_{st}`, the same values as
    ``networkx.betweenness_centrality(G, normalized=False)``.

    Brandes' (2001) algorithm run for all sources at once, one breadth-first level at a
    time on n × n arrays: with :math:`D` the distances (``scipy.sparse.csgraph``) and
    :math:`A` the adjacency, the path counts are
    :math:`\sigma_{s\cdot}^{(k)} = (\sigma_{s\cdot}[D_{s\cdot} = k-1]) A` on level
    :math:`k`, and the dependencies, from the deepest level up,
    :math:`\delta_{sv} = \sigma_{sv} \sum_{w:\, D_{sw} = D_{sv}+1} A_{vw}
    (1 + \delta_{sw}) / \sigma_{sw}`; :math:`b(v) = \frac12 \sum_s \delta_{sv}`.
    Graphs outside :data:`DENSE_BETWEENNESS_MIN` – :data:`DENSE_BETWEENNESS_MAX` nodes,
    directed graphs and multigraphs go to networkx's loop over sources.

    Reference: Brandes, U. (2001). A faster algorithm for betweenness centrality.
    *Journal of Mathematical Sociology* 25(2), 163–177.
    """
    n = G.number_of_nodes()
    dense = DENSE_BETWEENNESS_MIN <= n <= DENSE_BETWEENNESS_MAX
    if G.is_directed() or G.is_multigraph() or not dense:
        return nx.betweenness_centrality(G, normalized=False)
    from scipy.sparse import csgraph

    nodes = list(G)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, format="csr")
    A.setdiag(0)
    A.eliminate_zeros()
    A.data[:] = 1.0
    D = csgraph.shortest_path(A, unweighted=True, directed=False)
    finite = D[np.isfinite(D)]
    depth = int(finite.max()) if finite.size else 0
    sigma = np.eye(n)
    for k in range(1, depth + 1):
        level = D == k
        sigma[level] = (np.where(D == k - 1, sigma, 0.0) @ A)[level]
    delta = np.zeros((n, n))
    for k in range(depth - 1, 0, -1):
        below = D == k + 1
        coef = np.divide(1.0 + delta, sigma, out=np.zeros((n, n)), where=below)
        level = D == k
        delta[level] = (sigma * (coef @ A))[level]
    b = delta.sum(axis=0) / 2.0
    return dict(zip(nodes, b.tolist(), strict=True))


def node_centrality(G: nx.Graph, measure: str) -> dict[object, float]:
    """Raw node centralities used by :func:`freeman_centralization`."""
    if measure == "degree":
        return dict(G.degree())
    if measure == "betweenness":
        return betweenness(G)
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
