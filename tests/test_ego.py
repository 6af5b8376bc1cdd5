"""Ego measures: hand-worked examples, and agreement with the loop-based networkx
reference implementations of tests.reference (independent code)."""

import numpy as np
import pandas as pd
import pytest

from netlib.cases.imst.contract import INSTITUTION_TYPES
from netlib.cases.imst.survey import load_imst_survey
from netlib.sna.ego import (
    BROKERAGE_ROLES,
    blau,
    brokerage,
    brokerage_undirected,
    ego_measures,
    iqv,
)
from tests.reference import brokerage_loop, directed_graph, ego_loop


def test_blau_and_iqv_by_hand():
    p = np.array([[0.5, 0.5, 0.0], [1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]])
    assert blau(p) == pytest.approx([0.5, 0.0, 2 / 3])
    # IQV = Blau / (1 - 1/K): with K = 3 the uniform row reaches 1
    assert iqv(p, 3) == pytest.approx([0.75, 0.0, 1.0])
    # K is the vocabulary size: the same shares with K = 12 give a smaller IQV
    assert iqv(p[:1], 12)[0] == pytest.approx(0.5 / (11 / 12))


def test_ego_measures_by_hand():
    respondents = pd.DataFrame({"respondent_id": ["a", "b", "c"], "region": ["X", "X", "Y"]})
    ties = pd.DataFrame({
        "respondent_id": ["a", "a", "a", "a", "b"],
        "alter_id": ["b", "c", None, None, "a"],
        "alter_region": ["X", "Y", "X", "Z", "X"],
        "alter_institution": ["school", "school", "company", "school", "school"],
    })
    m = ego_measures(ties, respondents, categories=["school", "company"]).set_index(
        "respondent_id")
    assert m.loc["a", "size"] == 4 and m.loc["c", "size"] == 0
    # a: internal (region X) 2, external 2 -> E-I 0; b: 1 internal -> -1
    assert m.loc["a", "ego_EI"] == 0 and m.loc["b", "ego_EI"] == -1
    # a: 3 schools, 1 company -> Blau 1 - (9/16 + 1/16) = 6/16; IQV with K = 2: 0.75
    assert m.loc["a", "blau"] == pytest.approx(6 / 16)
    assert m.loc["a", "iqv"] == pytest.approx(0.75)
    assert m.loc["a", "share_company"] == pytest.approx(0.25)
    assert np.isnan(m.loc["c", "ego_EI"]) and np.isnan(m.loc["c", "blau"])


def test_gould_fernandez_roles_by_hand():
    # groups: a,b in G1; c,d in G2; e in G3
    group = pd.Series({"a": 1, "b": 1, "c": 2, "d": 2, "e": 3})
    edges = pd.DataFrame({"respondent_id": ["a", "b", "c", "a", "e"],
                          "alter_id": ["b", "c", "d", "c", "b"]})
    r = brokerage(edges, group)
    # b brokers a->b->c: a,b same group, c outside -> representative
    #          e->b->c: all different              -> liaison
    # c brokers b->c->d: c,d same group, b outside  -> gatekeeper
    #          a->c->d: also gatekeeper (a outside)
    # a->b->c is closed? a->c exists, so it is NOT a brokerage two-path
    assert r.loc["b"].to_dict() == {"coordinator": 0, "itinerant": 0, "representative": 0,
                                    "gatekeeper": 0, "liaison": 1, "total": 1}
    assert r.loc["c", "gatekeeper"] == 2 and r.loc["c", "total"] == 2
    assert r.loc[["a", "d", "e"], "total"].sum() == 0


def test_vectorised_ego_measures_match_networkx_on_the_survey():
    s = load_imst_survey()
    fast = ego_measures(s.ties, s.respondents, categories=INSTITUTION_TYPES).set_index(
        "respondent_id")
    slow = ego_loop(s.ties, s.respondents, list(INSTITUTION_TYPES))
    for col in ("size", "ego_EI", "blau"):
        assert np.allclose(fast.loc[slow.index, col], slow[col])
    among = s.ties[s.ties["alter_is_respondent"]]
    group = s.respondents.set_index("respondent_id")["region"]
    ref = brokerage_loop(directed_graph(among, list(group.index)), group)
    got = brokerage(among, group)
    pd.testing.assert_frame_equal(got[list(BROKERAGE_ROLES)].sort_index(),
                                  ref[list(BROKERAGE_ROLES)].sort_index(), check_dtype=False)
    # regions are groups: in a survey where most ties stay in the state, coordinators dominate
    assert got["coordinator"].sum() > got[["itinerant", "gatekeeper", "liaison"]].sum().sum()


def test_unknown_ego_is_an_error():
    respondents = pd.DataFrame({"respondent_id": ["a"], "region": ["X"]})
    ties = pd.DataFrame({"respondent_id": ["z"], "alter_id": [None], "alter_region": ["X"],
                         "alter_institution": ["school"]})
    with pytest.raises(ValueError, match="not in the respondents table"):
        ego_measures(ties, respondents)


# Reference values from R 4.2.2, sna 2.7.1 (Debian bookworm r-cran-sna), computed once with
#   library(sna)
#   el <- rbind(c(1,2), c(2,3), c(1,2), c(2,3))        # a->b, b->c, each listed twice
#   m <- matrix(0, 3, 3); for (k in seq_len(nrow(el))) m[el[k,1], el[k,2]] <- 1
#   brokerage(m, c(1,2,3))$raw.nli
# and, for the 8-node case below,
#   g <- c(1,1,1,2,2,2,3,3)
#   el2 <- rbind(c(1,2),c(2,3),c(1,4),c(4,5),c(5,6),c(4,7),c(7,8),c(8,1),c(2,7),c(3,5),
#                c(6,2),c(5,1),c(1,2),c(4,5),c(4,5),c(7,8),c(2,7),c(6,2))
#   m2 <- matrix(0, 8, 8); for (k in seq_len(nrow(el2))) m2[el2[k,1], el2[k,2]] <- 1
#   brokerage(m2, g)$raw.nli
# sna's columns w_I, w_O, b_IO, b_OI, b_O are coordinator, itinerant, representative,
# gatekeeper, liaison (checked in R on a->b->c with groups (1,1,2): b_IO; (1,2,2): b_OI).
SNA_THREE = [[0, 0, 0, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]]
SNA_EIGHT = [[0, 1, 0, 2, 1], [1, 0, 1, 1, 1], [0, 0, 1, 0, 0], [0, 0, 0, 1, 1],
             [1, 1, 1, 1, 0], [0, 0, 1, 0, 0], [0, 0, 0, 2, 0], [0, 0, 1, 0, 0]]
EIGHT_TIES = [(1, 2), (2, 3), (1, 4), (4, 5), (5, 6), (4, 7), (7, 8), (8, 1), (2, 7), (3, 5),
              (6, 2), (5, 1), (1, 2), (4, 5), (4, 5), (7, 8), (2, 7), (6, 2)]


def test_a_tie_listed_twice_counts_once_as_in_sna():
    group = pd.Series({"a": 1, "b": 2, "c": 3})
    edges = pd.DataFrame({"respondent_id": ["a", "b", "a", "b"],
                          "alter_id": ["b", "c", "b", "c"]})
    r = brokerage(edges, group)
    assert r[list(BROKERAGE_ROLES)].to_numpy().tolist() == SNA_THREE
    assert r.loc["b", "liaison"] == 1 and r.loc["b", "total"] == 1


def test_duplicated_ties_match_sna_and_the_networkx_oracle():
    group = pd.Series(dict(zip(range(1, 9), [1, 1, 1, 2, 2, 2, 3, 3], strict=True)))
    edges = pd.DataFrame(EIGHT_TIES, columns=["respondent_id", "alter_id"])
    assert edges.duplicated().sum() == 6
    got = brokerage(edges, group)
    assert got[list(BROKERAGE_ROLES)].to_numpy().tolist() == SNA_EIGHT
    assert got["total"].tolist() == [sum(row) for row in SNA_EIGHT]
    ref = brokerage_loop(directed_graph(edges, list(group.index)), group)
    pd.testing.assert_frame_equal(got[list(BROKERAGE_ROLES)], ref[list(BROKERAGE_ROLES)],
                                  check_dtype=False)
    # listing every tie once gives the same counts
    once = brokerage(edges.drop_duplicates(), group)
    pd.testing.assert_frame_equal(got, once)


def test_undirected_brokerage_on_a_hand_counted_star():
    # Hand count. Broker b (group X) tied to leaves a1, a2 (X), c1, c3 (Y), c2 (Z); no tie
    # among the leaves, so all C(5, 2) = 10 leaf pairs are open triads centred on b:
    #   {a1, a2}: X-X-X -> coordinator 1
    #   {c1, c3}: Y-X-Y -> consultant 1
    #   {a_i, c_j}, i in 1..2, j in 1..3: b shares X with one end -> representative/gatekeeper 6
    #   {c1, c2}, {c3, c2}: Y-X-Z -> liaison 2
    group = pd.Series({"b": "X", "a1": "X", "a2": "X", "c1": "Y", "c3": "Y", "c2": "Z"})
    edges = pd.DataFrame({"source": ["b", "a2", "b", "c3", "b", "b"],
                          "target": ["a1", "b", "c1", "b", "c2", "c2"]})  # both orientations, a duplicate
    got = brokerage_undirected(edges, group)
    assert got.loc["b"].tolist() == [1, 1, 6, 2, 10]
    assert (got.drop(index="b")["total"] == 0).all()
    # closing a1 - c1 removes exactly that representative/gatekeeper triad
    closed = brokerage_undirected(pd.concat([edges, pd.DataFrame({"source": ["a1"],
                                                                  "target": ["c1"]})]), group)
    assert closed.loc["b"].tolist() == [1, 1, 5, 2, 9]
    # a1 now brokers c1 - b? no: b - c1 is a tie, so a1 brokers nothing
    assert closed.loc["a1", "total"] == 0
