"""Attrition of STAR's kindergarten cohort and crossovers between class types.

References are independent of the functions under test: direct pandas counts on the raw AER
table (``star.csv``) written out in each test, and hand-computed WWC arithmetic. The
kindergarten counts agree with published figures: 6 325 pupils in STAR kindergarten classes
(the AER documentation's ``stark`` non-missing count) and 5 786 with a kindergarten total
score (Stock & Watson, Table 13.1, kindergarten n).
"""

import math

import pandas as pd
import pytest

from netlib import load
from netlib.cases import tennessee_star as star
from netlib.trials.evaluation import Attrition


@pytest.fixture(scope="module")
def raw():
    return load.load_star()


@pytest.fixture(scope="module")
def bounds():
    return load.load_wwc_attrition_boundaries()


def _direct_count(raw: pd.DataFrame, grade: str) -> pd.DataFrame:
    # independent reference: count per kindergarten class type with plain boolean masks
    rows = {}
    for arm in ("regular", "small", "regular+aide"):
        cohort = raw[raw["stark"] == arm]
        kept = cohort[cohort[f"read{grade}"].notna() & cohort[f"math{grade}"].notna()]
        rows[arm] = (len(cohort), len(kept))
    return pd.DataFrame(rows, index=["randomised", "retained"]).T


def test_kindergarten_year_attrition_matches_direct_counts_and_published_n(raw):
    att = star.kindergarten_attrition(raw, last="k").set_index("class_type")
    ref = _direct_count(raw, "k")
    assert att["randomised"].to_dict() == ref["randomised"].to_dict()
    assert att["retained"].to_dict() == ref["retained"].to_dict()
    # published: 6 325 in STAR kindergarten classes, 5 786 in Stock & Watson's K sample
    assert att["randomised"].sum() == 6325 and att["retained"].sum() == 5786
    assert 1 - 5786 / 6325 == pytest.approx(0.0852, abs=5e-5)
    # per-arm rates, rounded to a tenth of a percent: regular 8.6, small 8.5, aide 8.4
    pct = (100 * att["attrition"]).round(1).to_dict()
    assert pct == {"regular": 8.6, "small": 8.5, "regular+aide": 8.4}


def test_grade3_attrition_matches_direct_counts(raw):
    att = star.kindergarten_attrition(raw, last="3").set_index("class_type")
    ref = _direct_count(raw, "3")
    assert att["retained"].to_dict() == ref["retained"].to_dict()
    assert (att["attrition"] > 0.5).all()  # about half of the cohort has no grade-3 score


def test_attrition_against_regular_uses_the_two_arm_rates(raw, bounds):
    att = star.kindergarten_attrition(raw, last="k")
    table = star.attrition_against_regular(att, bounds).set_index("arm")
    ref = _direct_count(raw, "k")
    (nt, rt), (nc, rc) = ref.loc["small"], ref.loc["regular"]
    overall = 1 - (rt + rc) / (nt + nc)
    differential = abs((1 - rt / nt) - (1 - rc / nc))
    row = table.loc["small"]
    assert row["overall"] == pytest.approx(overall)
    assert row["differential"] == pytest.approx(differential)
    assert isinstance(row["attrition"], Attrition)
    # WWC Table II.1 at 9 % overall (the rounded rate): cautious 6.3, optimistic 10.9 points
    pct = round(overall * 100)
    b = bounds.set_index("overall").loc[pct]
    assert row["cautious boundary"] == pytest.approx(b["cautious"] / 100)
    assert row["optimistic boundary"] == pytest.approx(b["optimistic"] / 100)
    assert differential < 0.01 and (table["cautious"] == "low").all()
    assert (table["optimistic"] == "low").all()


def test_attrition_against_regular_can_fail(bounds):
    # a made-up cohort with 50 % vs 40 % loss: differential 10 points is high under both
    att = pd.DataFrame({"class_type": ["regular", "small", "regular+aide"],
                        "randomised": [100, 100, 100], "retained": [60, 50, 60]})
    table = star.attrition_against_regular(att, bounds).set_index("arm")
    assert table.loc["small", "differential"] == pytest.approx(0.10)
    assert table.loc["small", "cautious"] == "high" and table.loc["small", "optimistic"] == "high"
    assert table.loc["regular+aide", "differential"] == 0
    assert table.loc["regular+aide", "cautious"] == "low"


def test_class_type_changes_match_a_direct_count(raw):
    long = load.load_processed("star_long")
    changes = star.class_type_changes(long).set_index("transition")
    # independent reference on the wide raw table: in a STAR class in both grades, small in
    # exactly one of them
    for a, b, label in [("k", "1", "K → 1"), ("1", "2", "1 → 2"), ("2", "3", "2 → 3")]:
        both = raw[raw[f"star{a}"].notna() & raw[f"star{b}"].notna()]
        moved = ((both[f"star{a}"] == "small") != (both[f"star{b}"] == "small")).sum()
        assert changes.loc[label, "pupils"] == len(both)
        assert changes.loc[label, "changed"] == moved
        assert math.isclose(changes.loc[label, "share"], moved / len(both))
