"""Drawing networks with plotly, deterministically (fixed layouts, seeded spring layouts).

:func:`network_traces` turns a graph and node positions into plotly traces (the ties, one
trace per node group); :func:`network_figure` makes a node-link figure with a legend, node
sizes and tie widths from attributes; :func:`small_multiples` lays several graphs out side
by side with their titles. Colours follow :func:`netlib.viz.plot.categorical_palette` (Okabe–Ito first, no two groups alike). Figures are then
published with :func:`netlib.viz.plot.show`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from netlib.viz.plot import categorical_palette

Pos = dict[object, tuple[float, float]]


def layout(G: nx.Graph, kind: str = "spring", seed: int = 1) -> Pos:
    """Node positions: ``"spring"`` (Fruchterman–Reingold, seeded), ``"kamada_kawai"``,
    ``"circular"``, ``"grid"`` (for :func:`netlib.sna.shapes.mesh`: nodes in row-major order
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
                   palette: Mapping | None = None, width: str | None = None,
                   width_bins: int = 4, hover: tuple[str, ...] = ()) -> list[go.Scatter]:
    """Plotly traces for ``G`` at ``pos``: the ties, then one marker trace per node group.

    ``group`` maps node → group name (colour, legend entry); ``size`` a node → marker size
    mapping or one size; ``labels`` node → text shown next to the marker. Ties are one grey
    trace of ``edge_width``, or — with ``width`` naming an edge attribute — ``width_bins``
    traces of increasing width by quantile class of that attribute (a plotly line trace has
    a single width). ``hover`` lists node attributes shown on hover (default: the node).
    """
    traces: list[go.Scatter] = []
    edges = list(G.edges(data=True))
    if width and edges:
        import numpy as np

        w = np.array([d.get(width, 1) for _, _, d in edges], dtype=float)
        bins = np.unique(np.quantile(w, np.linspace(0, 1, width_bins + 1)))
        cls = np.clip(np.searchsorted(bins, w, side="right") - 1, 0, max(len(bins) - 2, 0))
        classes = [(0.5 + 1.2 * k, "rgba(90,90,90,0.35)", [e for e, c in zip(edges, cls,
                    strict=True) if c == k]) for k in range(max(len(bins) - 1, 1))]
    else:
        classes = [(edge_width, "#9a9a9a", edges)]
    for lw, colour, members in classes:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for u, v, _ in members:
            xs += [pos[u][0], pos[v][0], None]
            ys += [pos[u][1], pos[v][1], None]
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(color=colour, width=lw)))
    groups: dict[str, list] = {}
    for v in G:
        groups.setdefault(str(group[v]) if group else "node", []).append(v)
    names = sorted(groups)
    colours = categorical_palette(names, fixed=palette)
    for g in names:
        vs = groups[g]
        colour = colours[g]
        sizes = [size[v] for v in vs] if isinstance(size, Mapping) else size
        hovertext = (["<br>".join(f"{h}: {G.nodes[v].get(h, '')}" for h in hover) for v in vs]
                     if hover else [str(v) for v in vs])
        traces.append(go.Scatter(
            x=[pos[v][0] for v in vs], y=[pos[v][1] for v in vs],
            mode="markers+text" if labels else "markers",
            text=[labels.get(v, "") for v in vs] if labels else None,
            textposition="top center", textfont=dict(size=10),
            marker=dict(size=sizes, color=colour, line=dict(color="white", width=0.5)),
            name=g, showlegend=show_legend, hovertext=hovertext, hoverinfo="text"))
    return traces


def network_figure(
    G: nx.Graph, pos: Pos, *, color: str, size: str | None = None, width: str | None = None,
    hover: tuple[str, ...] = (), palette: Mapping | None = None, width_bins: int = 4,
    title: str = "",
) -> go.Figure:
    """A node-link diagram with a legend: node colour by the node attribute ``color``, node
    size by ``size`` (marker diameter 6 + 2.5·√value), tie width by the edge attribute
    ``width`` (quantile classes), hover text from the ``hover`` attributes."""
    group = {v: d.get(color, "?") for v, d in G.nodes(data=True)}
    sizes: Mapping | float = (
        {v: 6 + 2.5 * float(d.get(size, 1)) ** 0.5 for v, d in G.nodes(data=True)}
        if size else 9)
    fig = go.Figure(network_traces(G, pos, group=group, size=sizes, palette=palette,
                                   show_legend=True, width=width, width_bins=width_bins,
                                   hover=hover))
    fig.update_layout(title=title, xaxis=dict(visible=False), yaxis=dict(visible=False,
                      scaleanchor="x"), legend=dict(itemsizing="constant"))
    return fig


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
