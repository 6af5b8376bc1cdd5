"""The E-I permutation test is centred on the exact permutation expectation.

Every check here is independent of :mod:`netlib.sna.ei`: the expectation and the exact
p-value come from enumerating every labelling of small graphs.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from netlib.sna.ei import ei_index, expected_ei

# Ten nodes in two groups of five and 18 ties: p = 1 - 2*5*4/(10*9) = 5/9, so M p = 10 and
# the null E-I (2E - 18)/18 takes the value 2(2p - 1) - obs exactly (the mirror point of
# the observed E = 14 is E = 6), with probability 8/252 under the null. A centre estimated
# from the draws falls on either side of the exact one with the seed and that atom enters
# or leaves the tail: with 20 000 draws the p-value used to jump between 0.015 and 0.049.
MIRROR_EDGES = [(0, 6), (0, 7), (0, 8), (1, 4), (1, 5), (1, 6), (1, 9), (2, 7), (2, 9),
                (3, 5), (3, 6), (3, 7), (3, 8), (4, 6), (4, 8), (6, 8), (7, 8), (7, 9)]


def mirror_graph() -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(range(10))
    G.add_edges_from(MIRROR_EDGES)
    nx.set_node_attributes(G, {i: "A" if i < 5 else "B" for i in G}, "g")
    return G


def labellings(labels: list[object]):
    """Every distinct assignment of the multiset ``labels`` to positions (uniform over
    permutations = uniform over distinct labellings, each has the same multiplicity)."""
    return sorted(set(itertools.permutations(labels)), key=repr)


def enumerate_ei(G: nx.Graph, attr: str):
    """E-I of every labelling (overall, and per group g: E_g, I_g), by plain loops."""
    nodes = list(G)
    labels = [G.nodes[v][attr] for v in nodes]
    groups = sorted(set(labels))
    overall, per_group = [], {g: [] for g in groups}
    for lab in labellings(labels):
        of = dict(zip(nodes, lab, strict=True))
        e = sum(1 for u, v in G.edges() if u != v and of[u] != of[v])
        i = sum(1 for u, v in G.edges() if u != v and of[u] == of[v])
        overall.append((e - i) / (e + i))
        for g in groups:
            eg = sum(1 for u, v in G.edges() if u != v and (of[u] == g) != (of[v] == g))
            ig = sum(1 for u, v in G.edges() if u != v and of[u] == g and of[v] == g)
            per_group[g].append((eg, ig))
    return np.array(overall), per_group


def test_mirror_case_exact_p_value_by_enumeration():
    G = mirror_graph()
    null, _ = enumerate_ei(G, "g")
    assert len(null) == math.comb(10, 5)
    centre = null.mean()
    assert centre == pytest.approx(expected_ei(np.array([5, 5])), abs=1e-12)
    assert centre == pytest.approx(2 * (5 / 9) - 1, abs=1e-12)
    r = ei_index(G, "g", permutations=10)
    assert r.external == 14 and r.ei == pytest.approx(10 / 18)
    mirror = 2 * centre - r.ei
    assert np.isclose(null, mirror).sum() == 8  # a possible value sits on the mirror point
    exact_p = np.mean(np.abs(null - centre) >= abs(r.ei - centre) - 1e-9)
    assert exact_p == pytest.approx(12 / 252)


def test_p_value_varies_with_the_seed_only_by_monte_carlo_error():
    G = mirror_graph()
    R = 20_000
    exact_p = 12 / 252  # enumerated above
    mc_se = math.sqrt(exact_p * (1 - exact_p) / R)  # ~0.0015
    ps = np.array([ei_index(G, "g", permutations=R, seed=s).p_value for s in range(8)])
    # each seed within 4.5 Monte Carlo SEs of the exact p-value (8 draws: a false alarm has
    # probability < 1e-4); the sampled centre gave 0.015 on half of these seeds
    assert np.all(np.abs(ps - exact_p) < 4.5 * mc_se), ps
    assert ps.max() - ps.min() < 6 * mc_se


@pytest.mark.parametrize("directed", [False, True])
def test_centre_equals_the_closed_form_by_enumerating_every_labelling(directed):
    # 7 nodes in groups of 3, 2, 2 (210 distinct labellings), 9 ties, one self-loop ignored
    G = nx.DiGraph() if directed else nx.Graph()
    sizes = {"x": 3, "y": 2, "z": 2}
    labels = [g for g, n in sizes.items() for _ in range(n)]
    G.add_nodes_from((i, {"g": lab}) for i, lab in enumerate(labels))
    G.add_edges_from([(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (5, 6), (6, 0), (2, 5),
                      (4, 6), (3, 3)])
    null, per_group = enumerate_ei(G, "g")
    assert len(null) == math.factorial(7) // (6 * 2 * 2)
    N = 7
    p = 1 - sum(n * (n - 1) for n in sizes.values()) / (N * (N - 1))
    assert null.mean() == pytest.approx(2 * p - 1, abs=1e-12)
    r = ei_index(G, "g", permutations=4000, seed=1)
    assert r.expected == pytest.approx(2 * p - 1, abs=1e-12)
    assert r.expected == pytest.approx(expected_ei(np.array(list(sizes.values()))), abs=1e-12)

    # per group: the documented sampled centre estimates the exact mean of EI_g (over the
    # labellings where g has a tie); that mean is not the ratio of expectations
    by = r.by_group.set_index("group")
    for g, eg_ig in per_group.items():
        pairs = np.array(eg_ig, dtype=float)
        tot = pairs.sum(1)
        ei_g = (pairs[tot > 0, 0] - pairs[tot > 0, 1]) / tot[tot > 0]
        sd = ei_g.std()
        assert by.loc[g, "expected E-I"] == pytest.approx(ei_g.mean(),
                                                          abs=5 * sd / math.sqrt(4000))
        ratio = (pairs[:, 0] - pairs[:, 1]).mean() / tot.mean()
        assert abs(ratio - ei_g.mean()) > 1e-3  # no closed form in the group sizes alone
