"""Whole-network measures against hand-worked values and an independent implementation."""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from netlib.sna.centralization import freeman_centralization
from netlib.sna.ei import ei_index, expected_ei


@pytest.mark.parametrize("measure", ["degree", "betweenness", "closeness"])
@pytest.mark.parametrize("n", [4, 7, 12])
def test_star_is_one_complete_and_cycle_are_zero(measure, n):
    assert freeman_centralization(nx.star_graph(n - 1), measure) == pytest.approx(1.0)
    assert freeman_centralization(nx.complete_graph(n), measure) == pytest.approx(0.0)
    assert freeman_centralization(nx.cycle_graph(n), measure) == pytest.approx(0.0)


def test_path_of_five_by_hand():
    P = nx.path_graph(5)
    # degrees 1,2,2,2,1: sum(2 - d) = 2, max = 4*3 = 12
    assert freeman_centralization(P, "degree") == pytest.approx(2 / 12)
    # raw betweenness 0,3,4,3,0: sum(4 - b) = 10, max = 4^2*3/2 = 24
    assert freeman_centralization(P, "betweenness") == pytest.approx(10 / 24)
    # closeness 4/Σd: Σd = 10,7,6,7,10 -> 0.4,4/7,2/3,4/7,0.4; max = 4*3/7
    c = np.array([4 / 10, 4 / 7, 4 / 6, 4 / 7, 4 / 10])
    assert freeman_centralization(P, "closeness") == pytest.approx((c.max() - c).sum() / (12 / 7))


def test_karate_degree_centralization_by_hand_and_igraph_convention():
    G = nx.karate_club_graph()
    # n = 34, max degree 17, sum of degrees 2*78 = 156: (34*17 - 156) / (33*32) = 422/1056
    value = freeman_centralization(G, "degree")
    assert value == pytest.approx(422 / 1056)
    # igraph's default (loops=TRUE) divides by n(n-1) instead: 422/1122 = 0.376
    assert value * (32 / 34) == pytest.approx(0.3761, abs=1e-4)


def brute_force_betweenness(G):
    """Independent betweenness: count shortest paths through v by enumeration."""
    b = dict.fromkeys(G, 0.0)
    for s, t in itertools.combinations(G, 2):
        paths = list(nx.all_shortest_paths(G, s, t))
        for p in paths:
            for v in p[1:-1]:
                b[v] += 1 / len(paths)
    return b


def test_florentine_betweenness_centralization_against_brute_force():
    G = nx.florentine_families_graph()
    b = np.array(list(brute_force_betweenness(G).values()))
    n = G.number_of_nodes()
    expected = (b.max() - b).sum() / ((n - 1) ** 2 * (n - 2) / 2)
    assert freeman_centralization(G, "betweenness") == pytest.approx(expected)
    assert 0.3 < expected < 0.5  # Medici broker the graph


def test_closeness_needs_a_connected_graph():
    G = nx.Graph([(0, 1), (2, 3)])
    with pytest.raises(ValueError, match="connected"):
        freeman_centralization(G, "closeness")
    assert math.isnan(freeman_centralization(nx.path_graph(2)))


def two_groups(internal_edges, external_edges):
    G = nx.Graph()
    G.add_nodes_from(["a1", "a2", "a3"], g="A")
    G.add_nodes_from(["b1", "b2", "b3"], g="B")
    G.add_edges_from(internal_edges + external_edges)
    return G


def test_ei_by_hand():
    G = two_groups([("a1", "a2"), ("a2", "a3"), ("b1", "b2")], [("a3", "b3")])
    r = ei_index(G, "g", permutations=200)
    assert (r.internal, r.external) == (3, 1)
    assert r.ei == pytest.approx((1 - 3) / 4)
    by = r.by_group.set_index("group")
    assert (by.loc["A", "internal"], by.loc["A", "external"]) == (2, 1)
    assert by.loc["B", "E-I"] == pytest.approx((1 - 1) / 2)


def test_expected_ei_by_hand():
    # 2 + 2 nodes: 6 pairs, 4 across -> p = 2/3 -> 2p - 1 = 1/3
    assert expected_ei(np.array([2, 2])) == pytest.approx(1 / 3)
    # one group: every pair is internal
    assert expected_ei(np.array([5])) == pytest.approx(-1)


def test_permutation_mean_matches_expected_and_detects_homophily():
    rng = np.random.default_rng(1)
    G = nx.Graph()
    groups = np.repeat(np.arange(4), 10)
    for i, g in enumerate(groups):
        G.add_node(i, g=int(g))
    for i, j in itertools.combinations(range(40), 2):
        same = groups[i] == groups[j]
        if rng.random() < (0.5 if same else 0.03):
            G.add_edge(i, j)
    r = ei_index(G, "g", permutations=2000, seed=3)
    assert r.ei < r.expected and r.p_value < 0.01
    # every group is inward-looking, and its own permutation test says so
    assert (r.by_group["E-I"] < r.by_group["expected E-I"]).all()
    assert (r.by_group["p"] < 0.01).all()
    # under random labels the permutation distribution centres on the analytic expectation
    H = nx.gnp_random_graph(40, 0.2, seed=5)
    nx.set_node_attributes(H, {i: int(groups[i]) for i in H}, "g")
    null = ei_index(H, "g", permutations=500, seed=2)
    assert null.p_value > 0.01
    assert (null.by_group["p"] > 0.01).all()
    assert abs(null.expected - expected_ei(np.bincount(groups))) < 1e-12


def test_missing_attribute_is_an_error():
    G = nx.path_graph(3)
    with pytest.raises(ValueError, match="without attribute"):
        ei_index(G, "g")
