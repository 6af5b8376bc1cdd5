"""netlib.sna.two_mode against networkx's bipartite projections (an independent implementation)
on Davis's Southern Women (18 women x 14 events, as shipped by networkx)."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netlib.sna import two_mode


@pytest.fixture(scope="module")
def davis():
    G = nx.davis_southern_women_graph()
    women, events = G.graph["top"], G.graph["bottom"]
    pairs = pd.DataFrame([(w, e) for w in women for e in G[w]], columns=["woman", "event"])
    B = two_mode.incidence_matrix(pairs, pd.Index(women, name="woman"),
                                  pd.Index(events, name="event"))
    return G, women, events, B


def test_incidence_has_one_cell_per_tie(davis):
    G, women, events, B = davis
    assert B.shape == (18, 14) and int(B.to_numpy().sum()) == G.number_of_edges() == 89


def test_projections_equal_networkx_weighted_projection(davis):
    G, women, events, B = davis
    P_w, P_e = two_mode.projections(B)
    for nodes, P in ((women, P_w), (events, P_e)):
        ref = nx.bipartite.weighted_projected_graph(G, nodes)
        got = two_mode.projection_graph(P)
        assert {frozenset(e) for e in got.edges} == {frozenset(e) for e in ref.edges}
        for u, v, d in ref.edges(data=True):
            assert got[u][v]["weight"] == d["weight"]
        assert np.array_equal(np.diag(P.to_numpy()), [G.degree(n) for n in nodes])


def test_cosine_similarity_is_one_on_the_diagonal_and_symmetric(davis):
    *_, B = davis
    S = two_mode.cosine_similarity(B).to_numpy()
    assert np.allclose(np.diag(S), 1) and np.allclose(S, S.T)
    x, y = B.to_numpy(dtype=float)[:2]
    assert S[0, 1] == pytest.approx(x @ y / np.sqrt((x @ x) * (y @ y)))


def test_unknown_pair_and_mode_are_refused():
    rows, cols = pd.Index(["a"], name="r"), pd.Index(["x"], name="c")
    with pytest.raises(KeyError):
        two_mode.incidence_matrix(pd.DataFrame({"r": ["b"], "c": ["x"]}), rows, cols)
    with pytest.raises(ValueError, match="mode"):
        two_mode.projection(pd.DataFrame([[1]]), mode="diagonal")
