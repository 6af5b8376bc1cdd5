"""netlib.viz.drawing: deterministic layouts and the traces/panels it builds."""

import networkx as nx
import pytest

from netlib.sna import shapes
from netlib.viz import drawing


@pytest.mark.parametrize("kind", ["spring", "kamada_kawai", "circular", "grid", "components"])
def test_every_node_gets_a_position_and_layouts_repeat(kind):
    G = shapes.fragments(3, 4, seed=1) if kind == "components" else shapes.mesh(3, 4)
    pos = drawing.layout(G, kind, seed=2)
    assert set(pos) == set(G)
    assert pos == drawing.layout(G, kind, seed=2)


def test_components_are_drawn_apart():
    G = shapes.fragments(2, 5, seed=0)
    pos = drawing.layout(G, "components")
    comps = list(nx.connected_components(G))
    xs = [[pos[v][0] for v in c] for c in comps]
    assert max(xs[0]) < min(xs[1]) or max(xs[1]) < min(xs[0])


def test_traces_one_for_ties_and_one_per_group():
    G = shapes.star(5)
    traces = drawing.network_traces(G, drawing.layout(G, "circular"),
                                    group={v: "hub" if v == 0 else "spoke" for v in G})
    assert [t.name for t in traces[1:]] == ["hub", "spoke"]
    assert sum(x is None for x in traces[0].x) == G.number_of_edges()


def test_small_multiples_skips_empty_panels():
    G = shapes.star(4)
    fig = drawing.small_multiples({"a": (G, drawing.layout(G, "circular"), None), "b": None},
                                  cols=2, title="t")
    assert [a.text for a in fig.layout.annotations] == ["a"]
    with pytest.raises(ValueError):
        drawing.layout(G, "hexagonal")


def test_network_figure_groups_sizes_and_width_classes():
    import networkx as nx

    from netlib.viz.drawing import network_figure

    G = nx.star_graph(8)
    for v in G:
        G.nodes[v]["kind"] = "hub" if v == 0 else "spoke"
        G.nodes[v]["n"] = 16 if v == 0 else 1
    for i, (u, v) in enumerate(G.edges()):
        G.edges[u, v]["freq"] = i + 1
    fig = network_figure(G, nx.circular_layout(G), color="kind", size="n", width="freq",
                         hover=("kind",), palette={"hub": "#000000"})
    lines = [t for t in fig.data if t.mode == "lines"]
    markers = {t.name: t for t in fig.data if t.mode == "markers"}
    # 4 quantile classes of tie width, drawn thinnest first, every tie exactly once
    assert len(lines) == 4 and [t.line.width for t in lines] == sorted(t.line.width for t in lines)
    assert sum(t.x.count(None) for t in lines) == G.number_of_edges()
    assert set(markers) == {"hub", "spoke"} and markers["hub"].marker.color == "#000000"
    assert markers["hub"].marker.size[0] == 6 + 2.5 * 4  # 6 + 2.5·√16
    assert markers["spoke"].hovertext[0] == "kind: spoke"
