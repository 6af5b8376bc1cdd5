"""Baran structure types, Holley stages, Borgatti–Everett core/periphery and the shapes.

Expected values are worked by hand (the arithmetic is in the comments), computed by an
independent brute-force implementation (every core/periphery partition, scored with
``np.corrcoef`` on the explicit pattern matrix), or are properties that can fail: canonical
shapes and their noisy versions classified as intended over many seeds.
"""

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from netlib.sna import shapes
from netlib.sna.core_periphery import core_periphery
from netlib.sna.typology import (
    holley_stage,
    hubs,
    redundancy,
    removal_loss,
    structure_measures,
    structure_type,
    weak_links,
)

SEEDS = range(25)


# --------------------------------------------------------------------------- generators
def test_generator_sizes_by_formula():
    assert shapes.star(10).number_of_edges() == 9
    sos = shapes.star_of_stars(4, 6)  # 4*6 spokes + C(4,2) hub ties
    assert (sos.number_of_nodes(), sos.number_of_edges()) == (28, 24 + 6)
    ring = shapes.star_of_stars(5, 3, hub_links="ring")
    assert ring.number_of_edges() == 15 + 5
    centre = shapes.star_of_stars(3, 4, hub_links="centre")
    assert (centre.number_of_nodes(), centre.number_of_edges()) == (16, 12 + 3)
    m = shapes.mesh(4, 6)  # rows*(cols-1) + cols*(rows-1)
    assert m.number_of_edges() == 4 * 5 + 6 * 3
    frag = shapes.fragments(4, 5, isolates=2, seed=3)
    assert nx.number_connected_components(frag) == 6
    cp = shapes.core_periphery_graph(5, 20, p_core=1.0, ties=(2, 2), seed=1)
    assert cp.number_of_edges() == 10 + 40
    assert {v for v, c in cp.nodes(data="core") if c} == set(range(5))


def test_random_generators_are_seeded():
    a, b = shapes.fragments(5, 5, seed=7), shapes.fragments(5, 5, seed=7)
    assert sorted(a.edges()) == sorted(b.edges())
    c = shapes.core_periphery_graph(6, 19, seed=1)
    d = shapes.core_periphery_graph(6, 19, seed=2)
    assert sorted(c.edges()) != sorted(d.edges())


def test_perturb_changes_exactly_the_requested_number_of_ties():
    G = shapes.mesh(5, 5)  # 40 ties
    H = shapes.perturb(G, add=0.1, remove=0.25, seed=4)
    removed = set(map(frozenset, G.edges())) - set(map(frozenset, H.edges()))
    added = set(map(frozenset, H.edges())) - set(map(frozenset, G.edges()))
    assert (len(removed), len(added)) == (10, 4)
    assert H.graph["noise"] == (0.1, 0.25, 4)
    assert sorted(H.edges()) == sorted(shapes.perturb(G, 0.1, 0.25, seed=4).edges())


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        shapes.star(2)
    with pytest.raises(ValueError, match="hub_links"):
        shapes.star_of_stars(3, 3, hub_links="tree")
    with pytest.raises(ValueError):
        shapes.core_periphery_graph(3, 5, ties=(2, 4))


# --------------------------------------------------------------------------- measures
def test_star_of_stars_measures_by_hand():
    G = shapes.star_of_stars(4, 6)  # n = 28; hubs have degree 6 + 3 = 9, spokes 1
    m = structure_measures(G)
    assert m["degree centralization"] == pytest.approx(24 * 8 / (27 * 26))  # Σ(9-d)/(n-1)(n-2)
    assert m["hubs"] == 4 and m["hub share"] == pytest.approx(4 / 28)
    # removing one hub cuts its 6 spokes off the other 21 of the 27 remaining nodes
    assert m["top node loss"] == pytest.approx(6 / 27)
    # removing the 4 hubs leaves 24 isolated spokes: largest component 1 of 24
    assert m["hub removal loss"] == pytest.approx(1 - 1 / 24)
    assert m["redundancy"] == pytest.approx(4 / 28)  # only the hub clique is biconnected
    assert m["vertex connectivity"] == 1


def test_loss_redundancy_hubs_on_small_graphs():
    star = shapes.star(11)
    assert removal_loss(star, [0]) == pytest.approx(1 - 1 / 10)
    assert removal_loss(nx.cycle_graph(8), [0]) == 0
    assert redundancy(nx.cycle_graph(8)) == 1 and redundancy(nx.path_graph(8)) == 0
    assert hubs(star) == [0] and hubs(shapes.mesh(4, 4)) == []
    # two triangles joined by one tie: the tie is a weak link, a spoke is not
    G = nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3), (5, 6)])
    assert weak_links(G) == [(2, 3)] or weak_links(G) == [(3, 2)]


# --------------------------------------------------------------------------- Baran types
@pytest.mark.parametrize("n", [6, 12, 40])
def test_star_is_A(n):
    r = structure_type(shapes.star(n))
    assert r.code == "A" and r.clear and r.label == "A"


@pytest.mark.parametrize("hub_links", ["clique", "ring", "centre"])
@pytest.mark.parametrize("hubs_, spokes", [(3, 5), (4, 6), (6, 4)])
def test_star_of_stars_is_B(hub_links, hubs_, spokes):
    r = structure_type(shapes.star_of_stars(hubs_, spokes, hub_links))
    assert r.code == "B" and r.clear


@pytest.mark.parametrize("rows, cols, diag", [(4, 4, False), (5, 7, False), (6, 6, True)])
def test_mesh_is_C(rows, cols, diag):
    r = structure_type(shapes.mesh(rows, cols, diag))
    assert r.code == "C" and r.clear and r.label == "C"


@pytest.mark.parametrize("noise", [0.05, 0.1, 0.2])
def test_noisy_canonical_shapes_keep_their_type_over_many_seeds(noise):
    for seed in SEEDS:
        for G, want in ((shapes.star(25), "A"), (shapes.star_of_stars(4, 6), "B"),
                        (shapes.mesh(5, 5), "C")):
            H = shapes.perturb(G, add=noise, remove=noise, seed=seed)
            got = structure_type(H)
            assert got.code == want, (G.graph["shape"], noise, seed, got.reason)


def test_hub_on_a_mesh_is_C_also_A_like_tableau_3_A_over_C():
    G = shapes.mesh(5, 5)
    G.add_edges_from(("hub", v) for v in list(G))
    r = structure_type(G)
    assert (r.code, r.label, r.clear) == ("C", "A/C", True)
    assert r.measures["degree centralization"] > 0.5 and r.measures["top node loss"] == 0


def test_a_chain_fits_no_drawing_and_says_so():
    r = structure_type(nx.path_graph(20))
    assert not r.clear and "no rule met" in r.reason


def test_thresholds_can_be_overridden():
    G = shapes.star(10)
    assert structure_type(G).code == "A"
    strict = structure_type(G, centralization=1.01)
    assert not strict.clear and "no rule met" in strict.reason
    with pytest.raises(TypeError, match="unknown threshold"):
        structure_type(G, centralisation=0.4)


# --------------------------------------------------------------------------- Holley stages
def test_canonical_holley_stages():
    assert holley_stage(shapes.fragments(5, 5, seed=0)).code == "fragments"
    assert holley_stage(shapes.star(20)).code == "hub_and_spoke"
    assert holley_stage(shapes.star_of_stars(4, 6)).code == "multi_hub"
    assert holley_stage(shapes.core_periphery_graph(6, 19, seed=0)).code == "core_periphery"


@pytest.mark.parametrize("noise", [0.05, 0.1, 0.2])
def test_noisy_holley_stages_over_many_seeds(noise):
    for seed in SEEDS:
        cases = [(shapes.star(25), "hub_and_spoke"), (shapes.star_of_stars(4, 6), "multi_hub"),
                 (shapes.core_periphery_graph(6, 19, seed=seed), "core_periphery")]
        if noise <= 0.05:  # a few random ties between clusters make them one network
            cases.append((shapes.fragments(5, 5, seed=seed), "fragments"))
        for G, want in cases:
            H = shapes.perturb(G, add=noise, remove=noise, seed=seed)
            got = holley_stage(H)
            assert got.code == want, (G.graph["shape"], noise, seed, got.reason)


def test_holley_has_no_stage_for_a_lattice():
    assert not holley_stage(shapes.mesh(5, 5)).clear


def test_periphery_hanging_on_one_hub_each_is_multi_hub_not_core_periphery():
    G = shapes.core_periphery_graph(5, 20, p_core=1.0, ties=(1, 1), seed=0)
    assert holley_stage(G).code == "multi_hub"


# --------------------------------------------------------------------------- core/periphery
def brute_force_core(G, inter):
    """Independent: every partition, Pearson r via np.corrcoef on the explicit matrices."""
    nodes = list(G)
    n = len(nodes)
    A = nx.to_numpy_array(G, nodelist=nodes)
    iu = np.triu_indices(n, 1)
    a = A[iu]
    best = (-2.0, None)
    for bits in itertools.product([0, 1], repeat=n):
        c = np.array(bits)
        both = np.outer(c, c)[iu]
        neither = np.outer(1 - c, 1 - c)[iu]
        if inter is None:
            use = (both + neither) > 0
            delta = both[use]
            x = a[use]
        else:
            delta = np.where(both == 1, 1.0, np.where(neither == 1, 0.0, inter))
            x = a
        if delta.std() == 0 or x.std() == 0:
            continue
        r = np.corrcoef(x, delta)[0, 1]
        if r > best[0] + 1e-12:
            best = (r, frozenset(v for v, b in zip(nodes, bits, strict=True) if b))
    return best


def test_florentine_core_by_hand_and_by_brute_force():
    G = nx.florentine_families_graph()  # Padgett's marriage ties, 15 families (no Pucci)
    fit = core_periphery(G)
    assert fit.exhaustive
    assert fit.core == {"Medici", "Ridolfi", "Tornabuoni"}
    # by hand: core clique 3 ties in 3 cells; periphery 11 ties in C(12,2) = 66 cells;
    # N = 69 cells, Σx = 14, Σy = 3, Σxy = 3 -> r = 165 / sqrt(770 * 198)
    assert fit.correlation == pytest.approx(165 / math.sqrt(770 * 198))
    assert (fit.core_density, fit.periphery_density) == (1.0, pytest.approx(11 / 66))
    r, core = brute_force_core(G, None)
    assert fit.correlation == pytest.approx(r) and fit.core == core


def test_florentine_core_with_core_periphery_ties_ideal_one():
    G = nx.florentine_families_graph()
    fit = core_periphery(G, inter=1.0)
    r, core = brute_force_core(G, 1.0)
    assert fit.correlation == pytest.approx(r) and fit.core == core
    assert "Medici" in fit.core


@pytest.mark.parametrize("inter", [None, 1.0, 0.5])
def test_heuristic_finds_the_exhaustive_optimum(inter):
    graphs = [nx.florentine_families_graph()]
    graphs += [nx.gnp_random_graph(12, 0.3, seed=s) for s in range(8)]
    graphs += [shapes.perturb(shapes.core_periphery_graph(4, 8, seed=s), 0.1, 0.1, seed=s)
               for s in range(8)]
    for G in graphs:
        exact = core_periphery(G, inter)
        heur = core_periphery(G, inter, exhaustive_max=0)
        assert not heur.exhaustive
        assert heur.correlation == pytest.approx(exact.correlation, abs=1e-9)


def test_planted_core_is_recovered_over_many_seeds():
    for seed in SEEDS:
        G = shapes.core_periphery_graph(6, 30, p_core=1.0, ties=(2, 3), seed=seed)
        fit = core_periphery(G)  # 36 nodes: heuristic search
        assert fit.core == set(range(6)), seed
        assert fit.correlation == pytest.approx(1.0)


def test_core_periphery_needs_three_nodes():
    with pytest.raises(ValueError):
        core_periphery(nx.path_graph(2))


@pytest.mark.parametrize("inter", [None, 0.5])
def test_climbing_every_start_at_once_follows_each_start_alone(inter):
    """Independent computation: the one-start hill climb (tests.reference.hill_climb_one),
    run start by start, on random graphs with random and degree-threshold starts."""
    from netlib.sna import core_periphery as cpm
    from tests.reference import hill_climb_one

    rng = np.random.default_rng(7)
    for trial in range(25):
        n = int(rng.integers(17, 40))
        G = nx.gnp_random_graph(n, float(rng.uniform(0.05, 0.5)), seed=trial)
        A = nx.to_numpy_array(G, weight=None)
        deg = A.sum(axis=1)
        starts = np.array([(deg >= d).astype(float) for d in np.unique(deg)[::-1]]
                          + [(rng.random(n) < 0.3).astype(float) for _ in range(8)])
        ends, rs = cpm._hill_climb(A, deg, starts, inter)
        for c0, c1, r1 in zip(starts, ends, rs, strict=True):
            c_ref, r_ref = hill_climb_one(A, deg, c0, inter)
            assert np.array_equal(c1, c_ref)
            assert (np.isnan(r1) and np.isnan(r_ref)) or r1 == r_ref
