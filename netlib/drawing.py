"""Drawing networks with plotly, deterministically (fixed layouts, seeded spring layouts).

:func:`network_traces` turns a graph and node positions into plotly traces (one for the
ties, one per node group); :func:`small_multiples` lays several graphs out side by side
with their titles. Colours follow :data:`netlib.plot.OKABE_ITO`. Figures are then
published with :func:`netlib.plot.show`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from netlib.plot import OKABE_ITO

Pos = dict[object, tuple[float, float]]


def layout(G: nx.Graph, kind: str = "spring", seed: int = 1) -> Pos:
    """Node positions: ``"spring"`` (Fruchterman–Reingold, seeded), ``"kamada_kawai"``,
    ``"circular"``, ``"grid"`` (for :func:`netlib.shapes.mesh`: nodes in row-major order
    on a square-ish grid), ``"components"`` (each connected component laid out on its own,
    Kamada–Kawai, the components placed on a grid) or ``"bipartite"`` (node attribute
    ``bipartite`` 0 left, 1 right).
    """
    if kind == "spring":
        pos = nx.spring_layout(G, seed=seed)
    elif kind == "kamada_kawai":
        pos = nx.kamada_kawai_layout(G) if G.number_of_edges() else nx.circular_layout(G)
    elif kind == "circular":
        pos = nx.circular_layout(G)
    elif kind == "grid":
        nodes = sorted(G)
        cols = math.ceil(math.sqrt(len(nodes)))
        pos = {v: (i % cols, -(i // cols)) for i, v in enumerate(nodes)}
    elif kind == "components":
        comps = sorted((sorted(c, key=str) for c in nx.connected_components(G)),
                       key=lambda c: (-len(c), str(c[0])))
        cols = math.ceil(math.sqrt(len(comps)))
        pos = {}
        for i, comp in enumerate(comps):
            H = G.subgraph(comp)
            sub = nx.kamada_kawai_layout(H) if len(comp) > 2 else {
                v: (0.3 * j, 0.0) for j, v in enumerate(comp)}
            ox, oy = 2.6 * (i % cols), -2.6 * (i // cols)
            pos.update({v: (ox + x, oy + y) for v, (x, y) in sub.items()})
    elif kind == "bipartite":
        left = [v for v, b in G.nodes(data="bipartite") if b == 0]
        pos = nx.bipartite_layout(G, left, align="vertical")
    else:
        raise ValueError(f"unknown layout {kind!r}")
    return {v: (float(x), float(y)) for v, (x, y) in pos.items()}


def network_traces(G: nx.Graph, pos: Pos, *, group: Mapping | None = None,
                   size: Mapping | float = 9, labels: Mapping | None = None,
                   edge_width: float = 0.8, show_legend: bool = False,
                   palette: Mapping | None = None) -> list[go.Scatter]:
    """Plotly traces for ``G`` at ``pos``: grey ties, then one marker trace per node group.

    ``group`` maps node → group name (colour, legend entry); ``size`` a node → marker size
    mapping or one size; ``labels`` node → text shown next to the marker.
    """
    xs: list[float | None] = []
    ys: list[float | None] = []
    for u, v in G.edges():
        xs += [pos[u][0], pos[v][0], None]
        ys += [pos[u][1], pos[v][1], None]
    traces = [go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                         line=dict(color="#9a9a9a", width=edge_width))]
    groups: dict[str, list] = {}
    for v in G:
        groups.setdefault(str(group[v]) if group else "node", []).append(v)
    names = sorted(groups)
    for i, g in enumerate(names):
        vs = groups[g]
        colour = (palette or {}).get(g, OKABE_ITO[i % len(OKABE_ITO)])
        sizes = [size[v] for v in vs] if isinstance(size, Mapping) else size
        traces.append(go.Scatter(
            x=[pos[v][0] for v in vs], y=[pos[v][1] for v in vs],
            mode="markers+text" if labels else "markers",
            text=[labels.get(v, "") for v in vs] if labels else None,
            textposition="top center", textfont=dict(size=10),
            marker=dict(size=sizes, color=colour, line=dict(color="white", width=0.5)),
            name=g, showlegend=show_legend, hovertext=[str(v) for v in vs],
            hoverinfo="text"))
    return traces


def small_multiples(panels: Mapping[str, tuple[nx.Graph, Pos, Mapping | None] | None], cols: int,
                    *, title: str, height: int | None = None, size: float = 7,
                    palette: Mapping | None = None, show_legend: bool = False) -> go.Figure:
    """One panel per graph: ``panels`` maps panel title → (graph, positions, groups), or
    ``None`` for an empty panel (its title is not shown)."""
    rows = math.ceil(len(panels) / cols)
    titles = [t if p is not None else "" for t, p in panels.items()]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles,
                        horizontal_spacing=0.03, vertical_spacing=0.08)
    seen: set[str] = set()
    for k, panel in enumerate(panels.values()):
        if panel is None:
            continue
        G, pos, grp = panel
        r, c = divmod(k, cols)
        for tr in network_traces(G, pos, group=grp, size=size, palette=palette,
                                 show_legend=show_legend):
            if tr.name in seen:
                tr.showlegend = False
            elif tr.showlegend:
                seen.add(tr.name)
            fig.add_trace(tr, row=r + 1, col=c + 1)
    fig.update_xaxes(visible=False, showgrid=False)
    fig.update_yaxes(visible=False, showgrid=False)
    fig.update_layout(title=title, height=height or 300 * rows, margin=dict(l=20, r=20, t=80,
                      b=20))
    return fig
