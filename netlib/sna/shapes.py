"""Generators of the canonical network shapes of Baran (1964) and Holley (2012), seeded.

Baran's Figure 1 (reproduced as Figure 1 of the IDoS paper, seed 000 lines 371–372) draws
three structures: **(A) centralised** — a star; **(B) decentralised** — a hierarchy of
stars whose hubs are linked to one another (a star of stars); **(C) distributed** — a mesh
in which every node has a few neighbours and no node is indispensable. Holley's four
stages of network development (cited in the paper, seed 000 lines 1024–1029) are
**scattered fragments**, **hub-and-spoke**, **multi-hub** ("multi-centre") and
**core/periphery**.

Every generator returns an undirected :class:`networkx.Graph` with integer node labels
``0..n-1`` and a graph attribute ``shape``; random generators take a ``seed`` and are
reproducible. :func:`perturb` adds and removes random ties to make noisy versions.

References: Baran, P. (1964). *On Distributed Communications: I. Introduction to
Distributed Communications Networks*. RAND RM-3420-PR, Figure 1. Holley, J. (2012).
*Network Weaver Handbook*. Athens, OH: Network Weaver Publishing (the four stages follow
Krebs, V. & Holley, J. (2006). *Building smart communities through network weaving*).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import networkx as nx
import numpy as np

HUB_LINKS = ("clique", "ring", "centre")


def _finish(G: nx.Graph, shape: str) -> nx.Graph:
    G = nx.convert_node_labels_to_integers(G, ordering="sorted")
    G.graph["shape"] = shape
    return G


def star(n: int) -> nx.Graph:
    """Baran (A) / Holley hub-and-spoke: one hub tied to ``n - 1`` spokes (``n >= 3``)."""
    if n < 3:
        raise ValueError("a star needs at least 3 nodes")
    return _finish(nx.star_graph(n - 1), "star")


def star_of_stars(hubs: int, spokes: int, hub_links: str = "clique") -> nx.Graph:
    """Baran (B) / Holley multi-hub: ``hubs`` stars of ``spokes`` leaves, hubs linked.

    ``hub_links`` says how the hubs are tied: ``"clique"`` (every pair of hubs),
    ``"ring"`` (each hub to the next), or ``"centre"`` (an extra central node tied to every
    hub: a two-level hierarchy). Nodes: ``hubs * (spokes + 1)`` (+1 with a centre).
    """
    if hubs < 2 or spokes < 1:
        raise ValueError("a star of stars needs at least 2 hubs with 1 spoke each")
    if hub_links not in HUB_LINKS:
        raise ValueError(f"hub_links must be one of {HUB_LINKS}, got {hub_links!r}")
    G = nx.Graph()
    hub_ids = [("hub", h) for h in range(hubs)]
    for h, hub in enumerate(hub_ids):
        G.add_edges_from((hub, ("leaf", h, s)) for s in range(spokes))
    if hub_links == "clique":
        G.add_edges_from(itertools.combinations(hub_ids, 2))
    elif hub_links == "ring":
        G.add_edges_from(zip(hub_ids, hub_ids[1:] + hub_ids[:1], strict=True))
    else:
        G.add_edges_from((("centre",), hub) for hub in hub_ids)
    H = nx.convert_node_labels_to_integers(G, ordering="default")
    H.graph["shape"] = "star_of_stars"
    return H


def mesh(rows: int, cols: int, diagonals: bool = False) -> nx.Graph:
    """Baran (C): a ``rows`` × ``cols`` lattice (each node tied to its 4 grid neighbours,
    8 with ``diagonals``)."""
    if rows < 2 or cols < 2:
        raise ValueError("a mesh needs at least 2 rows and 2 columns")
    G = nx.grid_2d_graph(rows, cols)
    if diagonals:
        G.add_edges_from(((r, c), (r + 1, c + d)) for r in range(rows - 1)
                         for c in range(cols) for d in (-1, 1) if 0 <= c + d < cols)
    return _finish(G, "mesh")


def fragments(k: int, size: int, p: float = 0.6, isolates: int = 0, seed: int = 0) -> nx.Graph:
    """Holley's scattered fragments: ``k`` disconnected clusters of ``size`` nodes.

    Each cluster is a random graph G(size, p) made connected by a spanning path through
    its members (so every cluster is one fragment); ``isolates`` unconnected nodes are
    added.
    """
    if k < 2 or size < 2:
        raise ValueError("fragments need at least 2 clusters of at least 2 nodes")
    rng = np.random.default_rng(seed)
    G = nx.Graph()
    for f in range(k):
        members = [(f, i) for i in range(size)]
        G.add_nodes_from(members)
        G.add_edges_from(zip(members, members[1:], strict=False))
        G.add_edges_from((a, b) for a, b in itertools.combinations(members, 2)
                         if rng.random() < p)
    G.add_nodes_from((k + i, 0) for i in range(isolates))
    return _finish(G, "fragments")


def core_periphery_graph(core: int, periphery: int, p_core: float = 0.9,
                         ties: tuple[int, int] = (2, 3), p_periphery: float = 0.0,
                         seed: int = 0) -> nx.Graph:
    """Holley's core/periphery: a dense core, each peripheral node tied to a few core nodes.

    Core members are tied with probability ``p_core`` (plus a spanning path, so the core
    is connected); each of the ``periphery`` nodes is tied to between ``ties[0]`` and
    ``ties[1]`` distinct core nodes drawn at random; peripheral nodes are tied to each
    other with probability ``p_periphery``. Node attribute ``core`` is True for the
    planted core.
    """
    lo, hi = ties
    if core < 2 or periphery < 1 or not 1 <= lo <= hi <= core:
        raise ValueError("need core >= 2, periphery >= 1 and 1 <= ties[0] <= ties[1] <= core")
    rng = np.random.default_rng(seed)
    G = nx.Graph()
    cores = list(range(core))
    G.add_nodes_from(cores, core=True)
    G.add_edges_from(zip(cores, cores[1:], strict=False))
    G.add_edges_from((a, b) for a, b in itertools.combinations(cores, 2) if rng.random() < p_core)
    per = list(range(core, core + periphery))
    G.add_nodes_from(per, core=False)
    for v in per:
        t = int(rng.integers(lo, hi + 1))
        G.add_edges_from((v, int(c)) for c in rng.choice(core, size=t, replace=False))
    G.add_edges_from((a, b) for a, b in itertools.combinations(per, 2)
                     if rng.random() < p_periphery)
    G.graph["shape"] = "core_periphery"
    return G


def perturb(G: nx.Graph, add: float = 0.0, remove: float = 0.0, seed: int = 0) -> nx.Graph:
    """A noisy copy of ``G``: remove ``round(remove * m)`` random ties, then add
    ``round(add * m)`` random new ties between non-adjacent nodes (``m`` = ties of ``G``).

    Node and graph attributes are kept; ``G.graph["noise"]`` records ``(add, remove, seed)``.
    """
    rng = np.random.default_rng(seed)
    H = G.copy()
    m = G.number_of_edges()
    edges = list(H.edges())
    n_remove = round(remove * m)
    if n_remove:
        for i in rng.choice(len(edges), size=min(n_remove, len(edges)), replace=False):
            H.remove_edge(*edges[int(i)])
    nodes = list(H.nodes())
    n_add, tries = round(add * m), 0
    while n_add and tries < 100 * (n_add + 1):
        u, v = (nodes[int(i)] for i in rng.choice(len(nodes), size=2, replace=False))
        tries += 1
        if not H.has_edge(u, v):
            H.add_edge(u, v)
            n_add -= 1
    H.graph["noise"] = (add, remove, seed)
    return H


# Prototypes used by notebook 01 and the tests: name -> (generator, intended Baran type,
# intended Holley stage). Sizes are small enough to draw, large enough to measure.
PROTOTYPES: dict[str, tuple[Callable[[int], nx.Graph], str | None, str | None]] = {
    "star": (lambda seed: star(25), "A", "hub_and_spoke"),
    "star_of_stars": (lambda seed: star_of_stars(4, 6), "B", "multi_hub"),
    "mesh": (lambda seed: mesh(5, 5), "C", None),
    "fragments": (lambda seed: fragments(5, 5, seed=seed), None, "fragments"),
    "core_periphery": (lambda seed: core_periphery_graph(6, 19, seed=seed), None,
                       "core_periphery"),
}
