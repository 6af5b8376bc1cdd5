"""Slow, loop-based reference implementations, kept to validate the vectorised ones.

They follow the textbook definitions step by step with networkx and plain Python, share no
code with :mod:`netlib.sna.ego`, and are used by the tests (agreement) and by ``make bench``
(the per-ego networkx loop the vectorised code is timed against). Not for analysis.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd

from netlib.sna.ego import BROKERAGE_ROLES
from netlib.trials import designs as ds


def directed_graph(edges: pd.DataFrame, nodes: list[object]) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_nodes_from(nodes)
    G.add_edges_from(zip(edges["respondent_id"], edges["alter_id"], strict=True))
    return G


def brokerage_loop(G: nx.DiGraph, group: pd.Series, brokers: list[object] | None = None
                   ) -> pd.DataFrame:
    """Gould–Fernandez roles by enumerating predecessors × successors of each broker."""
    out = {}
    for b in brokers if brokers is not None else list(G):
        counts = dict.fromkeys(BROKERAGE_ROLES, 0)
        for a, c in itertools.product(G.predecessors(b), G.successors(b)):
            if a == c or G.has_edge(a, c):
                continue
            ga, gb, gc = group[a], group[b], group[c]
            if ga == gb == gc:
                role = "coordinator"
            elif ga == gc:
                role = "itinerant"
            elif ga == gb:
                role = "representative"
            elif gb == gc:
                role = "gatekeeper"
            else:
                role = "liaison"
            counts[role] += 1
        out[b] = counts
    return pd.DataFrame.from_dict(out, orient="index")


def ego_loop(ties: pd.DataFrame, respondents: pd.DataFrame, categories: list[str],
             egos: list[object] | None = None) -> pd.DataFrame:
    """Size, ego E-I and Blau per ego, one networkx ego graph at a time."""
    region = respondents.set_index("respondent_id")["region"]
    by_ego = dict(tuple(ties.groupby("respondent_id")))
    rows = []
    for ego in egos if egos is not None else list(by_ego):
        grp = by_ego.get(ego)
        if grp is None:
            continue
        G = nx.Graph()
        for k, t in enumerate(grp.itertuples(index=False)):
            G.add_edge(ego, f"alter{k}", region=t.alter_region, inst=t.alter_institution)
        n = G.degree(ego)
        internal = sum(1 for _, _, d in G.edges(ego, data=True) if d["region"] == region[ego])
        shares = [sum(1 for _, _, d in G.edges(ego, data=True) if d["inst"] == c) / n
                  for c in categories]
        rows.append({"respondent_id": ego, "size": n, "ego_EI": (n - 2 * internal) / n,
                     "blau": 1 - sum(s * s for s in shares)})
    return pd.DataFrame(rows).set_index("respondent_id")


# --------------------------------------------------------------------------- allocation
def _pair(c):
    return (float(c), float(c)) if np.isscalar(c) else (float(c[0]), float(c[1]))


def cosa_exhaustive(design: str, *, costs: dict, sizes: dict[str, tuple[int, int]],
               budget: float | None = None, es: float | None = None,
               p_values: tuple[float, ...] = (0.5,), **params: float) -> tuple[float, float]:
    """(MDES, cost) of the best allocation by brute force over every integer combination
    (one :func:`netlib.trials.designs.mdes` call each) — slow; for checking :func:`netlib.trials.allocation.cosa`."""
    s = ds.spec(design)
    best: tuple[float, float] | None = None
    ranges = [range(sizes[k][0], sizes[k][1] + 1) for k in s.sizes]
    for combo in itertools.product(*ranges, p_values):
        *vals, pp = combo
        sz = dict(zip(s.sizes, vals, strict=True))
        c = 0.0
        for i, level in enumerate(s.sizes):
            ct, cc = _pair(costs.get(level, 0.0))
            c += float(np.prod([sz[k] for k in s.sizes[i:]])) * (pp * ct + (1 - pp) * cc)
        if budget is not None and c > budget + 1e-9:
            continue
        try:
            m = ds.mdes(design, p=pp, **sz, **params).mdes
        except ValueError:
            continue
        if es is not None and m > es:
            continue
        key = (m, c) if budget is not None else (c, m)
        if best is None or key < best:
            best = key
    if best is None:
        raise ValueError("nothing feasible")
    return best if budget is not None else (best[1], best[0])
