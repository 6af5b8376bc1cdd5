"""The evaluation-data loader: every kind of bad input gives one clear DataError naming the
file, line, column, value and what was expected; with strict=False every row is accounted
for (kept + rejected = read)."""

import pandas as pd
import pytest

from netlib import DataError, RejectedRowsWarning
from netlib.trials.loader import check_trial, load_trial

GOOD = """student,school,block,treat,score,age
s1,A,north,1,10.5,6
s2,A,north,1,11.0,7
s3,B,north,0,9.0,6
s4,B,north,0,8.5,
s5,C,south,1,12.0,6
s6,D,south,0,9.5,7
"""
KW = dict(outcome="score", treatment="treat", design="cluster", cluster="school",
          block="block", covariates=["age"])


def write(tmp_path, text, name="trial.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def replace_line(text, line, new):
    rows = text.splitlines()
    rows[line - 1] = new
    return "\n".join(rows) + "\n"


def named(err, path, line, column):
    msg = str(err)
    assert isinstance(err, ValueError) and path.name in msg
    if line is not None:
        assert f"line {line}" in msg
    assert f"column '{column}'" in msg
    assert "expected" in msg
    return msg


def test_good_file_loads(tmp_path):
    trial = load_trial(write(tmp_path, GOOD), **KW)
    df = trial.data
    assert len(df) == 6 and df["treat"].tolist() == [1, 1, 0, 0, 1, 0]
    assert df["score"].dtype == "float64" and pd.isna(df.loc[3, "age"])
    assert trial.lines == (2, 3, 4, 5, 6, 7) and len(trial.rejected) == 0
    assert trial.rows_in == 6 and trial.treated is None
    assert trial.data.attrs["arms"] == {"treated": 1, "control": 0}
    s = trial.summary()
    assert (s["rows in"], s["kept"], s["rejected"]) == (6, 6, 0)
    assert (s["treated clusters"], s["control clusters"]) == (2, 2)


def test_returned_frame_merges_and_casts_like_any_frame(tmp_path):
    # pandas compares attrs when it combines frames; a DataFrame stored there made merge and
    # astype raise "The truth value of a DataFrame is ambiguous"
    df = load_trial(write(tmp_path, GOOD), **KW).data
    assert not any(isinstance(v, pd.DataFrame) for v in df.attrs.values())
    schools = pd.DataFrame({"school": ["A", "B", "C", "D"], "urban": [1, 0, 1, 0]})
    merged = df.merge(schools, on="school", how="left")
    assert merged["urban"].tolist() == [1, 1, 0, 0, 1, 0]
    assert df.astype({"age": "float32"})["age"].dtype == "float32"
    assert df.merge(df[["student"]], on="student").shape == df.shape
    with pytest.warns(RejectedRowsWarning):
        lossy = load_trial(write(tmp_path, GOOD + "s7,E,south,1,,6\n"), **KW, strict=False)
    assert len(lossy.rejected) == 1
    assert lossy.data.merge(schools, on="school").shape[0] == 6
    assert lossy.data.astype({"treat": "float64"})["treat"].sum() == 3


TEXT_ARM = """student,school,sector,score
s1,A,Catholic,10.5
s2,A,Catholic,11.0
s3,B,public,9.0
s4,B,public,8.5
s5,C,Catholic,12.0
s6,D,public,9.5
"""


def test_treated_value_recodes_a_text_treatment(tmp_path):
    p = write(tmp_path, TEXT_ARM)
    trial = load_trial(p, outcome="score", treatment="sector", design="cluster",
                       cluster="school", treated="Catholic")
    assert trial.data["sector"].tolist() == [1, 1, 0, 0, 1, 0]
    assert trial.data["sector"].dtype == "int64" and trial.treated == "Catholic"
    assert trial.summary()["treated value"] == "Catholic"
    assert trial.control == "public" and trial.summary()["control value"] == "public"
    assert trial.data.attrs["arms"] == {"treated": "Catholic", "control": "public"}
    # the other arm can be named instead: the coding flips
    flipped = load_trial(p, outcome="score", treatment="sector", treated="public")
    assert flipped.data["sector"].tolist() == [0, 0, 1, 1, 0, 1]


def test_treated_value_not_in_the_column(tmp_path):
    p = write(tmp_path, TEXT_ARM)
    with pytest.raises(DataError) as e:
        load_trial(p, outcome="score", treatment="sector", treated="catholic")
    msg = named(e.value, p, None, "sector")
    assert "treated value 'catholic' not found" in msg and "'catholic'" in msg
    assert "['Catholic', 'public']" in msg


def test_more_than_two_treatment_values_is_an_error(tmp_path):
    p = write(tmp_path, replace_line(TEXT_ARM, 6, "s5,C,private,12.0"))
    with pytest.raises(DataError) as e:
        load_trial(p, outcome="score", treatment="sector", treated="Catholic")
    msg = named(e.value, p, 6, "sector")
    assert "3 distinct values ['Catholic', 'public', 'private']" in msg
    assert "'private'" in msg and "'Catholic'" in msg


def test_missing_treatment_with_a_treated_value(tmp_path):
    p = write(tmp_path, replace_line(TEXT_ARM, 3, "s2,A,,11.0"))
    with pytest.raises(DataError) as e:
        load_trial(p, outcome="score", treatment="sector", treated="Catholic")
    assert "missing treatment" in named(e.value, p, 3, "sector")
    with pytest.warns(RejectedRowsWarning):
        trial = load_trial(p, outcome="score", treatment="sector", treated="Catholic",
                           strict=False)
    assert trial.rows_in == 6 and len(trial.data) == 5 and trial.rejected["line"].tolist() == [3]


@pytest.mark.parametrize("value", ["2", "yes", "", "0.5", "-1"])
def test_treatment_not_binary(tmp_path, value):
    p = write(tmp_path, replace_line(GOOD, 3, f"s2,A,north,{value},11.0,7"))
    with pytest.raises(DataError) as e:
        load_trial(p, **KW)
    msg = named(e.value, p, 3, "treat")
    assert "not binary" in msg and "0 (control) or 1 (treatment)" in msg


def test_missing_outcome(tmp_path):
    p = write(tmp_path, replace_line(GOOD, 4, "s3,B,north,0,,6"))
    with pytest.raises(DataError) as e:
        load_trial(p, **KW)
    assert "missing outcome" in named(e.value, p, 4, "score")


def test_outcome_not_a_number(tmp_path):
    p = write(tmp_path, replace_line(GOOD, 4, "s3,B,north,0,9,0,6").replace("9,0,6", "9x,6"))
    with pytest.raises(DataError) as e:
        load_trial(p, **KW)
    msg = named(e.value, p, 4, "score")
    assert "not a number" in msg and "'9x'" in msg


def test_missing_cluster_id(tmp_path):
    p = write(tmp_path, replace_line(GOOD, 6, "s5,,south,1,12.0,6"))
    with pytest.raises(DataError) as e:
        load_trial(p, **KW)
    assert "missing cluster id" in named(e.value, p, 6, "school")


def test_mixed_assignment_in_a_cluster(tmp_path):
    p = write(tmp_path, replace_line(GOOD, 3, "s2,A,north,0,11.0,7"))
    with pytest.raises(DataError) as e:
        load_trial(p, **KW)
    msg = named(e.value, p, 3, "treat")
    assert "mixed assignment" in msg and "'A'" in msg and "1 treated and 1 control" in msg


def test_mixed_assignment_is_fine_in_an_individual_design(tmp_path):
    p = write(tmp_path, replace_line(GOOD, 3, "s2,A,north,0,11.0,7"))
    df = load_trial(p, outcome="score", treatment="treat").data
    assert len(df) == 6


def test_cluster_in_two_blocks(tmp_path):
    p = write(tmp_path, replace_line(GOOD, 3, "s2,A,south,1,11.0,7"))
    with pytest.raises(DataError) as e:
        load_trial(p, **KW)
    assert "2 blocks" in named(e.value, p, 2, "block")


def test_too_few_clusters(tmp_path):
    p = write(tmp_path, GOOD)
    with pytest.raises(DataError) as e:
        load_trial(p, **{**KW, "min_clusters_per_arm": 3})
    msg = str(e.value)
    assert "too few clusters: 2 treated and 2 control" in msg and "at least 3" in msg


def test_one_arm_only(tmp_path):
    text = GOOD.replace(",0,", ",1,")
    p = write(tmp_path, text)
    with pytest.raises(DataError) as e:
        load_trial(p, outcome="score", treatment="treat")
    assert "only one arm" in str(e.value)


def test_missing_role_column(tmp_path):
    p = write(tmp_path, GOOD)
    with pytest.raises(DataError) as e:
        load_trial(p, **{**KW, "cluster": "classroom"})
    assert "missing column classroom" in named(e.value, p, 1, "classroom")


def test_non_strict_accounts_for_every_row(tmp_path):
    text = GOOD + ("s7,E,south,1,,6\ns8,F,south,2,9,6\ns9,C,south,0,9,6\ns10,G,south,0,8,6\n"
                   "s11,H,south,1,10,6\n")
    p = write(tmp_path, text)
    with pytest.warns(RejectedRowsWarning):
        trial = load_trial(p, **KW, strict=False)
    df, rej = trial.data, trial.rejected
    assert len(df) + len(rej) == 11 == trial.rows_in
    # s7 missing outcome, s8 not binary, and cluster C (s5 treated, s9 control) whole
    assert rej["line"].tolist() == [6, 8, 9, 10]
    assert set(df["student"]) == {"s1", "s2", "s3", "s4", "s6", "s10", "s11"}
    assert rej["reason"].str.contains("mixed assignment|missing outcome|not binary").all()


def test_check_trial_on_a_data_frame():
    df = pd.DataFrame({"y": [1.0, 2.0, None, 4.0], "t": [1, 0, 1, 0]})
    with pytest.raises(DataError) as e:
        check_trial(df, outcome="y", treatment="t")
    assert "line 4" in str(e.value) and "missing outcome" in str(e.value)


def test_latin1_file_gets_the_loaders_message(tmp_path):
    # the header is read with the same decoder as every loader (it used to raise a bare
    # UnicodeDecodeError before any DataError)
    p = tmp_path / "trial.csv"
    p.write_bytes(replace_line(GOOD, 3, "s2,Ä,north,1,11.0,7").encode("latin-1"))
    with pytest.raises(DataError) as e:
        load_trial(p, **KW)
    msg = str(e.value)
    assert "trial.csv" in msg and "line 3" in msg and "not valid UTF-8" in msg
    assert "Latin-1" in msg


def test_comment_lines_before_the_header_are_skipped(tmp_path):
    p = write(tmp_path, "# exported 2026 by a survey tool\n" + GOOD)
    trial = load_trial(p, **KW)
    assert len(trial.data) == 6 and trial.lines[0] == 3


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e400", "٢٠٠٦", "１０",
                                   "1_000", "10\x00"])
def test_outcomes_are_finite_ascii_numbers_even_in_strict_mode(tmp_path, value):
    p = write(tmp_path, replace_line(GOOD, 4, f"s3,B,north,0,{value},6"))
    with pytest.raises(DataError) as e:
        load_trial(p, **KW)
    named(e.value, p, 4, "score")


@pytest.mark.parametrize("value", ["NaN", "1_000", "inf", "٧"])
def test_a_bad_covariate_is_a_data_error_not_a_pandas_error(tmp_path, value):
    p = write(tmp_path, replace_line(GOOD, 4, f"s3,B,north,0,9.0,{value}"))
    with pytest.raises(DataError) as e:
        load_trial(p, **KW)
    assert "covariate is not a number" in named(e.value, p, 4, "age")
    with pytest.warns(RejectedRowsWarning):
        t = load_trial(p, strict=False, **{**KW, "design": "individual"})
    assert t.rows_in == len(t.data) + len(t.rejected) and len(t.rejected) == 1
