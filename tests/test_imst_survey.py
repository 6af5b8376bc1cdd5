"""The IMST survey contract: loading, normalisation, rejected rows, pseudonymisation."""

import csv
import io
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netlib import DataError
from netlib.cases.imst.generator import IMST_SEED, imst_survey, write_imst_survey
from netlib.cases.imst.survey import SHIPPED_SURVEY, load_imst_survey
from netlib.data.paths import RAW
from netlib.privacy import KEY_ENV, SYNTHETIC_KEY

TEST_KEY = "a-test-key-of-more-than-16-bytes"


@pytest.fixture(autouse=True)
def user_key(monkeypatch):
    """Surveys written by these tests are not labelled synthetic: they need the user's key."""
    monkeypatch.setenv(KEY_ENV, TEST_KEY)

RESP_HEADER = ["respondent_id", "region", "role", "institutions"]
TIE_HEADER = ["respondent_id", "alter_id", "alter_region", "alter_institution", "frequency",
              "content"]


def write(d, respondents, ties, encoding="utf-8", bom=False):
    d.mkdir(parents=True, exist_ok=True)
    for name, header, rows in (("respondents.csv", RESP_HEADER, respondents),
                               ("ties.csv", TIE_HEADER, ties)):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        data = buf.getvalue().encode(encoding)
        (d / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return d


BASE_RESP = [["anna", "Kärnten", "coordinator", "working_group"],
             ["ben", "Wien", "steering_group", "university;working_group"],
             ["cleo", "Steiermark", "steering_group", "company"]]
BASE_TIES = [["anna", "ben", "Wien", "university", "weekly", "cooperation"],
             ["anna", "", "Kärnten", "primary_school", "monthly", "information"],
             ["ben", "anna", "Kärnten", "working_group", "weekly", "information"]]


def test_shipped_survey_is_synthetic_and_consistent():
    s = load_imst_survey()
    assert s.synthetic and "synthetic" in s.label
    assert s.source == "data/raw/imst_survey_synthetic"
    assert s.rows_in == {"respondents": len(s.respondents), "ties": len(s.ties)}
    assert len(s.rejected) == 0
    assert s.respondents["region"].nunique() == 9


def test_shipped_survey_is_what_the_generator_writes(tmp_path):
    write_imst_survey(tmp_path, IMST_SEED)
    for name in ("respondents.csv", "ties.csv"):
        assert (tmp_path / name).read_bytes() == (SHIPPED_SURVEY / name).read_bytes()


def test_generator_is_seeded():
    a, b, c = imst_survey(1), imst_survey(1), imst_survey(2)
    pd.testing.assert_frame_equal(a[1], b[1])
    assert not a[1].equals(c[1])


def test_ids_are_pseudonymised_everywhere(tmp_path):
    ties = BASE_TIES + [["anna", "zoe", "Wien", "university", "weekly", "cooperation"]]
    s = load_imst_survey(write(tmp_path / "s", BASE_RESP, ties))
    text = s.respondents.to_csv() + s.ties.to_csv() + s.rejected.to_csv()
    for name in ("anna", "ben", "cleo", "zoe"):
        assert name not in text
    assert s.respondents["respondent_id"].str.fullmatch(r"R-[0-9a-f]{20}").all()
    # the same person gets the same pseudonym in both tables
    assert set(s.ties["respondent_id"]) <= set(s.respondents["respondent_id"])
    shipped = load_imst_survey()
    assert not shipped.ties["respondent_id"].str.contains("syn-").any()


def test_normalisation_english_names_case_and_whitespace(tmp_path):
    resp = [["a", " carinthia ", "Coordinator", "Working_Group"],
            ["b", "VIENNA", "steering_group", " university ; company "],
            ["c", "Styria", "steering_group", "other"],
            ["d", "Lower Austria", "steering_group", "other"],
            ["e", "upper austria", "steering_group", "other"],
            ["f", "Tyrol", "steering_group", "other"]]
    ties = [["a", "b", "vienna", "UNIVERSITY", "Weekly", "Cooperation"]]
    s = load_imst_survey(write(tmp_path / "s", resp, ties))
    assert sorted(s.respondents["region"]) == sorted(
        ["Kärnten", "Wien", "Steiermark", "Niederösterreich", "Oberösterreich", "Tirol"])
    assert set(s.respondents["institutions"]) >= {"working_group", "university;company"}
    assert s.ties.loc[0, "alter_region"] == "Wien" and s.ties.loc[0, "frequency"] == "weekly"
    assert s.ties.loc[0, "within_region"] == False  # noqa: E712  (Kärnten → Wien)


@pytest.mark.parametrize("bom", [False, True])
def test_karnten_survives_utf8_and_bom(tmp_path, bom):
    s = load_imst_survey(write(tmp_path / "s", BASE_RESP, BASE_TIES, bom=bom))
    assert "Kärnten" in set(s.respondents["region"])


def test_latin1_gets_a_clear_message(tmp_path):
    d = write(tmp_path / "s", BASE_RESP, BASE_TIES, encoding="latin-1")
    with pytest.raises(DataError) as e:
        load_imst_survey(d)
    msg = str(e.value)
    assert "respondents.csv" in msg and "line 2" in msg and "not valid UTF-8" in msg
    assert "Latin-1" in msg


@pytest.mark.parametrize("bad_row,expected", [
    (["dan", "Bavaria", "steering_group", "other"], "region: unknown category"),
    (["dan", "Wien", "chair", "other"], "role: unknown category"),
    (["dan", "Wien", "steering_group", "school"], "institutions: unknown category"),
    (["dan", "", "steering_group", "other"], "region: empty value"),
    (["dan", "Wien", "steering_group", "other;company;university;primary_school"],
     "more than 3 institutions"),
    (["anna", "Wien", "steering_group", "other"], "duplicate key"),
])
def test_respondent_rows_rejected_with_reason(tmp_path, bad_row, expected):
    s = load_imst_survey(write(tmp_path / "s", BASE_RESP + [bad_row], BASE_TIES))
    assert len(s.respondents) == 3 and len(s.rejected) == 1
    rej = s.rejected.iloc[0]
    assert rej["line"] == 5 and rej["file"].endswith("respondents.csv")
    assert expected in rej["reason"]
    with pytest.raises(DataError, match=re.escape(expected.split(": ")[-1])):
        load_imst_survey(tmp_path / "s", strict=True)


@pytest.mark.parametrize("bad_row,expected", [
    (["anna", "zoe", "Wien", "university", "weekly", "information"], "tie to an unknown"),
    (["zoe", "", "Wien", "university", "weekly", "information"], "tie from an unknown"),
    (["anna", "anna", "Kärnten", "working_group", "weekly", "information"], "self-tie"),
    # the same pair *and* relation (a second relation for the pair is a tie of its own)
    (["anna", "ben", "Wien", "university", "daily", "cooperation"], "duplicate tie"),
    (["anna", "", "Kärnten", "primary_school", "monthly", "information"], "duplicate tie"),
    (["anna", "", "Kärnten", "primary_school", "fortnightly", "information"],
     "frequency: unknown category"),
    (["anna", "", "Mars", "primary_school", "weekly", "information"],
     "alter_region: unknown category"),
    (["anna", "", "Wien", "", "weekly", "information"], "alter_institution: empty value"),
])
def test_tie_rows_rejected_with_reason(tmp_path, bad_row, expected):
    s = load_imst_survey(write(tmp_path / "s", BASE_RESP, BASE_TIES + [bad_row]))
    assert len(s.ties) == 3 and len(s.rejected) == 1
    rej = s.rejected.iloc[0]
    assert rej["line"] == 5 and rej["file"].endswith("ties.csv")
    assert expected in rej["reason"]
    with pytest.raises(DataError) as e:
        load_imst_survey(tmp_path / "s", strict=True)
    assert "ties.csv, line 5" in str(e.value)


def test_ties_of_a_rejected_respondent_say_so(tmp_path):
    resp = BASE_RESP[:2] + [["cleo", "Styria", "steering_group", "spaceship"]]
    ties = BASE_TIES + [["cleo", "", "Steiermark", "company", "weekly", "cooperation"]]
    s = load_imst_survey(write(tmp_path / "s", resp, ties))
    reasons = " | ".join(s.rejected["reason"])
    assert "tie from a respondent whose row was rejected" in reasons
    assert s.summary()["ties: rows in"] == 4 and s.summary()["ties: rejected"] == 1


@pytest.mark.parametrize("drop", ["respondents.csv", "ties.csv"])
def test_missing_file_is_structural(tmp_path, drop):
    d = write(tmp_path / "s", BASE_RESP, BASE_TIES)
    (d / drop).unlink()
    with pytest.raises(DataError, match=f"{drop}: file not found"):
        load_imst_survey(d)


def test_missing_column_is_structural(tmp_path):
    d = write(tmp_path / "s", BASE_RESP, BASE_TIES)
    text = (d / "ties.csv").read_text().replace(",content", "").replace(",cooperation", "")
    (d / "ties.csv").write_text(text.replace(",information", ""))
    with pytest.raises(DataError, match="missing column content"):
        load_imst_survey(d)


def test_xlsx_workbook_loads_like_the_csv_directory(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, path in (("respondents", RAW / "imst_survey_synthetic" / "respondents.csv"),
                       ("ties", RAW / "imst_survey_synthetic" / "ties.csv")):
        ws = wb.create_sheet(name)
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
                 if not ln.startswith("#")]
        for row in csv.reader(lines):
            ws.append(row)
    wb.save(tmp_path / "survey.xlsx")
    x = load_imst_survey(tmp_path / "survey.xlsx", key=SYNTHETIC_KEY,
                         scope="imst_survey_synthetic")
    c = load_imst_survey()
    assert x.summary().equals(c.summary())
    pd.testing.assert_frame_equal(x.respondents, c.respondents)
    pd.testing.assert_frame_equal(x.ties, c.ties)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_rows_in_equal_kept_plus_rejected(tmp_path_factory, data):
    respondents, ties = imst_survey(7)
    resp = respondents.astype(str).to_numpy().tolist()
    tie = ties.drop(columns="alter_organisation").astype(str).to_numpy().tolist()
    n_bad = data.draw(st.integers(0, 20))
    for _ in range(n_bad):
        i = data.draw(st.integers(0, len(tie) - 1))
        j = data.draw(st.integers(0, len(TIE_HEADER) - 1))
        tie[i][j] = data.draw(st.sampled_from(["", "??", "syn-999999", tie[i][0]]))
    d = write(tmp_path_factory.mktemp("s"), resp, tie)
    s = load_imst_survey(d)
    summary = s.summary()
    assert summary["ties: rows in"] == len(tie)
    assert summary["ties: kept"] + summary["ties: rejected"] == len(tie)
    assert summary["respondents: kept"] == len(resp)
    assert s.rejected["line"].between(2, len(tie) + 1).all()


@pytest.mark.parametrize("n, m", [(200, 1500), (40, 1000)])  # thinned; contacts scaled up
def test_a_survey_of_any_size_is_in_the_contract(tmp_path, n, m):
    write_imst_survey(tmp_path, 7, respondents=n, ties=m)
    s = load_imst_survey(tmp_path)  # labelled synthetic: the public key
    assert s.synthetic and "respondents=" + str(n) in s.label
    assert len(s.respondents) == n and len(s.ties) == m and s.rejected.empty
    assert s.respondents["region"].value_counts().agg(["min", "max"]).tolist() in (
        [n // 9, n // 9], [n // 9, n // 9 + 1])
    a, b = imst_survey(7, respondents=n, ties=m), imst_survey(7, respondents=n, ties=m)
    pd.testing.assert_frame_equal(a[1], b[1])  # seeded


def test_the_command_needs_an_output_folder_for_a_sized_survey():
    from netlib.cases.imst.__main__ import main

    with pytest.raises(SystemExit):
        main(["--respondents", "100"])


def test_the_loader_pauses_the_cyclic_collector_and_restores_it(monkeypatch):
    """The collector is off while the survey is built, and on again after (also after an
    error), unless it was off before."""
    import gc

    import netlib.survey.core as core

    seen = []
    real = core._check_ties
    monkeypatch.setattr(core, "_check_ties", lambda *a, **k: seen.append(gc.isenabled())
                        or real(*a, **k))
    assert gc.isenabled()
    load_imst_survey()
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        load_imst_survey()
        assert not gc.isenabled()
    finally:
        gc.enable()
    monkeypatch.setattr(core, "_check_ties", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        load_imst_survey()
    assert gc.isenabled()


@pytest.mark.parametrize("bom", [False, True])
def test_reader_given_the_file_bytes_reads_what_it_reads_from_the_text(tmp_path, monkeypatch,
                                                                       bom):
    """The loader hands the reader the file's bytes (BOM removed) instead of encoding the
    decoded text again: on a file with a BOM and non-ASCII cells (the fast path forced),
    the survey equals the one read from the text alone."""
    from netlib.data import validate
    from netlib.survey import core

    monkeypatch.setattr(validate, "SMALL_TEXT", 0)
    d = write(tmp_path / "s", BASE_RESP, BASE_TIES, bom=bom)
    given = load_imst_survey(d)
    seen = []
    reader = core.read_table

    def text_only(fname, text, raw=None, threads=None, decoded=None):
        seen.append(raw is not None and raw == text.encode("utf-8"))
        return reader(fname, text)

    monkeypatch.setattr(core, "read_table", text_only)
    again = load_imst_survey(d)
    assert seen == [True, True]  # both files came with their bytes, and the right ones
    pd.testing.assert_frame_equal(given.respondents, again.respondents)
    pd.testing.assert_frame_equal(given.ties, again.ties)
    assert "Kärnten" in set(given.respondents["region"])
