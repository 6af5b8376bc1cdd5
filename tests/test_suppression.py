"""Primary and complementary cell suppression (netlib.privacy.protect): every small count is
withheld, zeros are shown, and no withheld value can be recovered from what is published —
checked here independently of the library's own audit, by the rank of the published
equations and by linear programming (the attacker's tightest bounds under x >= 0)."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from netlib import privacy
from netlib.cases.imst import analysis as imst
from netlib.cases.imst.survey import load_imst_survey
from netlib.privacy import SUPPRESSED, protect, publish_counts


def determined_by_rank(F, published, g):
    """Item g follows from the published items iff adding its form does not raise the rank
    (the unit vector / form lies in the row space of the published equations)."""
    P = F[published]
    if not len(P):
        return False
    return np.linalg.matrix_rank(np.vstack([P, F[g]])) == np.linalg.matrix_rank(P)


def lp_interval(F, values, published, g):
    """Smallest and largest value of item g over all x >= 0 agreeing with what is shown."""
    A, b = F[published], values[published]
    lo = linprog(F[g], A_eq=A, b_eq=b, bounds=(0, None), method="highs")
    hi = linprog(-F[g], A_eq=A, b_eq=b, bounds=(0, None), method="highs")
    assert lo.status == 0 and hi.status == 0
    return lo.fun, -hi.fun


def audit(d, lp=True):
    F, v = np.asarray(d.forms), np.asarray(d.values)
    withheld = d.withheld
    published = ~withheld
    for g in np.flatnonzero(withheld):
        assert not determined_by_rank(F, published, g), d.names[g]
        if lp:
            lo, hi = lp_interval(F, v, published, g)
            assert hi - lo > 1e-6, (d.names[g], lo, hi)
    # every primary item is withheld, zeros never are primary
    small = (v > 0) & (v < d.threshold)
    known = np.zeros(len(v), dtype=bool)
    return small, known


def test_primary_cells_are_withheld_and_zeros_stay():
    t = pd.DataFrame({"n": [0, 1, 4, 5, 12]}, index=list("abcde"))
    d = protect(t)
    assert d.cells["n"].tolist() == [False, True, True, False, False]
    assert d.primary["n"].tolist() == [False, True, True, False, False]
    shown = privacy.suppress(t, d.cells)
    assert shown["n"].tolist() == [0, SUPPRESSED, SUPPRESSED, 5, 12]


def test_a_lone_small_cell_in_a_row_with_a_published_total_gets_a_partner():
    t = pd.DataFrame([[2, 9, 30], [11, 14, 0], [7, 8, 6]], columns=list("xyz"),
                     index=list("abc"))
    d = protect(t, margins="rows")
    # row a: 2 is primary; 9 (the smallest non-zero other cell) is the complement
    assert d.cells.loc["a"].tolist() == [True, True, False]
    assert not d.cells.loc[["b", "c"]].to_numpy().any()
    audit(d)


def test_the_rule_iterates_over_rows_and_columns_until_stable():
    t = pd.DataFrame([[2, 9, 30, 6], [11, 14, 7, 8], [7, 8, 6, 20], [9, 10, 12, 13]])
    d = protect(t, margins="both")
    hidden = d.cells.to_numpy()
    for line in list(hidden) + list(hidden.T):
        assert line.sum() != 1
    audit(d)


def test_mirror_cell_of_a_symmetric_table_is_protected():
    # the pair sum a↔b is published (as in a dyad table): a small cell's mirror must go too
    t = pd.DataFrame([[20, 3], [15, 30]], index=["a", "b"], columns=["a", "b"])
    d = protect(t, symmetric=True)
    assert d.cells.loc["a", "b"] and (d.cells.loc["b", "a"] or d.totals["pair: a ↔ b"])
    audit(d)


def test_class_total_minus_mirror_no_longer_recovers_a_cell():
    t = pd.DataFrame([[20, 3, 8], [15, 30, 6], [7, 9, 40]], index=list("abc"),
                     columns=list("abc"))
    groups = {"a-b": [("a", "b"), ("b", "a")], "pooled": [("a", "c"), ("c", "a"),
                                                         ("b", "c"), ("c", "b")]}
    d = protect(t, margins="both", groups=groups, known="total")
    assert d.cells.loc["a", "b"]
    audit(d)


def test_a_total_declared_known_is_never_withheld():
    t = pd.DataFrame({"respondents": [107, 10, 2]}, index=[1, 2, 3])
    d = protect(t, margins="columns", known="columns")
    assert d.cells["respondents"].tolist() == [False, True, True]
    assert not d.totals.any()
    audit(d)


@pytest.mark.parametrize("seed", range(12))
def test_random_tables_cannot_be_recovered(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(3, 7))
    x = rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 9, 14, 30], size=(k, k)).astype(float)
    labels = [f"t{i}" for i in range(k)]
    t = pd.DataFrame(x, index=labels, columns=labels)
    groups = {"pooled": [(labels[0], labels[1]), (labels[1], labels[0]),
                         (labels[1], labels[2]), (labels[2], labels[1])]}
    try:
        d = protect(t, margins="both", symmetric=bool(seed % 2), groups=groups,
                    known="total")
    except ValueError:  # the known grand total alone pins a cell: nothing to protect
        assert (t.to_numpy() > 0).sum() == 1
        return
    audit(d, lp=False)
    v = np.asarray(d.values)
    assert d.withheld[(v > 0) & (v < 5)].all()
    # LP bounds need the true point inside the positive orthant (complements are non-zero)
    if (np.asarray(d.values)[d.withheld] > 0).all():
        audit(d)


def laminar_table(rng: np.random.Generator, n: int):
    """Cells in nodes, nodes in types (the reach graph's shape), plus a class total inside
    a node and one covering part of a type: a laminar family with cells outside the
    sub-totals."""
    x = rng.choice([0, 1, 1, 2, 3, 4, 6, 9, 15], size=n).astype(float)
    t = pd.DataFrame({"c": x})
    node = rng.integers(0, max(2, n // 4), size=n)
    groups = {f"node {k}": [(i, "c") for i in np.flatnonzero(node == k)]
              for k in np.unique(node)}
    types = {f"type {k}": [(i, "c") for i in np.flatnonzero(node % 2 == k)]
             for k in np.unique(node % 2)}
    inner = [(i, "c") for i in np.flatnonzero(node == node[0])][:2]
    part = [(i, "c") for i in np.flatnonzero(node == node[0])]
    return t, {**groups, **types, "inner": inner, "part of type": part[:1] + inner}, types


@pytest.mark.parametrize("seed", range(15))
def test_laminar_systems_skip_the_audit_and_nothing_is_recoverable(seed):
    # the audit is skipped (audited False) only when the hierarchy argument applies; the
    # decision is then checked independently, by the rank of the published equations
    rng = np.random.default_rng(seed)
    t, groups, types = laminar_table(rng, int(rng.integers(6, 30)))
    groups = {k: v for k, v in groups.items() if v}
    d = protect(t, groups=groups, known=tuple(types))
    F = np.asarray(d.forms)
    supports = [set(np.flatnonzero(f)) for f in F[len(t):]]
    assert all(a <= b or b <= a or not a & b for a in supports for b in supports)
    if not d.audited:
        audit(d, lp=False)
    v = np.asarray(d.values)
    assert d.withheld[(v > 0) & (v < 5) & ~np.isin(d.names, list(types))].all()


def test_reach_graph_is_laminar_and_needs_no_audit(survey):
    d, _ = imst.reach_disclosure(imst.reach_graph(survey))
    assert not d.audited  # the shipped decision is unchanged (test_reach_graph_... below)


def test_a_system_that_is_not_laminar_is_audited():
    t = pd.DataFrame([[1.0, 6.0], [7.0, 8.0]], index=["a", "b"], columns=["a", "b"])
    assert protect(t, margins="both").audited


@pytest.fixture(scope="module")
def survey():
    return load_imst_survey()


@pytest.fixture(scope="module")
def mixing(survey):
    mix = imst.mixing_matrix(survey)
    return mix, imst.mixing_disclosure(mix)


def test_the_imst_mixing_decision_passes_the_independent_audit(mixing):
    mix, d = mixing
    small = ((mix > 0) & (mix < 5)).to_numpy()
    assert d.cells.to_numpy()[small].all()
    assert d.cells.to_numpy().sum() > small.sum()  # complementary cells were needed
    audit(d)


def test_published_mixing_table_and_classes_hold_no_small_count(mixing):
    mix, d = mixing
    table = imst.publish_mixing(mix, d).frame
    vals = [v for v in table.to_numpy().ravel() if v != SUPPRESSED]
    assert all(v == 0 or v >= 5 for v in vals)
    classes = imst.publish_dyad_classes(imst.dyad_classes(mix), d).frame
    hidden = classes["ties"] == SUPPRESSED
    assert (classes.loc[hidden, "share"] == SUPPRESSED).all()
    assert all(v >= 5 for v in classes.loc[~hidden, "ties"])


def test_mixing_heatmap_carries_no_suppressed_value(mixing):
    mix, d = mixing
    fig = imst.mixing_figure(mix, d)
    spec = json.loads(fig.to_json())
    trace = spec["data"][0]
    z = np.array(fig.data[0].z, dtype=object)
    assert all(v is None for v in z[d.cells.to_numpy()])
    shown = [v for v in z[~d.cells.to_numpy()]]
    assert all(v == 0 or v >= 4.5 for v in shown)
    assert trace["meta"]["netlib"] == "counts" and trace["meta"]["count_fields"] == ["z"]
    hover = np.array(fig.data[0].hovertext, dtype=object)
    assert all(SUPPRESSED in h for h in hover[d.cells.to_numpy()])


def test_publish_counts_withholds_derived_columns_and_marks_the_html():
    t = pd.DataFrame({"respondents": [107, 10, 2], "share": [0.9, 0.08, 0.02]},
                     index=[1, 2, 3])
    out = publish_counts(t, ["respondents"], derived={"share": "respondents"},
                         margins="columns", known="columns")
    assert out.frame["share"].tolist() == [0.9, SUPPRESSED, SUPPRESSED]
    html = out._repr_html_()
    assert 'class="dataframe netlib-counts"' in html and 'data-netlib-counts="[0]"' in html
    assert "[counts]" in repr(out)


def test_ei_by_state_withholds_the_index_of_a_row_with_a_withheld_count(survey):
    ei = imst.region_ei(survey, permutations=50)
    out = imst.publish_ei_by_group(ei).frame
    hidden = (out["external"] == SUPPRESSED) | (out["internal"] == SUPPRESSED)
    assert hidden.any() and (out.loc[hidden, "E-I"] == SUPPRESSED).all()


def test_a_state_below_the_threshold_is_not_tested(survey):
    ei = imst.region_ei(survey, permutations=50)
    by = ei.by_group.copy()
    by.loc[0, "members"] = 3
    small = type(ei)(**{**ei.__dict__, "by_group": by})
    out = imst.publish_ei_by_group(small).frame
    assert out.iloc[0]["p"] == imst.NOT_TESTED and out.iloc[0]["members"] == SUPPRESSED


def test_export_writes_no_small_count_and_says_so(tmp_path, survey):
    gexf, graphml = imst.export_network(survey, tmp_path)
    for G in (nx.read_gexf(gexf), nx.read_graphml(graphml)):
        for _, d in G.nodes(data=True):
            assert "contacts" not in d or float(d["contacts"]) >= 5
        n_hidden = 0
        for _, _, d in G.edges(data=True):
            if "contacts" in d:
                assert float(d["contacts"]) >= 5
            if "contacts" in str(d.get("suppressed", "")):
                assert "frequency_score" not in d
                n_hidden += 1
        assert n_hidden > 0
    assert "suppression" in gexf.read_text(encoding="utf-8").lower()
    assert "suppression" in graphml.read_text(encoding="utf-8").lower()


def test_reach_graph_decision_passes_the_audit(survey):
    # large system: one least-squares solve for all withheld forms at once (f is determined
    # iff P^T y = f has an exact solution, i.e. f lies in the row space of P)
    G = imst.reach_graph(survey)
    d, edges = imst.reach_disclosure(G)
    F, withheld = np.asarray(d.forms), d.withheld
    P = F[~withheld]
    y, *_ = np.linalg.lstsq(P.T, F[withheld].T, rcond=None)
    residual = np.abs(P.T @ y - F[withheld].T).max(axis=0)
    assert (residual > 1e-6).all()
    contacts = np.array([G.edges[e]["contacts"] for e in edges])
    assert d.cells["contacts"].to_numpy()[contacts < 5].all()
