"""Survey profiles: built-ins, profile files, their checks, and a survey from another
country loaded under its own vocabulary."""

from __future__ import annotations

import json

import pytest

import netlib.survey as survey
from netlib import DataError
from netlib.cases.imst.contract import IMST_RESPONDENTS, IMST_TIES, INSTITUTION_TYPES
from netlib.cases.imst.survey import load_imst_survey
from netlib.survey import GENERIC, IMST_PROFILE, load_profile, load_survey
from netlib.survey.contract import respondents_schema, ties_schema
from netlib.survey.examples import contract_survey


def test_public_names():
    for name in ("load_survey", "IMST_PROFILE", "GENERIC", "read_network_canvas", "read_wide",
                 "read_egor"):
        assert hasattr(survey, name)


def test_imst_profile_is_the_shipped_contract():
    assert IMST_PROFILE.regions is not None and len(IMST_PROFILE.regions) == 9
    assert IMST_PROFILE.institutions == INSTITUTION_TYPES and len(INSTITUTION_TYPES) == 12
    assert respondents_schema(IMST_PROFILE) == IMST_RESPONDENTS
    assert ties_schema(IMST_PROFILE, extended=False) == IMST_TIES
    assert load_imst_survey().profile is IMST_PROFILE


def test_builtin_names_and_files_give_the_same_profile(tmp_path):
    p = tmp_path / "fr.json"
    p.write_text((survey.profile.PROFILE_DIR / "france_academies.json").read_text("utf-8"),
                 encoding="utf-8")
    a, b = load_profile("france-academies"), load_profile(p)
    assert a.regions == b.regions and a.frequencies == b.frequencies
    y = tmp_path / "fr.yaml"
    import yaml

    y.write_text(yaml.safe_dump(json.loads(p.read_text("utf-8")), allow_unicode=True),
                 encoding="utf-8")
    assert load_profile(y).institutions == a.institutions


@pytest.mark.parametrize("change,expected", [
    ({"colour": "blue"}, "unknown profile field"),
    ({"regions": ["Lyon"], "region_aliases": {"Lugdunum": "Rome"}}, "not in the vocabulary"),
    ({"frequencies": [{"label": "a", "score": 1}, {"label": "b", "score": 2}]},
     "must decrease"),
    ({"roles": []}, "non-empty list"),
    ({"regions": ["Lyon", "Lyon"]}, "repeats a label"),
    ({"max_institutions": 0}, "positive integer"),
    ({"name": ""}, "needs a name"),
])
def test_a_broken_profile_is_refused_naming_the_field(tmp_path, change, expected):
    d = {"name": "x", **change}
    p = tmp_path / "p.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(DataError, match=expected):
        load_profile(p)


def test_unknown_builtin_name():
    with pytest.raises(DataError, match="unknown profile"):
        load_profile("finland")


def test_a_french_survey_loads_under_its_profile(tmp_path):
    contract_survey(tmp_path / "fr", "france-academies", respondents=40)
    s = load_survey(tmp_path / "fr", "france-academies")
    assert s.synthetic and len(s.rejected) == 0
    assert set(s.respondents["region"]) <= set(load_profile("france-academies").regions)
    assert s.rows_in["alter_ties"] == len(s.alter_ties) > 0
    # two relations for one contact are two rows of one alter
    two = s.alters[s.alters["n_relations"] == 2]
    assert len(two) > 0 and (two["relations"] == "coopération;information").all()
    # under the IMST profile every row is rejected: the French regions are unknown there
    t = load_survey(tmp_path / "fr", IMST_PROFILE)
    assert len(t.respondents) == 0
    reasons = t.rejected.loc[t.rejected["table"] == "respondents", "reason"]
    assert len(reasons) == 40 and reasons.str.startswith("region: unknown category").all()


def test_generic_accepts_any_label_as_written(tmp_path):
    d = tmp_path / "s"
    d.mkdir()
    (d / "respondents.csv").write_text(
        "# synthetic: test\nrespondent_id,region,role,institutions\n"
        "a,Uusimaa,opettaja,koulu\nb,  Pirkanmaa ,rehtori,koulu;yliopisto\n", encoding="utf-8")
    (d / "ties.csv").write_text(
        "# synthetic: test\nrespondent_id,alter_id,alter_region,alter_institution,frequency,"
        "content\na,b,Pirkanmaa,koulu,joskus,tieto\na,b,Pirkanmaa,koulu,joskus,yhteistyö\n",
        encoding="utf-8")
    s = load_survey(d, GENERIC)
    assert list(s.respondents["region"]) == ["Pirkanmaa", "Uusimaa"]  # trimmed, as written
    assert len(s.ties) == 2  # one pair, two relations
    assert s.ties["frequency_score"].isna().all()
    assert len(s.alters) == 1 and s.alters["relations"].iloc[0] == "tieto;yhteistyö"


def test_a_contact_described_two_ways_is_rejected(tmp_path):
    d = tmp_path / "s"
    d.mkdir()
    (d / "respondents.csv").write_text("# synthetic\nrespondent_id,region,role,institutions\n"
                                       "a,Wien,coordinator,other\n", encoding="utf-8")
    (d / "ties.csv").write_text(
        "# synthetic\nrespondent_id,alter_id,alter_region,alter_institution,frequency,"
        "content,alter_organisation,alter_key\n"
        "a,,Wien,university,weekly,information,,k1\n"
        "a,,Tirol,university,weekly,cooperation,,k1\n", encoding="utf-8")
    s = load_survey(d, IMST_PROFILE)
    assert len(s.ties) == 1
    assert s.rejected["reason"].iloc[0] == ("alter_key: the same contact is described "
                                            "differently (alter_region) on line 3")
