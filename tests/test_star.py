"""Tennessee STAR: the raw extract, its loader, the long form, and the published table.

The published numbers come from ``data/raw/star_published.csv`` (Stock & Watson, Tables 13.1
and 13.2, typed from the printed tables); the estimates are fitted here from ``star.csv``.
Counts in the AER documentation (11 598 students, 47 variables) are checked too.
"""

import shutil

import pandas as pd
import pytest

from netlib import DataError, RejectedRowsWarning, load
from netlib.cases import tennessee_star as star
from netlib.data.paths import RAW
from netlib.trials import evaluation


@pytest.fixture(scope="module")
def raw():
    return load.load_star()


@pytest.fixture(scope="module")
def long():
    return load.load_processed("star_long")


@pytest.fixture(scope="module")
def published():
    return load.load_star_published()


def test_extract_matches_the_aer_documentation(raw):
    # ?STAR: "A data frame containing 11,598 observations on 47 variables" (+ our id column)
    assert raw.shape == (11598, 48)
    assert raw["id"].is_unique
    assert len(raw.attrs["rejected"]) == 0
    # 6 325 students were in a STAR class in kindergarten; 79 schools took part then
    assert raw["stark"].notna().sum() == 6325
    assert raw["schoolidk"].nunique() == 79


def test_school_type_is_not_school_id(raw):
    assert set(raw["schoolk"].dropna()) == {"inner-city", "suburban", "rural", "urban"}
    assert raw["schoolidk"].nunique() > 4 * raw["schoolk"].nunique()


def test_long_form_has_one_row_per_student_and_grade_in_star(raw, long):
    per_grade = long.groupby("grade").size().to_dict()
    assert per_grade == {g: int(raw[f"star{g}"].notna().sum()) for g in "k123"}
    assert not long.duplicated(["id", "grade"]).any()
    both = long["read"].notna() & long["math"].notna()
    assert (long.loc[both, "score"] == long.loc[both, "read"] + long.loc[both, "math"]).all()
    assert long.loc[~both, "score"].isna().all()
    assert (long["small"] + long["aide"] <= 1).all()


@pytest.mark.parametrize("grade", ["k", "1", "2", "3"])
def test_table_13_1_reproduced_to_the_printed_precision(long, published, grade):
    pub = published[(published["table"] == "SW13.1") & (published["grade"] == grade)]
    pub = pub.set_index("term")
    fit = evaluation.fit_ols(star.grade_sample(long, grade), "score", ["small", "aide"],
                             se="HC1").set_index("term")
    names = {"small": "small", "regular_aide": "aide", "intercept": "Intercept"}
    for term, ours in names.items():
        assert round(fit.loc[ours, "estimate"], 2) == pytest.approx(pub.loc[term, "estimate"])
        assert round(fit.loc[ours, "se"], 2) == pytest.approx(pub.loc[term, "se"])
    assert fit["n"].iloc[0] == pub.loc["n_obs", "estimate"]


def test_kindergarten_published_values_given_in_the_issue(published):
    k = published[(published["table"] == "SW13.1") & (published["grade"] == "k")]
    k = k.set_index("term")
    assert (k.loc["small", "estimate"], k.loc["small", "se"]) == (13.90, 2.45)
    assert (k.loc["regular_aide", "estimate"], k.loc["regular_aide", "se"]) == (0.31, 2.27)
    assert (k.loc["intercept", "estimate"], k.loc["intercept", "se"]) == (918.04, 1.63)


@pytest.mark.parametrize("column,covs", [
    ("(3)", ["experience"]),
    ("(4)", ["experience", "boy", "free_lunch", "black", "race_other"]),
])
def test_table_13_2_school_fixed_effects(long, published, column, covs):
    pub = published[(published["table"] == "SW13.2") & (published["column"] == column)]
    d = star.grade_sample(long, "k")
    fit = evaluation.fit_ols(d, "score", ["small", "aide"], covs, se="HC1",
                             fixed_effects="schoolid").set_index("term")
    names = {"small": "small", "regular_aide": "aide", "experience": "experience",
             "boy": "boy", "free_lunch": "free_lunch", "black": "black",
             "race_other": "race_other"}
    for _, r in pub.iterrows():
        ours = fit.loc[names[r["term"]]]
        assert round(ours["estimate"], 2) == pytest.approx(r["estimate"]), r["term"]
        if pd.notna(r["se"]):
            assert round(ours["se"], 2) == pytest.approx(r["se"]), r["term"]


def test_kindergarten_attrition_counts(raw):
    att = star.kindergarten_attrition(raw).set_index("class_type")
    # randomised in kindergarten, per AER's stark
    assert att["randomised"].to_dict() == {"regular": 2194, "small": 1900, "regular+aide": 2231}
    assert ((att["attrition"] > 0) & (att["attrition"] < 1)).all()


def _copy(tmp_path):
    dst = tmp_path / "star.csv"
    shutil.copy(RAW / "star.csv", dst)
    return dst


def _edit(path, line, column, value):
    import csv
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_bad_class_type_is_named(tmp_path):
    p = _copy(tmp_path)
    _edit(p, 3, "stark", "tiny")
    with pytest.raises(DataError) as e:
        load.load_star(p)
    msg = str(e.value)
    assert "star.csv" in msg and "line 3" in msg and "column 'stark'" in msg
    assert "'tiny'" in msg and "regular+aide" in msg


def test_class_without_school_is_rejected_and_accounted_for(tmp_path):
    p = _copy(tmp_path)
    _edit(p, 3, "schoolidk", "")
    with pytest.raises(DataError) as e:
        load.load_star(p)
    assert "line 3" in str(e.value) and "schoolidk" in str(e.value)
    with pytest.warns(RejectedRowsWarning):
        df = load.load_star(p, strict=False)
    assert len(df) + len(df.attrs["rejected"]) == 11598
    assert df.attrs["rejected"]["line"].tolist() == [3]
