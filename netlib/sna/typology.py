"""Baran's structures (A centralised, B decentralised, C distributed) and Holley's
stages (scattered fragments, hub-and-spoke, multi-hub, core/periphery), made measurable.

Baran (1964), *On distributed communications*, RAND RM-3420-PR, Figure 1; Holley (2012),
*Network weaver handbook*. Each rule returns the measures that decided it and flags graphs
that fit none of the drawings (``clear=False``) instead of forcing them.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from netlib.sna.centralization import freeman_centralization
from netlib.sna.core_periphery import core_periphery

BARAN_TYPES = ("A", "B", "C")
BARAN_NAMES = {"A": "centralised", "B": "decentralised", "C": "distributed"}
HOLLEY_STAGES = ("fragments", "hub_and_spoke", "multi_hub", "core_periphery")
HOLLEY_NAMES = {
    "fragments": "scattered fragments",
    "hub_and_spoke": "hub-and-spoke",
    "multi_hub": "multi-hub",
    "core_periphery": "core/periphery",
}



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
