"""The public-record facts used by notebook 05, as the compendium's brief lists them, and a malformed row."""

import shutil

import pytest

from netlib import DataError, load
from netlib.data.paths import RAW


@pytest.fixture(scope="module")
def facts():
    return load.load_rct_facts().set_index("quantity")


def test_values_listed_in_the_brief(facts):
    # the facts the compendium's brief lists from public records
    v = facts["value"].to_dict()
    assert v["planned_treated_teachers"] == v["planned_control_teachers"] == 160
    assert v["training_hours"] == 80 and v["randomised_teachers"] == 134
    assert v["students_per_cohort"] == 2500 and facts.loc["students_per_cohort",
                                                          "qualifier"] == "about"
    assert v["teacher_practice_effect"] == pytest.approx(0.30)
    assert v["students"] == 60000 and v["teachers"] == 1900 and v["regions"] == 3
    assert v["wwc_analytic_students"] == 6291
    icc = facts.loc["icc_science_school"]
    assert (icc["value"], icc["value_high"], icc["qualifier"]) == (0.17, 0.20, "range")
    assert v["icc_achievement_school_mean"] == pytest.approx(0.22)
    assert facts.loc["trial_years", ["value", "value_high"]].tolist() == [2014, 2018]


def test_every_row_cites_a_source_and_says_how_it_was_checked(facts):
    assert facts["source"].str.len().gt(10).all()
    # each row either quotes the public record it was verified against, with its address,
    # or says plainly that the primary record was not opened
    verified = facts["checked"].str.contains("verified 2026-11-21") & facts["checked"].str.contains(
        r"https://|doi:", regex=True)
    unverified = facts["checked"].str.contains("not opened")
    assert (verified | unverified).all()
    assert verified.sum() >= 11


def test_bad_qualifier_is_named(tmp_path):
    p = tmp_path / "rct_facts.csv"
    shutil.copy(RAW / "rct_facts.csv", p)
    text = p.read_text(encoding="utf-8").replace(",2500,,about,", ",2500,,roughly,", 1)
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as e:
        load.load_rct_facts(p)
    msg = str(e.value)
    assert "rct_facts.csv" in msg and "line 8" in msg and "column 'qualifier'" in msg
    assert "'roughly'" in msg and "expected one of" in msg


def test_bad_boundary_is_named(tmp_path):
    p = tmp_path / "wwc.csv"
    shutil.copy(RAW / "wwc_attrition_boundaries.csv", p)
    lines = p.read_text(encoding="utf-8").splitlines()
    lines[11] = "10,6.3,ten"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load.load_wwc_attrition_boundaries(p)
    msg = str(e.value)
    assert "line 12" in msg and "column 'optimistic'" in msg and "'ten'" in msg


def test_record_check_reads_the_checked_column():
    from netlib.cases.facts import record_check

    facts = load.load_rct_facts().set_index("fact_id")
    check = record_check(facts["checked"])
    # independent reference: the rows whose `checked` text opens with "verified" (read by eye
    # in rct_facts.csv: the FORMSCIENCES rows 001-008 and rows 013, 015, 016, plus the
    # North Carolina rows added with the partner's page)
    assert set(check[check == "yes"].index) == set(
        facts.index[facts["checked"].str.match(r"verified \d{4}-\d{2}-\d{2}")])
    assert {"rct-001", "rct-008", "rct-013", "rct-015", "rct-016"} <= set(check[check == "yes"].index)
    assert check["rct-017"] == "bibliographic details only"
    assert check["rct-009"] == "no" and check["rct-011"] == "no"
