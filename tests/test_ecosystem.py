"""The ecosystem tables and netlib.cases.ecosystem.

Expected values are read from the seeds (line numbers given) or computed independently of
netlib.cases.ecosystem (incidence product by hand, E/I counted pair by pair), not read back from
the code under test.
"""

import csv
import io
import itertools

import numpy as np
import pandas as pd
import pytest

from netlib import DataError, load
from netlib.cases import ecosystem
from netlib.data.paths import RAW
from netlib.sna import two_mode


@pytest.fixture(scope="module")
def tables():
    return load.load_ecosystem()


@pytest.fixture(scope="module")
def eco(tables):
    return ecosystem.build(tables["organisations"], tables["initiatives"], tables["memberships"])


def members(tables, initiative, role=None):
    m = tables["memberships"]
    m = m[m["initiative_id"] == initiative]
    if role is not None:
        m = m[m["role"] == role]
    return set(m["org_id"])


# --------------------------------------------------------------------------- what the seeds say
def test_idos_has_six_peers_and_two_initiators(tables):
    # seed 000 l. 24-26 "six membres identifiés comme les 'pairs IDoS'"; Tableau 1 l. 68-176;
    # l. 35 and 243-244 "A l'initiative de Stiftung Kinder forschen et de la Siemens Stiftung"
    assert members(tables, "idos", "peer") == {
        "kinder_forschen", "siemens_stiftung", "smithsonian_ssec", "luma", "lamap", "oce"}
    assert members(tables, "idos", "founder") == {"kinder_forschen", "siemens_stiftung"}


def test_links_five_examples_six_partner_organisations(tables):
    # seed 001 l. 141-145: five national examples; Austria is IMST *and* NEP (l. 364-367)
    assert members(tables, "links", "partner") == {
        "lamap", "anisn", "luma", "imst", "nep", "stem_learning"}
    assert members(tables, "links", "coordinator") == {"imst"}  # l. 111-114


def test_jntn_five_founding_companies(tables):
    # seed 004 l. 235-237 "cinq entreprises néerlandaises (Philips, Shell, AkzoNobel, Unilever, DSM)"
    assert members(tables, "jntn", "founder") == {"philips", "shell", "akzonobel", "unilever",
                                                   "dsm"}
    orgs = tables["organisations"].set_index("org_id")
    assert (orgs.loc[sorted(members(tables, "jntn", "founder")), "helix"] == "industry").all()


def test_gtnum_three_research_units_and_coordinator(tables):
    # seed 002 l. 221-224 "Étude coordonnée par l'unité de recherche Techné, réalisée par les
    # trois unités de recherche CREN, CREAD, Techné"
    orgs = tables["organisations"].set_index("org_id")
    units = {o for o in members(tables, "gtnum_reve") if orgs.loc[o, "kind"] == "research_unit"}
    assert units == {"cren", "cread", "techne"}
    assert members(tables, "gtnum_reve", "coordinator") == {"techne"}


def test_ncce_three_founders(tables):
    # seed 001 l. 995-998 "STEM Learning, Raspberry Pi et le Chartered Institute for IT ... se
    # sont associés pour devenir le National Centre for Computing Education"
    assert members(tables, "ncce", "founder") == {"stem_learning", "raspberry_pi", "bcs"}


def test_brittany_invited_list(tables):
    # seed 004 l. 90-153 "Partenaires invités (liste non exhaustive)": 17 entries, counted by hand
    invited = members(tables, "brittany_steam", "invited_partner")
    assert invited == {
        "ac_rennes", "enseignement_catholique", "region_bretagne", "aje", "temps_des_sciences",
        "upsti", "cgenial", "lamap", "fondation_entreprendre", "cap_frehel", "medef_bretagne",
        "epa", "cent_mille_entrepreneurs", "produit_en_bretagne", "ubo", "uco",
        "st_brieuc_entreprises"}
    assert members(tables, "brittany_steam", "organiser") == {"institut_locarn"}  # l. 84-86


def test_la_main_a_la_pate_is_peer_links_partner_and_invited(tables, eco):
    # the example of the issue: IDoS peer (000 Tableau 1), LINKS partner (001 l. 141-145),
    # invited partner in Brittany (004 l. 122); also coordinator of the Maisons (001 l. 549-550)
    # and ANISN's partner since 2009 (001 l. 514-515)
    m = tables["memberships"]
    lamap = set(zip(m.loc[m["org_id"] == "lamap", "initiative_id"],
                    m.loc[m["org_id"] == "lamap", "role"], strict=True))
    assert {("idos", "peer"), ("links", "partner"), ("brittany_steam", "invited_partner")} <= lamap
    assert eco.B.loc["lamap"].sum() == 5


def test_nep_is_not_part_of_imst(tables):
    # seed 001 l. 389-391 "IMST et NEP collaborent souvent, mais aucun des deux réseaux ne fait
    # partie de l'autre"
    assert "nep" not in members(tables, "imst")
    assert "imst" not in members(tables, "science_centre_network")


def test_every_organisation_has_a_coded_strand_with_rationale(tables):
    orgs = tables["organisations"]
    assert orgs["helix_rationale"].str.len().min() > 10
    # a source-based coding quotes what the source says about the organisation
    src = orgs[orgs["coding_basis"] == "source"]
    assert src["description_fr"].notna().all()


ALIASES = {
    "ac_bretagne": {"Régions académiques … Bretagne"},
    "ac_nouvelle_aquitaine": {"académies … Nouvelle-Aquitaine"},
    "ac_pays_de_la_loire": {"Régions académiques … Pays-de-la-Loire"},
    "ac_rennes": {"Rectorat de Rennes"},
    "afinef": {"Afinef"},
    "aje": {"Association Jeunesse et Entreprises"},
    "anae": {"An@é"},
    "dne": {"DNE", "Direction du numérique pour l’Éducation"},
    "epa": {"EPA"},
    "eu_stem_coalition": {"Coalition EU STEM"},
    "fi_ministry_education": {"ministère finlandais de l'éducation",
                              "Ministère de l’éducation et de la culture"},
    "fr_ministry_education": {"Ministère de l’éducation"},
    "imst": {"IMST"},
    "ius_klagenfurt": {"Université de Klagenfurt"},
    "kinder_forschen": {"Fondation des petits scientifiques"},
    "lamap": {"Fondation La main à la pâte", "LAMAP", "La main à la pâte",
              "Fondation française La main à la pâte", "Fondation Main à la pâte"},
    "luma": {"Centre LUMA de Finlande", "LUMA Centre Finland", "LUMA"},
    "mpls_midi_pyrenees": {"en MIDI PYRÉNÉES"},
    "nep": {"NEP", "NEPSEC"},
    "oce": {"OCE", "Bureau pour l'éducation au climat"},
    "raspberry_pi": {"Raspberry Pi"},
    "region_bretagne": {"Conseil Régional", "Conseil régional"},
    "reseau_canope": {"CANOPE"},
    "smithsonian_ssec": {"Smithsonian Science Education Center", "SSEC"},
    "spn": {"Réseau des professionnels du numérique (SPN)"},
    "stem_learning": {"National STEM Learning Network"},
    "techne": {"laboratoire Techné de l’université de Poitiers"},
    "upsti": {"UPSTI"},
}


def test_aliases_are_exactly_these(tables):
    got: dict[str, set[str]] = {}
    for org, alias in zip(tables["aliases"]["org_id"], tables["aliases"]["alias_fr"], strict=True):
        got.setdefault(org, set()).add(alias)
    assert got == ALIASES


def test_same_organisation_one_node(tables, eco):
    # "Fondation La Main à la Pate" (000), "La main à la pâte" (001), "Fondation Main à la pâte"
    # (004) are one organisation; nothing else is named like it
    orgs = tables["organisations"]
    assert orgs["name_fr"].str.contains("main à la", case=False).sum() == 1
    written = tables["memberships"].loc[tables["memberships"]["org_id"] == "lamap",
                                        "name_as_written_fr"]
    assert set(written) == {"Fondation La Main à la Pate", "La main à la pâte",
                            "Fondation La main à la pâte", "Fondation française La main à la pâte",
                            "Fondation Main à la pâte"}


# --------------------------------------------------------------------------- network measures
def test_projections_equal_hand_built_incidence_product(tables, eco):
    orgs = list(tables["organisations"]["org_id"])
    inis = list(tables["initiatives"]["initiative_id"])
    B = np.zeros((len(orgs), len(inis)), dtype=int)
    for o, i in zip(tables["memberships"]["org_id"], tables["memberships"]["initiative_id"],
                    strict=True):
        B[orgs.index(o), inis.index(i)] = 1
    P_org, P_ini = two_mode.projections(eco.B)
    np.testing.assert_array_equal(P_org.to_numpy(), B @ B.T)
    np.testing.assert_array_equal(P_ini.to_numpy(), B.T @ B)
    # the graphs carry the same weights
    for u, v, d in eco.orgs.edges(data=True):
        assert d["weight"] == (B @ B.T)[orgs.index(u), orgs.index(v)]
    assert eco.orgs.number_of_edges() == int(np.triu(B @ B.T, 1).astype(bool).sum())
    assert eco.inis.number_of_edges() == int(np.triu(B.T @ B, 1).astype(bool).sum())
    # two-mode degree = number of distinct organisation x initiative pairs
    pairs = len(set(zip(tables["memberships"]["org_id"], tables["memberships"]["initiative_id"],
                        strict=True)))
    assert eco.two_mode.number_of_edges() == pairs == B.sum()


def test_two_mode_normalised_degree(eco):
    tm = ecosystem.two_mode_measures(eco).set_index("node")
    n_org, n_ini = eco.B.shape
    lamap = tm.loc["org:lamap"]
    assert lamap["degree"] == 5 and lamap["degree_norm"] == pytest.approx(5 / n_ini)
    brit = tm.loc["ini:brittany_steam"]
    assert brit["degree"] == 20 and brit["degree_norm"] == pytest.approx(20 / n_org)


def test_ei_counts_pair_by_pair(tables, eco):
    helix = tables["organisations"].set_index("org_id")["helix"]
    P = eco.B.to_numpy() @ eco.B.to_numpy().T
    ids = list(eco.B.index)
    ext = internal = 0
    for x, y in itertools.combinations(range(len(ids)), 2):
        if P[x, y]:
            if helix[ids[x]] == helix[ids[y]]:
                internal += 1
            else:
                ext += 1
    res = ecosystem.ei_by_helix(eco, permutations=200, seed=1)
    assert (res.external, res.internal) == (ext, internal)
    assert res.ei == pytest.approx((ext - internal) / (ext + internal))
    assert 0 < res.p_value <= 1


def test_strand_ei_matches_ei_index_and_has_p_values(eco):
    by = ecosystem.ei_by_strand(eco, permutations=300, seed=2)
    ref = ecosystem.ei_by_helix(eco, permutations=10).by_group.set_index("group")
    for col in ("members", "external", "internal", "E-I"):
        np.testing.assert_allclose(by[col].to_numpy(float), ref.loc[by.index, col].to_numpy(float))
    assert by["p"].between(1 / 301, 1).all()
    # permuting labels keeps each strand's size: the null mean lies between -1 and 1
    assert by["expected E-I"].between(-1, 1).all()


def test_brokers_sit_in_two_initiatives_and_each_triad_once(eco):
    brk = ecosystem.brokerage_counts(eco)
    n = eco.B.sum(axis=1)
    brokers = brk.index[brk["total"] > 0]
    assert (n[brokers] >= 2).all()
    # independent count: each broker's total is the number of open triads centred on it,
    # C(d, 2) minus the ties among its neighbours (each unordered pair counted once)
    G = eco.orgs
    for v in G:
        nb = list(G[v])
        d = len(nb)
        closed = sum(1 for i, a in enumerate(nb) for c in nb[i + 1:] if G.has_edge(a, c))
        assert brk.loc[v, "total"] == d * (d - 1) // 2 - closed, v


def _toy(helix: dict[str, str], groups: dict[str, list[str]]) -> ecosystem.Ecosystem:
    orgs = pd.DataFrame({"org_id": list(helix), "name_en": list(helix),
                         "helix": list(helix.values()), "kind": "association"})
    inis = pd.DataFrame({"initiative_id": list(groups), "name_en": list(groups),
                         "kind": "programme", "scope": "FR"})
    mem = pd.DataFrame([(o, i, "member") for i, os in groups.items() for o in os],
                       columns=["org_id", "initiative_id", "role"])
    return ecosystem.build(orgs, inis, mem)


def test_brokerage_roles_on_hand_checked_paths():
    # a - b - c, a and c not tied (two initiatives X={a,b}, Y={b,c})
    itinerant = ecosystem.brokerage_counts(
        _toy({"a": "government", "b": "industry", "c": "government"}, {"X": ["a", "b"],
                                                                        "Y": ["b", "c"]}))
    assert itinerant.loc["b", "consultant"] == 1 and itinerant.loc["b", "total"] == 1
    rep = ecosystem.brokerage_counts(
        _toy({"a": "government", "b": "government", "c": "industry"}, {"X": ["a", "b"],
                                                                        "Y": ["b", "c"]}))
    assert rep.loc["b", ["representative_gatekeeper", "total"]].tolist() == [1, 1]
    liaison = ecosystem.brokerage_counts(
        _toy({"a": "government", "b": "industry", "c": "civil_society"},
             {"X": ["a", "b"], "Y": ["b", "c"]}))
    assert liaison.loc["b", "liaison"] == 1 and liaison.loc["b", "total"] == 1
    assert (liaison.loc[["a", "c"], "total"] == 0).all()


def test_canope_is_the_only_link_to_gtnum(eco):
    # Réseau Canopé is in GTnum #REVE (002 l. 224-225) and a local partner of the Maisons
    # (001 l. 960-963): that membership is a bridge of the two-mode network
    bridges = ecosystem.structural_bridges(eco)
    assert (("reseau_canope", "mpls") in set(zip(bridges["org_id"], bridges["initiative_id"],
                                                 strict=True)))
    comps = ecosystem.components(eco)
    assert len(comps) == 2 and comps.loc[1, "initiative_ids"] == "jntn"


def test_helix_composition_adds_up(eco):
    comp = ecosystem.helix_composition(eco)
    strands = ["government", "education_research", "industry", "civil_society"]
    np.testing.assert_array_equal(comp[strands].sum(axis=1).to_numpy(),
                                  eco.B.sum(axis=0).to_numpy())
    assert comp["blau"].between(0, 0.75).all()
    assert comp.loc["brittany_steam", "strands"] == 4  # the triple helix plus civil society


def test_merge_organisations_collapses_memberships(tables):
    orgs, mem = ecosystem.merge_organisations(tables["organisations"], tables["memberships"],
                                              keep="ac_rennes", drop="ac_bretagne")
    eco = ecosystem.build(orgs, tables["initiatives"], mem)
    assert "ac_bretagne" not in eco.B.index
    assert set(eco.B.columns[eco.B.loc["ac_rennes"] == 1]) == {"brittany_steam", "gtnum_reve"}


def test_layout_places_every_node_deterministically(eco):
    a, b = ecosystem.two_mode_layout(eco), ecosystem.two_mode_layout(eco)
    assert set(a) == set(eco.two_mode.nodes) and a == b
    assert len(set(a.values())) == len(a)  # no two nodes on the same spot
    fig = ecosystem.two_mode_figure(eco, {"ini:idos": "IDoS", "org:lamap": "LAMAP"})
    assert {"initiative", "government / public authority"} <= {t.name for t in fig.data}


# --------------------------------------------------------------------------- Jet-Net & TechNet
def test_jntn_facts_keep_qualifiers():
    f = ecosystem.jntn_facts(load.load_facts()).set_index("quantity")
    assert (f.loc["companies_at_start", "value"], f.loc["schools_at_start", "value"]) == (5, 15)
    assert f.loc["companies", "qualifier"] == "more_than" and f.loc["companies", "value"] == 100
    assert f.loc["member_schools_share", "qualifier"] == "about"


def test_balanced_pilot_is_five_stars_of_three():
    edges = ecosystem.school_company_network(5, 15)
    assert edges["school"].is_unique and len(edges) == 15
    assert edges.groupby("company").size().tolist() == [3] * 5
    s = ecosystem.bipartite_summary(edges)
    assert s["components"] == 5 and s["school–school ties (shared company)"] == 5 * 3
    assert s["company–company ties (shared school)"] == 0


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_random_pilot_every_company_has_a_school(seed):
    a = ecosystem.school_company_network(5, 15, allocation="random", seed=seed)
    b = ecosystem.school_company_network(5, 15, allocation="random", seed=seed)
    pd.testing.assert_frame_equal(a, b)
    assert a["company"].nunique() == 5 and a["school"].is_unique
    with pytest.raises(ValueError):
        ecosystem.school_company_network(6, 5)


def test_scale_scenario_arithmetic():
    s = ecosystem.scale_scenario([300, 1000], share=0.40, schools_per_company=3)
    assert s["schools taking part"].tolist() == [120, 400]
    assert s["companies needed"].tolist() == [40, 134]


# --------------------------------------------------------------------------- loader errors
def _copy(tmp_path, name, edit):
    rows = list(csv.reader(io.StringIO((RAW / name).read_text(encoding="utf-8"), newline="")))
    line = edit(rows)  # returns the 1-based line it broke (no cell spans lines in these files)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path, line


def _set(col, k, value):
    def edit(rows):
        rows[k][rows[0].index(col)] = value
        return k + 1
    return edit


def _load(tmp_path, **paths):
    return load.load_ecosystem(**{k: v for k, v in paths.items()})


def _assert_message(err, file, line, column, value):
    msg = str(err)
    assert isinstance(err, ValueError)
    assert file in msg and f"line {line}" in msg and f"column '{column}'" in msg
    assert repr(value) in msg and "expected" in msg
    assert (err.line, err.column, err.value) == (line, column, value)


def test_membership_of_unknown_organisation(tmp_path):
    path, line = _copy(tmp_path, "memberships.csv", _set("org_id", 7, "fondation_inconnue"))
    with pytest.raises(DataError) as e:
        _load(tmp_path, memberships=path)
    _assert_message(e.value, "memberships.csv", line, "org_id", "fondation_inconnue")
    assert "unknown org_id" in str(e.value) and "organisations.csv" in str(e.value)


def test_membership_of_unknown_initiative(tmp_path):
    path, line = _copy(tmp_path, "memberships.csv", _set("initiative_id", 30, "no_such_network"))
    with pytest.raises(DataError) as e:
        _load(tmp_path, memberships=path)
    _assert_message(e.value, "memberships.csv", line, "initiative_id", "no_such_network")
    assert "'idos'" in str(e.value) and "initiatives.csv" in str(e.value)


def test_membership_naming_another_organisation(tmp_path):
    # row 1 is Stiftung Kinder forschen's IDoS peer row; point it at Siemens Stiftung
    path, line = _copy(tmp_path, "memberships.csv", _set("org_id", 1, "siemens_stiftung"))
    with pytest.raises(DataError) as e:
        _load(tmp_path, memberships=path)
    # the duplicate key (siemens_stiftung, idos, peer) is caught first, by the schema
    assert "duplicate key" in str(e.value) and f"line {line + 1}" in str(e.value)
    path, line = _copy(tmp_path, "memberships.csv", _set("name_as_written_fr", 1, "Siemens"))
    with pytest.raises(DataError) as e:
        _load(tmp_path, memberships=path)
    _assert_message(e.value, "memberships.csv", line, "name_as_written_fr", "Siemens")
    assert "Stiftung Kinder forschen" in str(e.value)


def test_alias_errors(tmp_path):
    path, line = _copy(tmp_path, "organisation_aliases.csv", _set("org_id", 2, "nobody"))
    with pytest.raises(DataError) as e:
        _load(tmp_path, aliases=path)
    _assert_message(e.value, "organisation_aliases.csv", line, "org_id", "nobody")
    # an alias given to a second organisation
    def dup(rows):
        rows.append(["oce"] + rows[1][1:])
        return len(rows)
    path, line = _copy(tmp_path, "organisation_aliases.csv", dup)
    with pytest.raises(DataError) as e:
        _load(tmp_path, aliases=path)
    assert "already belongs" in str(e.value) and f"line {line}" in str(e.value)


def test_organisation_without_membership(tmp_path):
    def add(rows):
        rows.append(["lonely_org", "Organisation isolée"] + rows[1][2:])
        return len(rows)
    path, line = _copy(tmp_path, "organisations.csv", add)
    with pytest.raises(DataError) as e:
        _load(tmp_path, organisations=path)
    _assert_message(e.value, "organisations.csv", line, "org_id", "lonely_org")
    assert "has no membership" in str(e.value) and "memberships.csv" in str(e.value)


def test_two_rows_for_one_organisation(tmp_path):
    # the same name under a second id: one organisation must be one row
    def add(rows):
        rows.append(["lamap_bis"] + rows[5][1:])
        return len(rows)
    path, line = _copy(tmp_path, "organisations.csv", add)
    with pytest.raises(DataError) as e:
        _load(tmp_path, organisations=path)
    _assert_message(e.value, "organisations.csv", line, "name_fr", "Fondation La Main à la Pate")
    assert "already used by organisation 'lamap'" in str(e.value)
