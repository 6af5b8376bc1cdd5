"""The seven IMST findings: they hold on the shipped survey, across generator seeds, and
the checks fail when the data contradict them."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from netlib import load
from netlib.cases.imst import analysis as imst
from netlib.cases.imst.generator import write_imst_survey
from netlib.cases.imst.survey import load_imst_survey


@pytest.fixture(scope="module")
def survey():
    return load_imst_survey()


def test_all_findings_hold_on_the_shipped_survey(survey):
    claims = imst.check_findings(survey, load.load_imst_findings(), load.load_facts(),
                                 permutations=500)
    assert list(claims["finding"]) == [1, 2, 3, 4, 5, 6, 7]
    assert claims["holds"].all(), claims[["finding", "value"]]
    # every claim carries its source sentence from the brochure
    assert claims["source_fr"].str.len().gt(20).all()
    assert "Styrie" in claims.loc[6, "source_fr"] and "8 %" in claims.loc[1, "source_fr"]


def test_findings_hold_for_most_seeds(tmp_path):
    # make bench runs 100 seeds (>= 95 required); here a quick sample of 10
    held = 0
    for seed in range(10):
        d = tmp_path / str(seed)
        write_imst_survey(d, seed)
        held += bool(imst.check_findings(load_imst_survey(d), permutations=200)["holds"].all())
    assert held >= 9


def _without(mask):
    """A copy of the survey with some ties removed (the checks must notice)."""
    s = load_imst_survey()
    s.ties = s.ties[~mask(s.ties)].reset_index(drop=True)
    return s


def test_finding_7_fails_without_styrian_companies():
    s = _without(lambda t: (t["ego_region"] == "Steiermark")
                 & (t["alter_institution"] == "company"))
    claims = imst.check_findings(s, permutations=200).set_index("finding")
    assert not claims.loc[7, "holds"] and claims.loc[1:6, "holds"].all()


def test_finding_6_fails_without_informal_sites_in_carinthia():
    s = _without(lambda t: (t["ego_region"] == "Kärnten")
                 & (t["alter_institution"] == "informal_learning_site"))
    assert not imst.check_findings(s, permutations=200).set_index("finding").loc[6, "holds"]


def test_finding_3_fails_when_regions_are_shuffled():
    s = load_imst_survey()
    rng = np.random.default_rng(0)
    s.respondents["region"] = rng.permutation(s.respondents["region"].to_numpy())
    ei = imst.region_ei(s, permutations=500)
    assert ei.p_value > 0.05 or ei.ei > ei.expected


def test_mixing_matrix_counts_every_tie_once(survey):
    mix = imst.mixing_matrix(survey)
    assert mix.to_numpy().sum() == pytest.approx(len(survey.ties))
    ranking = imst.dyad_ranking(mix)
    assert ranking["ties"].sum() == pytest.approx(len(survey.ties))
    classes = imst.dyad_classes(mix)
    assert classes["share"].sum() == pytest.approx(1.0)
    assert list(classes["rank"]) == list(range(1, len(classes) + 1))


def test_poisson_rate_ratio_equals_ratio_of_pooled_rates(survey):
    # with one binary covariate and an offset, the Poisson MLE of exp(b1) is the ratio of
    # pooled rates (sum y / sum n) — an independent closed form
    c = imst.regional_contrast(survey, "informal_learning_site", ("Kärnten", "Wien"))
    r = c.rates
    inside = r.loc[["Kärnten", "Wien"]]
    outside = r.drop(index=["Kärnten", "Wien"])
    closed = (inside["contacts"].sum() / inside["all_contacts"].sum()) / (
        outside["contacts"].sum() / outside["all_contacts"].sum())
    if c.model.startswith("Poisson"):
        assert c.rate_ratio == pytest.approx(closed, rel=1e-6)
    assert c.ci_low < c.rate_ratio < c.ci_high
    assert sm.__version__  # statsmodels fitted the model


def test_multi_affiliation_matches_institution_lists(survey):
    ma = imst.multi_affiliation(survey)
    counts = survey.respondents["institutions"].str.split(";").map(len).value_counts()
    assert ma.set_index("institutions")["respondents"].to_dict() == {
        k: int(counts.get(k, 0)) for k in (1, 2, 3)}
    assert ma["share"].sum() == pytest.approx(1.0)


def test_reach_graph_has_respondents_and_institution_nodes(survey):
    G = imst.reach_graph(survey)
    kinds = pd.Series(dict(G.nodes(data="kind")))
    assert (kinds == "respondent").sum() == len(survey.respondents)
    inst = kinds[kinds == "institution"].index
    assert sum(G.nodes[v]["contacts"] for v in inst) == int(
        (~survey.ties["alter_is_respondent"]).sum())


def test_export_is_readable_and_pseudonymised(tmp_path, survey):
    import networkx as nx

    gexf, graphml = imst.export_network(survey, tmp_path)
    G1, G2 = nx.read_gexf(gexf), nx.read_graphml(graphml)
    G = imst.reach_graph(survey)
    assert G1.number_of_nodes() == G2.number_of_nodes() == G.number_of_nodes()
    assert G1.number_of_edges() == G2.number_of_edges() == G.number_of_edges()
    text = gexf.read_text(encoding="utf-8") + graphml.read_text(encoding="utf-8")
    assert "syn-0" not in text and "R-" in text


def test_a_computed_e_i_test_is_reused_not_repeated(survey, monkeypatch):
    ei = imst.region_ei(survey, permutations=300, seed=0)
    direct = imst.check_findings(survey, permutations=300)
    monkeypatch.setattr(imst, "region_ei", lambda *a, **k: pytest.fail("test repeated"))
    reused = imst.check_findings(survey, ei=ei)
    pd.testing.assert_frame_equal(reused, direct)  # same seed, same draws: same table


def test_the_view_is_chosen_by_size_and_can_be_forced(survey, monkeypatch):
    assert imst.figure9_view(survey) == "full"
    assert imst.figure9_view(survey, "aggregate") == "aggregate"
    assert "aggregated" not in imst.figure9_caption(survey)
    monkeypatch.setattr(imst, "FIGURE9_FULL_LIMIT", len(survey.respondents) - 1)
    assert imst.figure9_view(survey) == "aggregate" and imst.figure9_view(survey, "full") == "full"
    assert "aggregated: respondents grouped by state × primary institution" in (
        imst.figure9_caption(survey))
    with pytest.raises(ValueError):
        imst.figure9_view(survey, "everything")


def test_the_aggregated_graph_keeps_the_institution_totals(survey):
    # institution nodes and their contacts are those of the full reach graph (computed from
    # the respondent-level graph), only the respondents are grouped
    full = imst.reach_graph(survey)
    agg = imst.aggregated_reach_graph(survey, threshold=1)  # nothing withheld
    inst = {v: d["contacts"] for v, d in full.nodes(data=True) if d["kind"] == "institution"}
    assert {v: d["contacts"] for v, d in agg.nodes(data=True)
            if d["kind"] == "institution"} == inst
    groups = [d for _, d in agg.nodes(data=True) if d["kind"] == "respondent"]
    assert sum(d["respondents"] for d in groups) == len(survey.respondents)
    first = survey.respondents["institutions"].str.split(";").str[0]
    assert len(groups) == len(set(zip(survey.respondents["region"], first, strict=True)))


def test_the_aggregated_export_has_no_small_count_and_a_size_note(tmp_path, survey):
    import networkx as nx

    gexf, graphml = imst.export_network(survey, tmp_path, view="aggregate")
    for G in (nx.read_gexf(gexf), nx.read_graphml(graphml)):
        for _, d in G.nodes(data=True):
            for key in ("contacts", "respondents"):
                assert d.get(key, "") == "" or float(d[key]) >= 5
        for _, _, d in G.edges(data=True):
            assert "contacts" not in d or float(d["contacts"]) >= 5
    text = graphml.read_text(encoding="utf-8")
    assert "Size note: aggregated" in text and "syn-0" not in text


def test_region_ei_from_the_tie_table_equals_ei_on_the_respondent_graph(tmp_path):
    from netlib.sna.ei import ei_index

    write_imst_survey(tmp_path, 3)
    s = load_imst_survey(tmp_path)
    direct = imst.region_ei(s, permutations=300, seed=2)
    via_graph = ei_index(imst.respondent_graph(s), "region", permutations=300, seed=2)
    assert (direct.ei, direct.p_value, direct.external) == (
        via_graph.ei, via_graph.p_value, via_graph.external)
    pd.testing.assert_frame_equal(direct.by_group, via_graph.by_group)


def test_pooled_classes_compared_with_like_sized_random_sets(survey):
    mix = imst.mixing_matrix(survey)
    classes = imst.dyad_classes(mix).set_index("class")
    types = list(mix.index)
    # class sizes by hand: four school types with the working group; the target groups are
    # five types, so 5 * 6 / 2 = 15 unordered pairs (self-pairs included)
    assert classes.loc[imst.WG_SCHOOL, "pairs"] == 4
    assert classes.loc[imst.AMONG_TARGETS, "pairs"] == 15
    assert sum(imst._class_sizes(types).values()) == len(types) * (len(types) + 1) // 2
    null = imst.pooled_class_null(mix, draws=2000, seed=1).set_index("class")
    # independent check of the null mean: k pairs drawn without replacement have expected
    # total k * (mean of all pair totals)
    pair_mean = mix.to_numpy().sum() / (len(types) * (len(types) + 1) / 2)
    for cls in (imst.WG_SCHOOL, imst.AMONG_TARGETS):
        k = null.loc[cls, "pairs"]
        assert null.loc[cls, "null mean"] == pytest.approx(k * pair_mean, rel=0.05)
        assert 1 / 2001 <= null.loc[cls, "p"] <= 1
