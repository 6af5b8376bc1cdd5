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


# ------------------------------------------------------------- chunked permutation draws
# Pinned values: computed with the implementation before the draws were chunked (all
# draws held at once: argsort of one (permutations x nodes) array of uniforms; commit
# 5c6e7cf, netlib/sna/ei.py) — the chunked version must give them exactly, since it draws
# the same uniforms row by row.
SHIPPED_EXPECTED_BY_STATE = [
    0.9029640989953444, 0.9093908983219233, 0.8933302184629298, 0.8905752536415558,
    0.8820481026495763, 0.8925749444588658, 0.9022203687381752, 0.8650614366745997,
    0.8741257711275041]
MIRROR_PINNED = {  # seed: (p, expected E-I by group, p by group), 2 000 draws
    0: (0.037481259370314844, [0.42687477571448157, 0.42629638915006557],
        [0.015992003998001, 0.22938530734632684]),
    1: (0.051974012993503245, [0.41916519289533993, 0.42800261943938417],
        [0.020989505247376312, 0.24187906046976512]),
    2: (0.05147426286856572, [0.42299169139683845, 0.4230132090948267],
        [0.015492253873063468, 0.22188905547226387]),
}


def test_shipped_survey_values_are_those_of_the_unchunked_implementation():
    from netlib.cases.imst.analysis import region_ei
    from netlib.cases.imst.survey import load_imst_survey

    r = region_ei(load_imst_survey(), permutations=2000, seed=0)
    assert (r.external, r.internal) == (30, 456)
    assert r.ei == -0.8765432098765432 and r.expected == 0.790058396239852
    assert r.p_value == 1 / 2001
    assert r.by_group["expected E-I"].tolist() == SHIPPED_EXPECTED_BY_STATE
    assert (r.by_group["p"] == 1 / 2001).all()


@pytest.mark.parametrize("seed", sorted(MIRROR_PINNED))
def test_mirror_graph_values_are_those_of_the_unchunked_implementation(seed):
    p, centres, ps = MIRROR_PINNED[seed]
    r = ei_index(mirror_graph(), "g", permutations=2000, seed=seed)
    assert r.p_value == p
    assert r.by_group["expected E-I"].tolist() == centres
    assert r.by_group["p"].tolist() == ps


def test_chunk_size_does_not_change_the_result(monkeypatch):
    from netlib.sna import ei as ei_module

    whole = ei_index(mirror_graph(), "g", permutations=500, seed=4)
    monkeypatch.setattr(ei_module, "CHUNK_CELLS", 7)  # a few draws per chunk
    chunked = ei_index(mirror_graph(), "g", permutations=500, seed=4)
    assert chunked.p_value == whole.p_value
    assert chunked.by_group.equals(whole.by_group)


def test_shuffled_draws_have_the_permutation_distribution(monkeypatch):
    # the path for large graphs (labels shuffled, not argsorted uniforms) against the exact
    # enumeration of the mirror graph: null mean, p-value and per-group means within Monte
    # Carlo error of the values over all 252 labellings
    from netlib.sna import ei as ei_module

    monkeypatch.setattr(ei_module, "ARGSORT_CELLS", 0)
    G = mirror_graph()
    null, per_group = enumerate_ei(G, "g")
    R = 20_000
    r = ei_index(G, "g", permutations=R, seed=5)
    exact_p = 12 / 252
    assert abs(r.p_value - exact_p) < 4.5 * math.sqrt(exact_p * (1 - exact_p) / R)
    by = r.by_group.set_index("group")
    for g, eg_ig in per_group.items():
        pairs = np.array(eg_ig, dtype=float)
        ei_g = (pairs[:, 0] - pairs[:, 1]) / pairs.sum(1)
        assert by.loc[g, "expected E-I"] == pytest.approx(ei_g.mean(),
                                                          abs=5 * ei_g.std() / math.sqrt(R))


@pytest.mark.parametrize("sizes", [[3, 2, 1], [5, 1], [2, 2, 2]])
def test_random_labelling_is_uniform_over_labellings(sizes):
    # exact reference: every labelling with these group sizes is equally likely under a
    # random permutation; chi-square goodness of fit of 30 000 draws against that uniform law
    from collections import Counter
    from math import factorial

    from scipy.stats import chisquare

    from netlib.sna.ei import labelling_table, random_labelling

    sizes = np.array(sizes)
    n_labellings = factorial(sizes.sum()) // math.prod(factorial(s) for s in sizes)
    table = labelling_table(sizes)
    rng = np.random.default_rng(11)
    draws = [random_labelling(rng, sizes, table) for _ in range(30_000)]
    assert all((np.bincount(d, minlength=len(sizes)) == sizes).all() for d in draws)
    freq = Counter(d.tobytes() for d in draws)
    assert len(freq) == n_labellings
    assert chisquare(list(freq.values())).pvalue > 1e-3


def test_fast_path_does_not_depend_on_the_number_of_threads(monkeypatch):
    from netlib.sna import ei as ei_module

    monkeypatch.setattr(ei_module, "ARGSORT_CELLS", 0)
    monkeypatch.setattr(ei_module, "FAST_CHUNK", 7)
    two = ei_index(mirror_graph(), "g", permutations=300, seed=3)
    monkeypatch.setattr(ei_module.os, "cpu_count", lambda: 1)
    one = ei_index(mirror_graph(), "g", permutations=300, seed=3)
    assert one.p_value == two.p_value and one.by_group.equals(two.by_group)
