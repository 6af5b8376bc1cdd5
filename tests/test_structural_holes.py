"""Structural holes: hand-worked values, networkx as the independent computation on every ego
graph of seeded random surveys, and igraph's constraint (R) as a second oracle."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netlib.sna.ego import ego_measures
from netlib.sna.structural_holes import MEASURES, WEIGHTED, structural_holes

EGO = "__ego__"


def one_ego(n: int, alter_ties: list[tuple[int, int]], weights: list[float] | None = None,
            alter_weights: list[float] | None = None) -> pd.Series:
    """The measures of one ego with alters 0..n-1 (keys "a0", "a1", ...)."""
    ties = pd.DataFrame({"respondent_id": "e", "alter_key": [f"a{j}" for j in range(n)]})
    at = pd.DataFrame({"respondent_id": "e", "alter_a": [f"a{j}" for j, _ in alter_ties],
                       "alter_b": [f"a{k}" for _, k in alter_ties]})
    kw = {}
    if weights is not None:
        ties["w"] = weights
        kw["weight"] = "w"
    if alter_weights is not None:
        at["aw"] = alter_weights
        kw["alter_weight"] = "aw"
    return structural_holes(ties, at, egos=["e"], **kw).loc["e"]


def coleman_theil(c: list[float]) -> float:
    """Burt's hierarchy from dyadic constraints: sum r ln r / (N ln N), r = c / (C / N)."""
    N, C = len(c), sum(c)
    return sum(x * N / C * math.log(x * N / C) for x in c) / (N * math.log(N))


# --- hand-worked values ---------------------------------------------------------------------

@pytest.mark.parametrize("n", [2, 4, 7])
def test_star_by_hand(n):
    # no tie among the n alters: nothing redundant, effective size n (Borgatti: n - 2*0/n),
    # efficiency 1; each p_ij = 1/n and no indirect path, c_ij = 1/n^2, constraint n/n^2 = 1/n;
    # equal dyadic constraints, hierarchy 0; density 0/(n(n-1)/2) = 0
    m = one_ego(n, [])
    assert m["density"] == 0 and m["effective_size"] == pytest.approx(n)
    assert m["efficiency"] == pytest.approx(1.0)
    assert m["constraint"] == pytest.approx(1 / n)
    assert m["hierarchy"] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_complete_ego_network_by_hand(n):
    # every pair tied: t = n(n-1)/2, effective size n - 2t/n = n - (n-1) = 1, efficiency 1/n;
    # p_ij = 1/n; alter q has n ties (ego + n-1 alters), p_qj = 1/n; indirect through the
    # n-1 others: (n-1)/n^2; c_ij = (1/n + (n-1)/n^2)^2 = ((2n-1)/n^2)^2; constraint
    # n (2n-1)^2/n^4 = (2n-1)^2/n^3 (n = 3: 25/27); symmetric, so hierarchy 0; density 1
    pairs = [(j, k) for j in range(n) for k in range(j + 1, n)]
    m = one_ego(n, pairs)
    assert m["density"] == 1 and m["n_alter_ties"] == n * (n - 1) // 2
    assert m["effective_size"] == pytest.approx(1.0)
    assert m["efficiency"] == pytest.approx(1 / n)
    assert m["constraint"] == pytest.approx((2 * n - 1) ** 2 / n**3)
    assert m["hierarchy"] == pytest.approx(0.0, abs=1e-12)


def test_one_tie_among_three_by_hand():
    # alters A, B, C; tie A-B. n = 3, t = 1: density 1/3, effective size 3 - 2/3 = 7/3,
    # efficiency 7/9. p_iA = p_iB = p_iC = 1/3; A's ties: ego and B, so p_AB = p_BA = 1/2.
    # c_iA = (1/3 + p_iB p_BA)^2 = (1/3 + 1/6)^2 = 1/4 = c_iB; c_iC = (1/3)^2 = 1/9;
    # constraint 1/4 + 1/4 + 1/9 = 11/18. Hierarchy: r = c / (C/3) = 27/22, 27/22, 12/22,
    # H = (2 (27/22) ln(27/22) + (12/22) ln(12/22)) / (3 ln 3) = 0.05220...
    m = one_ego(3, [(0, 1)])
    assert m["density"] == pytest.approx(1 / 3)
    assert m["effective_size"] == pytest.approx(7 / 3)
    assert m["efficiency"] == pytest.approx(7 / 9)
    assert m["constraint"] == pytest.approx(11 / 18)
    h = (2 * 27 / 22 * math.log(27 / 22) + 12 / 22 * math.log(12 / 22)) / (3 * math.log(3))
    assert m["hierarchy"] == pytest.approx(h)
    assert m["hierarchy"] == pytest.approx(0.0522045454, abs=1e-9)


def test_weighted_by_hand():
    # two unconnected alters of strengths 3 and 1: p = 3/4, 1/4; constraint 9/16 + 1/16 =
    # 10/16; no redundancy, effective size 2; r = (9/16)/(5/16) = 1.8 and 0.2,
    # hierarchy (1.8 ln 1.8 + 0.2 ln 0.2) / (2 ln 2) = 0.2653...
    m = one_ego(2, [], weights=[3, 1])
    assert m["constraint_weighted"] == pytest.approx(10 / 16)
    assert m["constraint"] == pytest.approx(1 / 2)  # unweighted: 1/4 + 1/4
    assert m["effective_size_weighted"] == pytest.approx(2.0)
    h = (1.8 * math.log(1.8) + 0.2 * math.log(0.2)) / (2 * math.log(2))
    assert m["hierarchy_weighted"] == pytest.approx(h)
    assert m["hierarchy"] == pytest.approx(0.0, abs=1e-12)
    # a triangle of alters, ego strengths 2, alter ties 1: p_ij = 1/3; q's total 2 + 1 + 1,
    # p_qj = 1/4; c_ij = (1/3 + 2 (1/3)(1/4))^2 = 1/4, constraint 3/4. q's strongest tie is
    # to ego (2): m_jq = 1/2, redundancy of j = 2 (1/3)(1/2) = 1/3, effective size 3 - 1 = 2
    t = one_ego(3, [(0, 1), (1, 2), (0, 2)], weights=[2, 2, 2])
    assert t["constraint_weighted"] == pytest.approx(3 / 4)
    assert t["effective_size_weighted"] == pytest.approx(2.0)
    assert t["efficiency_weighted"] == pytest.approx(2 / 3)
    assert t["effective_size"] == pytest.approx(1.0)  # unweighted: complete, 3 - 2*3/3


# Borgatti (1997), Connections 20(1), the example graph of "Structural holes: unpacking
# Burt's redundancy measures", with the edge strengths networkx's test suite adds to it. Ego
# G is tied to all six other nodes, so G's ego network is the whole graph and the published
# whole-graph values apply: effective size 4.67 (Borgatti: n - 2t/n with n = 6 and the t = 4
# ties A-B, A-F, A-E, B-D: 6 - 8/6 = 4.667), constraint 0.400, weighted constraint 0.299 and
# weighted effective size 5.47 (networkx's tests, values from UCINET and igraph, checked by
# hand). igraph 1.3.5 (R) gives the constraints to more digits:
#   el <- data.frame(a = c("A","A","A","A","E","F","B","B","D","G"),
#                    b = c("B","F","G","E","G","G","G","D","G","C"),
#                    w = c(2, 3, 5, 2, 8, 3, 4, 1, 3, 10))
#   g <- graph_from_data_frame(el, directed = FALSE)
#   constraint(g, "G", weights = rep(1, ecount(g))); constraint(g, "G", weights = el$w)
BORGATTI = [("A", "B", 2), ("A", "F", 3), ("A", "G", 5), ("A", "E", 2), ("E", "G", 8),
            ("F", "G", 3), ("B", "G", 4), ("B", "D", 1), ("D", "G", 3), ("G", "C", 10)]


def test_borgatti_1997_example():
    ego_ties = [(b if a == "G" else a, w) for a, b, w in BORGATTI if "G" in (a, b)]
    ties = pd.DataFrame({"respondent_id": "G", "alter_key": [k for k, _ in ego_ties],
                         "w": [w for _, w in ego_ties]})
    at = pd.DataFrame([("G", a, b, w) for a, b, w in BORGATTI if "G" not in (a, b)],
                      columns=["respondent_id", "alter_a", "alter_b", "w"])
    m = structural_holes(ties, at, weight="w", alter_weight="w").loc["G"]
    assert m["n_alters"] == 6 and m["n_alter_ties"] == 4
    assert m["effective_size"] == pytest.approx(6 - 8 / 6)
    assert m["effective_size"] == pytest.approx(4.67, abs=5e-3)
    assert m["efficiency"] == pytest.approx((6 - 8 / 6) / 6)
    assert m["density"] == pytest.approx(4 / 15)
    assert m["constraint"] == pytest.approx(0.400270061728395, abs=1e-12)  # igraph
    assert m["constraint_weighted"] == pytest.approx(0.298851606145978, abs=1e-12)  # igraph
    assert m["effective_size_weighted"] == pytest.approx(5.47, abs=5e-3)


def test_egos_with_zero_or_one_alter():
    ties = pd.DataFrame({"respondent_id": ["one"], "alter_key": ["x"], "w": [4]})
    at = pd.DataFrame(columns=["respondent_id", "alter_a", "alter_b"])
    m = structural_holes(ties, at, egos=["none", "one"], weight="w")
    # nobody named: no ego network, every measure NaN (networkx: NaN for an isolate)
    assert m.loc["none", list(MEASURES) + list(WEIGHTED)].isna().all()
    assert m.loc["none", "n_alters"] == 0
    # one contact: effective size, efficiency and constraint 1 (networkx and igraph agree);
    # density 0/0 and hierarchy (n ln n = 0) undefined
    one = m.loc["one"]
    assert one["effective_size"] == 1 and one["efficiency"] == 1 and one["constraint"] == 1
    assert one["constraint_weighted"] == 1
    assert np.isnan(one["density"]) and np.isnan(one["hierarchy"])
    assert np.isnan(one["hierarchy_weighted"])


# --- networkx, the independent computation, on random ego networks --------------------------

def random_survey(seed: int, n_egos: int = 300) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ego networks of 0..9 alters with tie probability 0 (isolates/stars), 1 (complete) or
    random; alters named for two relations (two rows, different frequencies); alter ties
    reported twice (both orders, another relation, another weight); keys reused across egos;
    some contacts keyed by alter_id only."""
    rng = np.random.default_rng(seed)
    rows, pairs = [], []
    for e in range(n_egos):
        n = int(rng.integers(0, 10))
        prob = rng.choice([0.0, 1.0, rng.random()])
        keyed = rng.random(n) < 0.8  # else the contact is a respondent known by alter_id
        keys = [f"k{j}" if keyed[j] else f"R{e}-{j}" for j in range(n)]
        for j in range(n):
            for _ in range(1 + (rng.random() < 0.3)):  # named for one or two relations
                rows.append({"respondent_id": f"E{e}",
                             "alter_key": keys[j] if keyed[j] else None,
                             "alter_id": None if keyed[j] else keys[j],
                             "frequency_score": int(rng.integers(1, 6))})
        for j in range(n):
            for k in range(j + 1, n):
                if rng.random() < prob:
                    a, b = (keys[j], keys[k]) if rng.random() < 0.5 else (keys[k], keys[j])
                    pairs.append({"respondent_id": f"E{e}", "alter_a": a, "alter_b": b,
                                  "relation": "information", "weight": int(rng.integers(1, 4))})
                    if rng.random() < 0.2:
                        pairs.append({"respondent_id": f"E{e}", "alter_a": b, "alter_b": a,
                                      "relation": "cooperation",
                                      "weight": int(rng.integers(1, 4))})
    ties = pd.DataFrame(rows, columns=["respondent_id", "alter_key", "alter_id",
                                       "frequency_score"])
    return ties, pd.DataFrame(pairs, columns=["respondent_id", "alter_a", "alter_b",
                                              "relation", "weight"])


def nx_ego_graphs(ties: pd.DataFrame, alter_ties: pd.DataFrame) -> dict[str, nx.Graph]:
    """Ego + alters + ego-alter ties + alter-alter ties, one networkx graph per ego, built row
    by row in plain Python (strength of a repeated tie: the largest)."""
    graphs: dict[str, nx.Graph] = {}
    for r in ties.itertuples(index=False):
        G = graphs.setdefault(r.respondent_id, nx.Graph())
        G.add_node(EGO)
        alter = r.alter_key if isinstance(r.alter_key, str) else r.alter_id
        old = G[EGO][alter]["weight"] if G.has_edge(EGO, alter) else 0
        G.add_edge(EGO, alter, weight=max(old, r.frequency_score))
    for r in alter_ties.itertuples(index=False):
        G = graphs[r.respondent_id]
        old = G[r.alter_a][r.alter_b]["weight"] if G.has_edge(r.alter_a, r.alter_b) else 0
        G.add_edge(r.alter_a, r.alter_b, weight=max(old, r.weight))
    return graphs


def nx_measures(G: nx.Graph, weight: str | None) -> dict[str, float]:
    n = G.degree(EGO)
    es = nx.effective_size(G, nodes=[EGO], weight=weight)[EGO]
    out = {"effective_size": es, "efficiency": es / n,  # Burt's efficiency: E / n
           "constraint": nx.constraint(G, nodes=[EGO], weight=weight)[EGO]}
    local = [nx.local_constraint(G, EGO, j, weight=weight) for j in G[EGO]]
    out["hierarchy"] = coleman_theil(local) if n > 1 else np.nan
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_agrees_with_networkx_on_every_ego_graph(seed):
    ties, alter_ties = random_survey(seed)
    got = structural_holes(ties, alter_ties, weight="frequency_score", alter_weight="weight")
    graphs = nx_ego_graphs(ties, alter_ties)
    assert set(got.index) == set(graphs)
    n_alters = got["n_alters"]
    # the survey covers what matters: isolates' neighbours, single contacts, stars, complete
    assert (n_alters == 1).any() and ((n_alters > 2) & (got["density"] == 0)).any()
    assert ((n_alters > 2) & (got["density"] == 1)).any()
    for e, G in graphs.items():
        row = got.loc[e]
        alters = [v for v in G if v != EGO]
        assert row["n_alters"] == len(alters)
        assert row["n_alter_ties"] == G.number_of_edges() - len(alters)
        if len(alters) > 1:
            assert row["density"] == pytest.approx(nx.density(G.subgraph(alters)))
        else:
            assert np.isnan(row["density"])
        # unweighted: networkx's Borgatti formula n - 2t/n (weight=None, undirected)
        for k, v in nx_measures(G, None).items():
            assert row[k] == pytest.approx(v, nan_ok=True), (k, "unweighted")
        # weighted: networkx's Burt formula with mutual weights z_ij + z_ji (= 2 z_ij here,
        # which cancels in p and m) as edge attribute "weight"
        for k, v in nx_measures(G, "weight").items():
            assert row[f"{k}_weighted"] == pytest.approx(v, nan_ok=True), (k, "weighted")


def test_agrees_with_networkx_whole_graph_matrix_path():
    # networkx computes constraint for all nodes at once with sparse matrices (another
    # implementation). Not weighted effective size: networkx 3.6's sparse path divides by
    # the column maxima instead of the row maxima on weighted graphs (open fix:
    # https://github.com/networkx/networkx/pull/8906), so only its per-node path
    # (nodes=[ego], used above) is Burt's formula.
    ties, alter_ties = random_survey(3, n_egos=60)
    got = structural_holes(ties, alter_ties, weight="frequency_score", alter_weight="weight")
    for e, G in nx_ego_graphs(ties, alter_ties).items():
        assert got.loc[e, "constraint"] == pytest.approx(nx.constraint(G)[EGO], nan_ok=True)
        assert got.loc[e, "constraint_weighted"] == pytest.approx(
            nx.constraint(G, weight="weight")[EGO], nan_ok=True)
        assert got.loc[e, "effective_size"] == pytest.approx(
            nx.effective_size(G)[EGO], nan_ok=True)  # unweighted: the bug is invisible


# --- igraph (R) ------------------------------------------------------------------------------

# Reference values from R 4.2.2, igraph 1.3.5 (Debian bookworm r-cran-igraph), computed once:
#   library(igraph)
#   ego_graph <- function(el) { g <- graph_from_edgelist(as.matrix(el[, 1:2]), directed = FALSE)
#                               E(g)$weight <- el[, 3]; g }
#   A <- rbind(c(1,2,5), c(1,3,4), c(1,4,3), c(1,5,2), c(1,6,1),
#              c(2,3,2), c(2,4,1), c(3,4,3), c(5,6,2), c(4,5,1))
#   B <- rbind(c(1,2,1), c(1,3,2), c(1,4,3), c(1,5,4),
#              c(2,3,1), c(2,4,2), c(2,5,3), c(3,4,4), c(3,5,5), c(4,5,6))
#   C <- rbind(c(1,2,2), c(1,3,1), c(1,4,1))
#   for (el in list(A, B, C)) { g <- ego_graph(el)
#     cat(sprintf("%.15f %.15f\n", constraint(g, 1, weights = rep(1, ecount(g))),
#                 constraint(g, 1))) }
# Vertex 1 is ego; columns: unweighted, weighted constraint of ego.
IGRAPH = {
    "A": ([(1, 2, 5), (1, 3, 4), (1, 4, 3), (1, 5, 2), (1, 6, 1),
           (2, 3, 2), (2, 4, 1), (3, 4, 3), (5, 6, 2), (4, 5, 1)],
          0.554166666666667, 0.538135116598080),
    "B": ([(1, 2, 1), (1, 3, 2), (1, 4, 3), (1, 5, 4),
           (2, 3, 1), (2, 4, 2), (2, 5, 3), (3, 4, 4), (3, 5, 5), (4, 5, 6)],
          0.765625000000000, 0.911174250440917),
    "C": ([(1, 2, 2), (1, 3, 1), (1, 4, 1)], 0.333333333333333, 0.375000000000000),
}


def test_constraint_matches_igraph():
    ties = pd.DataFrame([(g, b, w) for g, (el, _, _) in IGRAPH.items() for a, b, w in el
                         if a == 1], columns=["respondent_id", "alter_key", "w"])
    at = pd.DataFrame([(g, a, b, w) for g, (el, _, _) in IGRAPH.items() for a, b, w in el
                       if a != 1], columns=["respondent_id", "alter_a", "alter_b", "w"])
    got = structural_holes(ties, at, weight="w", alter_weight="w")
    for g, (_, plain, weighted) in IGRAPH.items():
        assert got.loc[g, "constraint"] == pytest.approx(plain, abs=1e-12)
        assert got.loc[g, "constraint_weighted"] == pytest.approx(weighted, abs=1e-12)


# --- properties -------------------------------------------------------------------------------

def test_invariances():
    ties, alter_ties = random_survey(4, n_egos=120)
    kw = {"weight": "frequency_score", "alter_weight": "weight"}
    base = structural_holes(ties, alter_ties, **kw)
    # row order does not matter
    shuffled = structural_holes(ties.sample(frac=1, random_state=0),
                                alter_ties.sample(frac=1, random_state=0), **kw)
    pd.testing.assert_frame_equal(base.sort_index(), shuffled.sort_index())
    # scaling every strength by one factor leaves the proportional measures unchanged
    scaled = structural_holes(ties.assign(frequency_score=ties["frequency_score"] * 7),
                              alter_ties.assign(weight=alter_ties["weight"] * 7), **kw)
    pd.testing.assert_frame_equal(base, scaled)
    # equal strengths: the weighted measures are the unweighted ones
    flat = structural_holes(ties.assign(frequency_score=2), alter_ties.assign(weight=2), **kw)
    for m in WEIGHTED:
        np.testing.assert_allclose(flat[m], flat[m.removesuffix("_weighted")])
    # bounds: 1 <= effective size <= n, constraint in (0, 1 + ...], hierarchy in [0, 1)
    ok = base["n_alters"] > 0
    assert (base.loc[ok, "effective_size"] >= 1 - 1e-12).all()
    assert (base.loc[ok, "effective_size"] <= base.loc[ok, "n_alters"] + 1e-12).all()
    assert ((base["hierarchy"].dropna() > -1e-12) & (base["hierarchy"].dropna() < 1)).all()


def test_contacts_without_key_and_fallback():
    # no alter_key: alter_id identifies the contact; a row with neither is a contact of its
    # own (two such rows are two contacts), tied to no other
    ties = pd.DataFrame({"respondent_id": ["a"] * 5, "alter_key": ["x", None, None, None, "x"],
                         "alter_id": [None, "R1", None, None, None]})
    at = pd.DataFrame({"respondent_id": ["a"], "alter_a": ["x"], "alter_b": ["R1"]})
    m = structural_holes(ties, at).loc["a"]
    # n = 4 (x, R1, two unkeyed), t = 1: effective size 4 - 2/4
    assert m["n_alters"] == 4 and m["effective_size"] == pytest.approx(3.5)
    only_key = structural_holes(ties, pd.DataFrame(columns=at.columns), fallback_key=None)
    assert only_key.loc["a", "n_alters"] == 5 - 1  # x once, R1's row and the two unkeyed


def test_missing_strength_makes_only_that_egos_weighted_measures_nan():
    ties = pd.DataFrame({"respondent_id": ["a", "a", "b", "b"], "alter_key": ["x", "y"] * 2,
                         "f": [1.0, np.nan, 2.0, 3.0]})
    at = pd.DataFrame({"respondent_id": ["a", "b"], "alter_a": ["x", "x"],
                       "alter_b": ["y", "y"]})
    m = structural_holes(ties, at, weight="f")
    assert m.loc["a", list(WEIGHTED)].isna().all() and m.loc["a", "constraint"] > 0
    assert m.loc["b", list(WEIGHTED)].notna().all()


@pytest.mark.parametrize(("ties", "alter_ties", "message"), [
    ({"respondent_id": ["a"], "alter_key": ["x"]},
     {"respondent_id": ["a"], "alter_a": ["x"], "alter_b": ["secret-z"]},
     "1 row.*does not name"),
    ({"respondent_id": ["a", "a"], "alter_key": ["x", "y"]},
     {"respondent_id": ["a"], "alter_a": ["x"], "alter_b": ["x"]}, "to itself"),
    ({"respondent_id": ["a"], "alter_key": ["x"]},
     {"respondent_id": ["secret-b"], "alter_a": ["x"], "alter_b": ["x"]}, "outside the egos"),
    ({"respondent_id": ["a", "a"], "alter_key": ["x", "y"], "w": [1, 0]},
     {"respondent_id": [], "alter_a": [], "alter_b": []}, "not a positive"),
])
def test_refuses_inconsistent_tables_without_showing_ids(ties, alter_ties, message):
    with pytest.raises(ValueError, match=message) as err:
        structural_holes(pd.DataFrame(ties), pd.DataFrame(alter_ties),
                         weight="w" if "w" in ties else None)
    assert "secret" not in str(err.value)


# --- ego_measures ---------------------------------------------------------------------------

def test_ego_measures_adds_the_columns_and_changes_nothing_else():
    ties, alter_ties = random_survey(5, n_egos=80)
    ties = ties.assign(alter_region="X", alter_institution="school")
    # contacts with an alter_id are respondents too (brokerage needs them in the table)
    ids = [f"E{e}" for e in range(85)] + sorted(ties["alter_id"].dropna().unique())
    respondents = pd.DataFrame({"respondent_id": ids, "region": "X"})
    before = ego_measures(ties, respondents)
    assert not set(MEASURES) & set(before.columns)
    after = ego_measures(ties, respondents, alter_ties=alter_ties)
    pd.testing.assert_frame_equal(after[before.columns], before)
    expected = structural_holes(ties, alter_ties, egos=respondents["respondent_id"],
                                weight="frequency_score", alter_weight="weight")
    added = [c for c in after.columns if c not in before.columns]
    assert added == list(expected.columns)
    pd.testing.assert_frame_equal(after.set_index("respondent_id")[added], expected)
    # respondents E80..E84 name nobody: NaN
    assert after.set_index("respondent_id").loc["E84", list(MEASURES)].isna().all()
    # without strength columns there are no weighted variants
    plain = ego_measures(ties.drop(columns="frequency_score"), respondents,
                         alter_ties=alter_ties.drop(columns="weight"))
    assert not set(WEIGHTED) & set(plain.columns)
