"""The IDoS / LINKS comparison tables and netlib.cases.idos.

Expected values are read from the seed documents (line numbers given), worked by hand, or
are cross-checks between tables that can fail (the coded bullets must rebuild Tableau 3).
"""

import math
import shutil

import networkx as nx
import pandas as pd
import pytest

from netlib import DataError, load
from netlib.cases import idos as peers
from netlib.cases.tables import FAMILIES, NETWORK_TYPES, PEER_IDS
from netlib.data.paths import RAW
from netlib.sna import two_mode
from netlib.sna.typology import structure_type


@pytest.fixture(scope="module")
def t():
    return peers.load_comparison()


# --------------------------------------------------------------------------- data
def test_tables_load_with_no_rejected_rows(t):
    assert all(len(df.attrs["rejected"]) == 0 for df in t.values())


def test_bullets_per_example_as_counted_in_tableau_3(t):
    # seed 000, Tableau 3: bullets at lines 1458-1470 (4), 1490-1502 (7), 1532-1549 (6),
    # 1567-1587 (6), 1597-1606 (2), 1628-1639 (4), 1657-1669 (4)
    got = t["idos_success_factors"].groupby("example_id").size().to_dict()
    assert got == {"kinder_forschen_netzwerk": 4, "siemens_stemplus": 7, "smithsonian_laser": 6,
                   "luma_network": 6, "lamap_mpls": 2, "oce_alec": 4, "idos_peer_network": 4}


def test_coded_bullets_rebuild_each_tableau_3_cell_exactly(t):
    nets = t["idos_peer_networks"].set_index("example_id")
    sf = t["idos_success_factors"].sort_values(["example_id", "item"])
    for ex, g in sf.groupby("example_id"):
        assert list(g["item"]) == list(range(1, len(g) + 1))
        assert "• " + " • ".join(g["text_fr"]) == nets.loc[ex, "success_factors_fr"]
        assert "• " + " • ".join(g["text_en"]) == nets.loc[ex, "success_factors_en"]


def test_every_code_is_argued_and_the_alternative_differs(t):
    sf = t["idos_success_factors"]
    assert set(sf["family"]) == set(FAMILIES)  # every family of Figure 2 is used
    alt = sf.dropna(subset=["family_alt"])
    assert (alt["family_alt"] != alt["family"]).all()
    for why in sf["rationale"]:
        cited = [int(x) for x in pd.Series(why).str.findall(r"\b(\d{3,4})\b")[0]]
        assert cited and all(1 <= n <= 1675 for n in cited), why  # cites seed 000 lines


def test_families_in_the_order_of_the_text(t):
    fam = t["idos_success_families"].sort_values("number")
    assert list(fam["family"]) == list(FAMILIES)
    # the Part II section headings, lines 794 / 935 / 1020 / 1112 / 1242
    assert list(fam["section_lines"]) == ["794-794", "935-935", "1020-1020", "1112-1112",
                                          "1242-1242"]


def test_links_governance_not_stated_is_absent_not_invented(t):
    gov = t["links_governance"]
    aspects = gov.groupby("network_id")["aspect"].apply(set).to_dict()
    # seed 001 says nothing on NEP's ministry or university ties, nor on STEM Learning's
    # ministry; the four others name the ministry (or its rectorats) and universities
    assert "ministry" not in aspects["nep"] and "university" not in aspects["nep"]
    assert "ministry" not in aspects["stem_learning"]
    for net in ("maisons_pour_la_science", "anisn", "luma", "imst"):
        assert {"ministry", "university"} <= aspects[net], net


def test_stylised_spec_is_marked_constructed_and_cites_evidence(t):
    spec = t["idos_stylised_networks"]
    assert (spec["synthetic"] == "constructed").all()
    assert set(spec["example_id"]) == set(t["idos_peer_networks"]["example_id"])
    laser = spec.set_index("example_id").loc["smithsonian_laser"]
    assert laser["units_basis"] == "illustrative"  # no number of LASER hubs is stated


def test_broken_reference_names_file_line_column_value(t, tmp_path):
    bad = dict(t)
    path = tmp_path / "idos_stylised_networks.csv"
    shutil.copy(RAW / "idos_stylised_networks.csv", path)
    text = path.read_text(encoding="utf-8").replace(",ev06,", ",ev99,", 1)
    path.write_text(text, encoding="utf-8")
    bad["idos_stylised_networks"] = peers.load_stylised_networks(path)
    with pytest.raises(DataError) as e:
        peers.check_references(bad)
    msg = str(e.value)
    assert path.name in msg and "line 3" in msg and "column 'centre_evidence'" in msg
    assert "ev99" in msg and "ev01" in msg  # the bad value and what was expected


def test_unknown_family_is_refused_with_the_allowed_list(tmp_path):
    path = tmp_path / "factors.csv"
    text = (RAW / "idos_success_factors.csv").read_text(encoding="utf-8")
    path.write_text(text.replace(",meal,,", ",evaluation,,", 1), encoding="utf-8")  # a family, no alt
    with pytest.raises(DataError) as e:
        peers.load_success_factors(path)
    msg = str(e.value)
    assert path.name in msg and "column 'family'" in msg and "evaluation" in msg
    assert "strategy_management" in msg


# --------------------------------------------------------------------------- derived tables
def test_scale_facts_keep_their_bounds():
    s = peers.scale_table().set_index("fact_id")
    # "plus de 200 partenaires" (seed 000 l. 518): lower 200, exclusive, no upper
    kf = s.loc["f000-009"]
    assert kf["network_id"] == "kinder_forschen_netzwerk" and kf["lower"] == 200
    assert not kf["lower_inclusive"] and pd.isna(kf["upper"])
    # STEMplus: from four to more than 40 territories in three years (l. 871-873)
    st = s[s["network_id"] == "siemens_stemplus"].set_index("quantity")
    assert st.loc["territories_at_start", "value"] == 4
    assert st.loc["territories_after_growth_period", "qualifier"] == "more_than"
    assert st.loc["growth_period_years", "value"] == 3
    # Maisons: "première demi-douzaine" (about 6) and "a triplé" (l. 965-968)
    mp = s[s["network_id"] == "lamap_mpls"].set_index("quantity")
    assert mp.loc["initial_centres", "qualifier"] == "about"
    assert mp.loc["network_size_growth_factor", "value"] == 3
    # no size is stated for the Smithsonian's LASER network nor for NEP
    assert not {"smithsonian_laser", "nep"} & set(s["network_id"])
    heads = s[s["headline"]].groupby("network_id").size()
    assert (heads == 1).all()


def test_network_type_engagement():
    e = peers.network_type_engagement()
    assert len(e) == 6 * 5 and set(e["peer_id"]) == set(PEER_IDS)
    assert (e.groupby("peer_id")["network_type"].apply(set) == set(NETWORK_TYPES)).all()
    primary = e[e["level"] == "primary"].groupby("peer_id")["network_type"].apply(set)
    assert primary["oce"] == {"scaling", "action"}  # Tableau 3, the only peer with two
    assert primary["siemens_stiftung"] == {"resilience"}
    assert (e.loc[e["level"] == "some_degree", "lines"] == "1389-1393").all()


def test_processed_two_mode_counts_match_the_coding():
    c = load.load_processed("idos_factor_families")
    sf = peers.load_success_factors()
    B = peers.incidence(c, "primary")
    assert B.sum(axis=1).to_dict() == sf.groupby("example_id").size().to_dict()
    assert int(B.to_numpy().sum()) == 33
    alt = peers.incidence(c, "alternative")
    assert int(alt.to_numpy().sum()) == 33


# --------------------------------------------------------------------------- two-mode analysis
def test_projection_and_cosine_by_hand():
    B = pd.DataFrame([[1, 1, 0], [2, 1, 1], [0, 0, 3]], index=["p", "q", "r"],
                     columns=["f1", "f2", "f3"])
    P = two_mode.projection(B)
    assert P.loc["p", "q"] == 2 and P.loc["q", "r"] == 1 and P.loc["p", "r"] == 0
    assert P.loc["q", "q"] == 3  # q cites three families
    F = two_mode.projection(B, mode="columns")
    assert F.loc["f1", "f2"] == 2 and F.loc["f3", "f3"] == 2
    S = two_mode.cosine_similarity(B)
    assert S.loc["p", "q"] == pytest.approx(3 / (math.sqrt(2) * math.sqrt(6)))
    assert S.loc["p", "r"] == 0 and S.loc["r", "r"] == pytest.approx(1)


def test_clustering_separates_two_obvious_groups_and_is_deterministic():
    B = pd.DataFrame([[5, 1, 0], [4, 1, 0], [0, 1, 5], [0, 0, 4]], index=list("abcd"),
                     columns=["x", "y", "z"])
    cl = peers.cluster_peers(B, k=2)
    assert cl.clusters["a"] == cl.clusters["b"] != cl.clusters["c"] == cl.clusters["d"]
    assert cl.order == peers.cluster_peers(B, k=2).order
    assert cl.cophenetic > 0.9


def test_jackknife_reports_stability():
    sf = peers.load_success_factors()
    j = peers.jackknife_partitions(sf, k=2)
    assert len(j) == 33 and j["same_as_full"].dtype == bool
    assert j.attrs["full"].count("|") == 1


# --------------------------------------------------------------------------- stylised networks
@pytest.mark.parametrize("units, centre, ties, members, nodes, edges", [
    (5, True, "none", 0, 6, 5),  # a star
    (5, False, "all", 0, 5, 10),  # K5
    (5, True, "ring", 2, 16, 5 + 5 + 10),
    (4, True, "all", 3, 17, 4 + 6 + 12),
])
def test_stylised_network_sizes_by_formula(units, centre, ties, members, nodes, edges):
    G = peers.stylised_network(units, centre=centre, unit_ties=ties, members_per_unit=members)
    assert (G.number_of_nodes(), G.number_of_edges()) == (nodes, edges)
    roles = nx.get_node_attributes(G, "role")
    assert sum(r == "unit" for r in roles.values()) == units
    assert sum(r == "member" for r in roles.values()) == units * members


def test_stylised_types_of_the_argued_readings():
    spec = peers.load_stylised_networks().set_index("example_id", drop=False)
    # Kinder forschen as described: a foundation tied to 200 partners, no partner ties: a
    # star, so type A (Freeman C_D = 1)
    kf = peers.stylised_from_spec(spec.loc["kinder_forschen_netzwerk"], local_networks=False)
    assert structure_type(kf).code == "A"
    # LUMA: 13 centres all tied to each other plus the central office: the complete graph
    # K14, fully redundant with no hub: type C
    luma = peers.stylised_from_spec(spec.loc["luma_network"], local_networks=False)
    assert luma.number_of_edges() == 14 * 13 // 2 and structure_type(luma).code == "C"
    # giving every unit its own local members turns units into hubs of stars: type B
    for ex in spec.index:
        G = peers.stylised_from_spec(spec.loc[ex], units=min(int(spec.loc[ex, "units"]), 40))
        assert structure_type(G).code == "B", ex


def test_stylised_override_is_checked():
    row = peers.load_stylised_networks().iloc[0]
    with pytest.raises(TypeError):
        peers.stylised_from_spec(row, hubs=3)
    with pytest.raises(ValueError):
        peers.stylised_network(3, centre=True, unit_ties="mesh")
