"""The shipped raw tables load, and hold the values the source documents print.

Expected values below are read from the seed documents (line numbers given), independently
of the CSV files: they test the extraction, not the code that reads it back.
"""

import pandas as pd
import pytest

from netlib import DataError, load
from netlib.cases.tables import SOURCE_TABLES
from netlib.data.paths import RAW


def test_load_all_tables_and_cross_references():
    tables = load.load_all()
    assert {s.name for s in SOURCE_TABLES} == set(tables)
    assert all(len(df) > 0 for df in tables.values())
    assert all(len(df.attrs["rejected"]) == 0 for df in tables.values())


def test_tableau1_founding_years_and_headquarters():
    # seed 000, Tableau 1, lines 68-176
    peers = load.load_idos_peers().set_index("peer_id")
    assert peers["year_founded"].to_dict() == {
        "kinder_forschen": 2006, "siemens_stiftung": 2008, "smithsonian_ssec": 1985,
        "luma": 2013, "lamap": 2011, "oce": 2018,
    }
    assert peers.loc["luma", "headquarters_city"] == "Helsinki"
    assert peers.loc["smithsonian_ssec", "regions_of_impact"] == "GLOBAL"
    assert set(peers.loc["oce", "regions_of_impact"].split(";")) == {"FR", "LATAM", "SE_ASIA", "AFRICA"}
    assert peers.loc["siemens_stiftung", "main_funding"] == "endowment"


def test_tableau3_structures():
    # seed 000, Tableau 3 (lines 1414-1675): "A/C" for Kinder forschen, as the paper prints it
    nets = load.load_idos_peer_networks().set_index("peer_id")
    assert nets["structure"].to_dict() == {
        "kinder_forschen": "A/C", "siemens_stiftung": "B", "smithsonian_ssec": "C",
        "luma": "C", "lamap": "A", "oce": "A", "idos": "B",
    }


def test_tableau2_five_types_in_order():
    types = load.load_idos_network_types()
    assert list(types["network_type"]) == ["resilience", "scaling", "action", "movement", "learning"]


def test_links_node_counts():
    # seed 001: 26 ANISN sections and 10 IBSE centres (l. 497-499), 13 LUMA centres (l. 747-750),
    # 45 science learning partnerships and 19 STEM Ambassador hubs, IMST 9 regional + 3 thematic
    nodes = load.load_links_nodes().set_index(["network_id", "node_kind"])["count"]
    assert nodes[("anisn", "section")] == 26
    assert nodes[("anisn", "ibse_centre")] == 10
    assert nodes[("luma", "luma_centre")] == 13
    assert nodes[("stem_learning", "science_learning_partnership")] == 45
    assert nodes[("stem_learning", "stem_ambassador_hub")] == 19
    assert nodes[("imst", "regional_network")] == 9
    assert nodes[("imst", "thematic_network")] == 3


def test_facts_keep_qualifiers():
    facts = load.load_facts().set_index("fact_id")
    # "plus de 200 partenaires" (seed 000) is a strict lower bound, not 200
    kf = facts[(facts["subject"] == "Stiftung Kinder forschen")
               & (facts["quantity"] == "network_partners")]
    assert kf["qualifier"].tolist() == ["more_than"] and kf["value"].tolist() == [200]
    # the two RCTs of the MEAL section
    rct = facts[facts["subject"].isin(["LASER RCT", "La main à la pâte RCT"])]
    got = dict(zip(rct["subject"] + "/" + rct["quantity"], rct["value"], strict=True))
    assert got["LASER RCT/students_in_study"] == 60000
    assert got["LASER RCT/schools_in_study"] == 124
    assert got["LASER RCT/students_followed_longitudinally"] == 9000
    assert got["La main à la pâte RCT/teachers_in_study"] == 160
    # Jet-Net & TechNet: "environ 40 %" is approximate
    jn = facts[(facts["subject"] == "Jet-Net & TechNet")
               & (facts["quantity"] == "member_schools_share")]
    assert jn["qualifier"].tolist() == ["about"] and jn["value"].tolist() == [40]


def test_range_rows_have_an_upper_value_and_others_do_not():
    facts = load.load_facts()
    is_range = facts["qualifier"] == "range"
    assert facts.loc[is_range, "value_high"].notna().all()
    assert (facts.loc[is_range, "value_high"] >= facts.loc[is_range, "value"]).all()
    assert facts.loc[~is_range, "value_high"].isna().all()


def test_processed_facts_bounds():
    f = load.load_processed("facts").set_index("fact_id")
    row = f.loc["f004-006"]  # "plus d'une centaine" of companies
    assert row["qualifier"] == "more_than" and row["lower"] == 100 and pd.isna(row["upper"])
    assert str(row["lower_inclusive"]) == "False"  # "plus de" excludes 100 itself


def test_about_facts_carry_honest_bounds():
    # the convention of netlib.cases.facts: about v -> v (1 -/+ 0.1), counts rounded outward
    # and at least one unit either side (computed by hand: 6 -> 5..7, 30 -> 27..33, 40 % -> 36..44)
    f = load.load_processed("facts").set_index("fact_id")
    for fid, lo, hi in [("f000-026", 5, 7), ("f001-025", 27, 33), ("f004-007", 36, 44)]:
        assert f.loc[fid, "qualifier"] == "about"
        assert (f.loc[fid, "lower"], f.loc[fid, "upper"]) == pytest.approx((lo, hi)), fid
    about = f[f["qualifier"] == "about"]
    assert (about["lower"] < about["value"]).all() and (about["upper"] > about["value"]).all()


def test_missing_processed_file_says_how_to_build():
    with pytest.raises(DataError, match="netlib.tooling.build"):
        load.load_processed("no_such_table")


def test_loaded_frames_work_with_ordinary_pandas_calls(tmp_path):
    """attrs hold the rejected rows, yet merge, astype and concat work (pandas compares attrs)."""
    import warnings

    path = tmp_path / "peers.csv"
    text = (RAW / "idos_peers.csv").read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*text, text[1].replace("kinder_forschen", "nobody")]) + "\n",
                    encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = load.load_idos_peers(path, strict=False)
    assert len(df.attrs["rejected"]) == 1
    merged = df.merge(df[["peer_id"]], on="peer_id")
    assert len(merged) == len(df) == 6
    assert df.astype({"year_founded": "float64"})["year_founded"].dtype == "float64"
    assert len(pd.concat([df, df])) == 12
    rej = df.attrs["rejected"]
    assert type(rej[rej["line"] > 0]) is pd.DataFrame  # derived frames are plain again
