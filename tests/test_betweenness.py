"""The all-sources-at-once betweenness of netlib.sna.centralization against networkx's
loop over sources (an independent implementation of Brandes 2001) and hand values."""

import networkx as nx
import pytest

from netlib.sna import centralization
from netlib.sna.centralization import DENSE_BETWEENNESS_MIN, betweenness, freeman_centralization


def graphs():
    n = DENSE_BETWEENNESS_MIN
    yield "random", nx.gnm_random_graph(3 * n, 6 * n, seed=7)
    yield "disconnected", nx.disjoint_union(nx.cycle_graph(n), nx.complete_graph(n // 2))
    yield "tree", nx.balanced_tree(3, 4)
    yield "grid (many shortest paths)", nx.grid_2d_graph(8, 8)
    yield "self-loop and isolate", nx.Graph([(i, i + 1) for i in range(n)] + [(3, 3)]
                                            + [(n + 5, n + 5)])
    yield "small (networkx path)", nx.karate_club_graph()


@pytest.mark.parametrize("name,G", list(graphs()), ids=[g[0] for g in graphs()])
def test_betweenness_equals_networkx(name, G):
    mine = betweenness(G)
    ref = nx.betweenness_centrality(G, normalized=False)
    assert set(mine) == set(ref)
    assert max(abs(mine[v] - ref[v]) for v in G) < 1e-9 * max(1.0, max(ref.values()))


def test_dense_path_is_used_and_hand_values():
    # a path on n nodes: node i lies on i * (n - 1 - i) shortest paths (hand count)
    n = DENSE_BETWEENNESS_MIN + 10
    b = betweenness(nx.path_graph(n))
    assert [b[i] for i in range(n)] == pytest.approx([i * (n - 1 - i) for i in range(n)])
    # a star on n nodes: the centre lies on every pair of leaves, C_B = 1 (Freeman 1979)
    star = nx.star_graph(n - 1)
    assert betweenness(star)[0] == pytest.approx((n - 1) * (n - 2) / 2)
    assert freeman_centralization(star, "betweenness") == pytest.approx(1.0)
    assert centralization.DENSE_BETWEENNESS_MIN <= n <= centralization.DENSE_BETWEENNESS_MAX
