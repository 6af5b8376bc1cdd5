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


def _two_sided_p(observed: float, null: np.ndarray) -> float:
    """Permutation p-value: share of draws at least as far from the null mean as observed,
    counting the observed labelling as one draw: (#{|null - m| >= |obs - m|} + 1) / (R + 1)."""
    m = float(np.mean(null))
    return float((np.sum(np.abs(null - m) >= abs(observed - m) - 1e-12) + 1) / (len(null) + 1))


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
    (:func:`expected_ei`). ``by_group`` gives each group's :math:`E_g`, :math:`I_g` and
    E-I with the same permutation test: ``expected E-I`` is the mean of the group's index
    over the permutations and ``p`` its two-sided p-value. Self-loops are ignored; directed
    graphs count each arc once.

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
    pu, pv = pc[:, u], pc[:, v]
    same_null = pu == pv
    null = _ei((~same_null).sum(1), same_null.sum(1))
    p = _two_sided_p(ei, null)

    rows = []
    for g, name in enumerate(uniques):
        touches = (codes[u] == g) | (codes[v] == g)
        i_g = int((touches & same).sum())
        e_g = int((touches & ~same).sum())
        obs = float(_ei(e_g, i_g)) if e_g + i_g else np.nan
        t = (pu == g) | (pv == g)
        null_g = _ei((t & ~same_null).sum(1), (t & same_null).sum(1))
        ok = ~np.isnan(null_g)
        rows.append({"group": name, "members": int((codes == g).sum()), "external": e_g,
                     "internal": i_g, "E-I": obs,
                     "expected E-I": float(null_g[ok].mean()) if ok.any() else np.nan,
                     "p": _two_sided_p(obs, null_g[ok]) if ok.any() and e_g + i_g else np.nan})
    by_group = pd.DataFrame(rows).sort_values("group").reset_index(drop=True)
    return EIResult(ei=ei, external=external, internal=internal,
                    expected=expected_ei(np.bincount(codes)), p_value=p,
                    permutations=permutations, by_group=by_group)


# =========================================================================================
# Network structure typology (issue 4): Borgatti–Everett core/periphery, Baran's A/B/C
# structures and Holley's stages, made measurable. Kept in one section at the end of the
# module on purpose (other issues add their own sections or modules).
# =========================================================================================

BARAN_TYPES = ("A", "B", "C")
BARAN_NAMES = {"A": "centralised", "B": "decentralised", "C": "distributed"}
HOLLEY_STAGES = ("fragments", "hub_and_spoke", "multi_hub", "core_periphery")
HOLLEY_NAMES = {
    "fragments": "scattered fragments",
    "hub_and_spoke": "hub-and-spoke",
    "multi_hub": "multi-hub",
    "core_periphery": "core/periphery",
}


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


def _hill_climb(A: np.ndarray, deg: np.ndarray, c: np.ndarray, inter: float | None
                ) -> tuple[np.ndarray, float]:
    """Move one node at a time between core and periphery while the correlation improves.

    The block counts after moving node ``v`` follow from its ties into the core
    :math:`t_v = (Ac)_v` and its degree :math:`d_v` (periphery → core: ``m_cc += t_v``,
    ``m_pp -= d_v - t_v``; core → periphery the reverse), so every candidate move is scored
    in O(n) and the best one applied.
    """
    n = len(c)
    c = c.copy()
    t = A @ c
    k, m_cc, m_cp, m_pp = (float(x[0]) for x in _blocks(A, c[None, :]))
    r = float(_cp_correlation(np.array([k]), np.array([m_cc]), np.array([m_cp]),
                              np.array([m_pp]), n, inter)[0])
    while True:
        sign = np.where(c == 1, -1.0, 1.0)  # +1: joins the core, -1: leaves it
        d_cc = sign * t
        d_pp = -sign * (deg - t)
        nk, ncc, npp = k + sign, m_cc + d_cc, m_pp + d_pp
        ncp = (m_cc + m_cp + m_pp) - ncc - npp
        rf = _cp_correlation(nk, ncc, ncp, npp, n, inter)
        if np.all(np.isnan(rf)):
            return c, r
        j = int(np.nanargmax(rf))
        if not (np.isnan(r) or rf[j] > r + 1e-12):
            return c, r
        k, m_cc, m_cp, m_pp, r = nk[j], ncc[j], ncp[j], npp[j], float(rf[j])
        t += sign[j] * A[:, j]
        c[j] = 1 - c[j]


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
        for c in starts:
            c, r = _hill_climb(A, deg, c, inter)
            if better(r, c, best_r, best_c):
                best_c, best_r = c.copy(), r
    core = frozenset(v for v, ci in zip(nodes, best_c, strict=True) if ci)
    k, m_cc, m_cp, m_pp = (float(x[0]) for x in _blocks(A, best_c[None, :]))
    dens = [m / d if d else float("nan") for m, d in (
        (m_cc, k * (k - 1) / 2), (m_pp, (n - k) * (n - k - 1) / 2), (m_cp, k * (n - k)))]
    return CorePeripheryFit(core=core, correlation=best_r, inter=inter,
                            core_density=dens[0], periphery_density=dens[1],
                            between_density=dens[2], exhaustive=exhaustive)


def hubs(G: nx.Graph, factor: float = 2.0, min_degree: int = 3) -> list:
    r"""Nodes whose degree is at least ``factor`` times the mean degree (and ``min_degree``).

    .. math:: \text{hub}(v) \iff d(v) \ge \max\left(\text{min\_degree},\;
              \text{factor}\cdot\bar d\right)

    A star has one hub (its centre), a star of stars one per star, a lattice none.
    """
    if G.number_of_nodes() == 0:
        return []
    deg = dict(G.degree())
    cut = max(min_degree, factor * float(np.mean(list(deg.values()))))
    return [v for v, d in deg.items() if d >= cut]


def _largest_share(G: nx.Graph, n: int) -> float:
    """Nodes in the largest connected component of ``G``, as a share of ``n``."""
    if G.number_of_nodes() == 0:
        return 0.0
    return max(len(c) for c in nx.connected_components(G)) / n


def _giant(G: nx.Graph) -> set:
    """Nodes of the largest connected component (empty set for an empty graph)."""
    return max(nx.connected_components(G), key=len) if G.number_of_nodes() else set()


def removal_loss(G: nx.Graph, removed: list) -> float:
    r"""Share of the largest component cut off from it when the nodes ``removed`` go.

    With :math:`W` the largest connected component of ``G`` and :math:`W'` the largest
    component of what remains of it,

    .. math:: L = 1 - \frac{|W'|}{|W \setminus \text{removed}|}.

    Baran's survivability question: ``0`` — the others stay together; near ``1`` — they
    fall apart (removing a star's centre leaves isolated spokes: :math:`1 - 1/(n-1)`).
    """
    giant = _giant(G)
    rest = giant - set(removed)
    if not rest:
        return float("nan")
    after = max(len(c) for c in nx.connected_components(G.subgraph(rest)))
    return float(1 - after / len(rest))


def weak_links(G: nx.Graph, hub_nodes: list | None = None) -> list[tuple]:
    """Bridges whose two ends are neither hubs nor pendant (degree-1) nodes.

    Such a tie is the only link between two clusters that no hub holds together: the
    loose tie between Holley's *scattered fragments*. Pendant ties (a spoke to its hub)
    and ties of a hub (a hierarchy of stars) are not weak links.
    """
    hub_set = set(hubs(G) if hub_nodes is None else hub_nodes)
    return [(u, v) for u, v in nx.bridges(G)
            if G.degree(u) > 1 and G.degree(v) > 1 and u not in hub_set and v not in hub_set]


def redundancy(G: nx.Graph) -> float:
    """Share of nodes inside the largest biconnected component (of at least 3 nodes).

    A node there has two paths to every other member that share no intermediate node, so
    no single failure separates it from them (Baran's "redundancy"). Star: 0; tree: 0;
    cycle or lattice: 1.
    """
    n = G.number_of_nodes()
    comps = [c for c in nx.biconnected_components(G) if len(c) >= 3] if n else []
    return max((len(c) for c in comps), default=0) / n if n else float("nan")


def _vertex_connectivity(G: nx.Graph, connected: bool) -> int:
    """κ(G); 0 if disconnected, 1 at once when there is a cut vertex (skips the flows)."""
    n = G.number_of_nodes()
    if not connected or n < 2:
        return 0
    if n > 2 and G.number_of_edges() < n * (n - 1) / 2 and any(nx.articulation_points(G)):
        return 1
    return int(nx.node_connectivity(G))


def structure_measures(G: nx.Graph, *, hub_factor: float = 2.0) -> dict[str, float]:
    """The measures behind :func:`structure_type` and :func:`holley_stage` (see there)."""
    H = G.to_undirected() if G.is_directed() else G
    n = H.number_of_nodes()
    hub_list = hubs(H, hub_factor)
    deg = dict(H.degree())
    top = max(deg, key=deg.get) if n else None  # first node of highest degree
    comps = list(nx.connected_components(H)) if n else []
    connected = len(comps) == 1
    loose = H.copy()
    loose.remove_edges_from(weak_links(H, hub_list))
    return {
        "nodes": n,
        "ties": H.number_of_edges(),
        "density": nx.density(H) if n > 1 else float("nan"),
        "components": len(comps),
        "largest component share": _largest_share(H, n) if n else float("nan"),
        "largest cluster share": _largest_share(loose, n) if n else float("nan"),
        "degree centralization": freeman_centralization(H, "degree"),
        "betweenness centralization": freeman_centralization(H, "betweenness"),
        "vertex connectivity": _vertex_connectivity(H, connected),
        "redundancy": redundancy(H),
        "hubs": len(hub_list),
        "hub share": len(hub_list) / n if n else float("nan"),
        "top node loss": removal_loss(H, [top]) if n > 2 else float("nan"),
        "hub removal loss": removal_loss(H, hub_list) if hub_list else 0.0,
    }


@dataclass(frozen=True)
class Classification:
    """A structure type or stage, the measures that decided it and the rule that fired.

    ``clear`` is False when no rule's conditions were met and the nearest type was
    returned by fallback (the graph is unlike all the canonical shapes). ``also`` lists
    other types whose defining condition the graph meets too (e.g. a dominant hub on top
    of a redundant mesh is C, also A: Tableau 3's "A/C").
    """

    code: str
    measures: dict[str, float]
    reason: str
    clear: bool = True
    also: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "/".join(sorted((self.code, *self.also)))

    def __str__(self) -> str:
        return self.code

    def as_series(self) -> pd.Series:
        return pd.Series({"type": self.code, "label": self.label, "clear": self.clear,
                          **self.measures, "reason": self.reason})


def _thresholds(defaults: dict[str, float], given: dict[str, float]) -> dict[str, float]:
    unknown = set(given) - set(defaults)
    if unknown:
        raise TypeError(f"unknown threshold(s) {sorted(unknown)}; known: {sorted(defaults)}")
    return {**defaults, **given}


# Thresholds of the decision rules; keyword arguments override them.
STRUCTURE_THRESHOLDS = {"centralization": 0.5, "loss": 0.5, "redundancy": 0.5,
                        "hub_share_max_C": 0.1}


def structure_type(G: nx.Graph, *, hub_factor: float = 2.0, **thresholds: float
                   ) -> Classification:
    r"""Baran's structure of ``G``: ``"A"`` centralised, ``"B"`` decentralised, ``"C"``
    distributed, with the measures that decided it.

    Baran (1964, Figure 1) distinguishes the structures by who the network depends on: all
    on one centre (A), on a few hubs each serving its own spokes (B), on nobody in
    particular (C). Measured on ``G`` (undirected):

    * :math:`C_D` — Freeman degree centralization (:func:`freeman_centralization`);
      :math:`C_B` (betweenness) and vertex connectivity :math:`\kappa` are reported too;
    * *top node loss* :math:`L_1` — share of the other nodes cut off from the largest
      component when the highest-degree node is removed (:func:`removal_loss`);
    * *hubs* — nodes of degree :math:`\ge \max(3, 2\bar d)` (:func:`hubs`), their share
      :math:`h`, and *hub removal loss* :math:`L_H` when all hubs are removed;
    * *redundancy* :math:`R` — share of nodes in the largest biconnected component
      (:func:`redundancy`).

    Decision rule (defaults in :data:`STRUCTURE_THRESHOLDS`):

    1. **A** if :math:`C_D \ge 0.5` and :math:`L_1 \ge 0.5` — one node holds most ties and
       its loss breaks the network;
    2. **B** if there are at least 2 hubs and :math:`L_H \ge 0.5` — the network hangs on a
       few hubs;
    3. **C** if :math:`R \ge 0.5` and :math:`h \le 0.1` — most nodes lie on cycles and
       no group of hubs holds the network;
    4. otherwise the type meeting most of its conditions, with ``clear=False``.

    ``also`` adds A when a C or B graph still has :math:`C_D \ge 0.5` (a dominant hub on
    a redundant base, e.g. Tableau 3's "A/C"), and C when a B graph has
    :math:`R \ge 0.5`. A chain (path), a tree without hubs or a very sparse random graph
    fits none of Baran's drawings; see notebook 01 for where the rule fails.

    Reference: Baran, P. (1964). *On Distributed Communications: I.* RAND RM-3420-PR;
    Freeman, L. C. (1979). Centrality in social networks. *Social Networks* 1, 215–239.
    """
    t = _thresholds(STRUCTURE_THRESHOLDS, thresholds)
    m = structure_measures(G, hub_factor=hub_factor)
    if m["nodes"] < 3:
        raise ValueError("a structure type needs at least 3 nodes")
    cd, l1, lh = m["degree centralization"], m["top node loss"], m["hub removal loss"]
    red, nh, hs = m["redundancy"], m["hubs"], m["hub share"]
    cond = {
        "A": [cd >= t["centralization"], l1 >= t["loss"]],
        "B": [nh >= 2, lh >= t["loss"]],
        "C": [red >= t["redundancy"], hs <= t["hub_share_max_C"]],
    }
    if all(cond["A"]):
        code, why = "A", f"C_D = {cd:.2f} ≥ {t['centralization']} and removing the top node " \
            f"cuts off {l1:.0%} of the others"
    elif all(cond["B"]):
        code, why = "B", f"{nh} hubs; removing them cuts off {lh:.0%} of the others"
    elif all(cond["C"]):
        code, why = "C", f"{red:.0%} of nodes in one biconnected component, hub share " \
            f"{hs:.0%} ≤ {t['hub_share_max_C']:.0%}"
    else:
        met = {k: sum(v) for k, v in cond.items()}
        code = max(BARAN_TYPES, key=lambda k: (met[k], -BARAN_TYPES.index(k)))
        why = ("no rule met; nearest by conditions met "
               f"(A {met['A']}/2, B {met['B']}/2, C {met['C']}/2)")
        return Classification(code, m, why, clear=False)
    also = []
    if code != "A" and cd >= t["centralization"]:
        also.append("A")
    if code == "B" and red >= t["redundancy"]:
        also.append("C")
    return Classification(code, m, why, also=tuple(also))


HOLLEY_THRESHOLDS = {"fragment_share": 0.5, "multi_attach": 0.5, "cp_correlation": 0.3}


def holley_stage(G: nx.Graph, *, hub_factor: float = 2.0, **thresholds: float
                 ) -> Classification:
    r"""Holley's stage of network development: ``"fragments"``, ``"hub_and_spoke"``,
    ``"multi_hub"`` or ``"core_periphery"``, with the measures that decided it.

    Holley (2012), after Krebs & Holley (2006), describes networks maturing from
    *scattered fragments* (small clusters, not connected to one another) to a
    *hub-and-spoke* (one weaver ties the fragments together), a *multi-hub* network
    (several hubs, each with its own cluster, linked to each other) and finally a
    *core/periphery* structure (a dense core of well-connected members, each peripheral
    member tied to the core — usually to several of its members). Rule, on ``G``
    (defaults in :data:`HOLLEY_THRESHOLDS`):

    1. **fragments** if the largest *cluster* holds less than half the nodes — clusters
       being the connected components once :func:`weak_links` are set aside (a single
       tie between two clusters, held by no hub, does not make them one network);
    2. **hub-and-spoke** if :func:`structure_type` is A (one dominant hub whose loss
       breaks the network);
    3. on the largest component, fit the Borgatti–Everett core (:func:`core_periphery`,
       core–periphery cells ignored) and measure the share of peripheral nodes tied to at
       least two core members (*multi-attachment*): **core/periphery** if that share is
       :math:`\ge 0.5` and the fit :math:`\rho \ge 0.3`; **multi-hub** if there are at
       least two hubs and the periphery mostly hangs on one core member each;
    4. otherwise the nearest stage, with ``clear=False`` (e.g. a lattice, which has no
       hub and no core: Holley's stages do not include Baran's distributed mesh).

    References: Holley, J. (2012). *Network Weaver Handbook*; Krebs, V. & Holley, J.
    (2006). *Building smart communities through network weaving*; Borgatti & Everett
    (1999), see :func:`core_periphery`.
    """
    t = _thresholds(HOLLEY_THRESHOLDS, thresholds)
    H = G.to_undirected() if G.is_directed() else G
    if H.number_of_nodes() < 3:
        raise ValueError("a Holley stage needs at least 3 nodes")
    baran = structure_type(H, hub_factor=hub_factor)
    m = dict(baran.measures)
    m.update({"core size": np.nan, "core correlation": np.nan, "core density": np.nan,
              "multi-attachment": np.nan})
    if m["largest cluster share"] < t["fragment_share"]:
        return Classification("fragments", m, f"largest cluster holds "
                               f"{m['largest cluster share']:.0%} < "
                               f"{t['fragment_share']:.0%} of the nodes")
    if baran.code == "A" and baran.clear:
        return Classification("hub_and_spoke", m, f"Baran type A: {baran.reason}")
    giant = H.subgraph(_giant(H)).copy()
    if giant.number_of_nodes() < 3:
        return Classification("fragments", m, "no component of 3 or more nodes", clear=False)
    fit = core_periphery(giant)
    periphery = [v for v in giant if v not in fit.core]
    multi = (np.mean([sum(u in fit.core for u in giant[v]) >= 2 for v in periphery])
             if periphery else np.nan)
    m.update({"core size": fit.core_size, "core correlation": fit.correlation,
              "core density": fit.core_density, "multi-attachment": multi})
    if multi >= t["multi_attach"] and fit.correlation >= t["cp_correlation"]:
        return Classification("core_periphery", m, f"core of {fit.core_size} (ρ = "
                              f"{fit.correlation:.2f}); {multi:.0%} of the periphery tied to "
                              "2+ core members")
    if m["hubs"] >= 2 and multi < t["multi_attach"]:
        return Classification("multi_hub", m, f"{m['hubs']} hubs; only {multi:.0%} of the "
                              "periphery tied to 2+ core members")
    nearest = "core_periphery" if multi >= t["multi_attach"] else "multi_hub"
    return Classification(nearest, m, f"no rule met (hubs {m['hubs']}, ρ = "
                          f"{fit.correlation:.2f}, multi-attachment {multi:.0%})", clear=False)
