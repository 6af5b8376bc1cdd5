"""Bytes a loader never expected: each one is a DataError that says what is wrong and where,
never another exception and never a value silently accepted."""

import csv
import io
import shutil

import pytest

from netlib import DataError, load
from netlib.cases.imst.survey import SHIPPED_SURVEY, load_imst_survey
from netlib.data.paths import RAW
from netlib.privacy import KEY_ENV

KEY = "a-user-key-of-more-than-16-bytes"


@pytest.fixture(autouse=True)
def user_key(monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)


def peers_with(tmp_path, column, value):
    """A copy of Tableau 1 with one cell of the first data row replaced by ``value``."""
    rows = list(csv.reader(io.StringIO((RAW / "idos_peers.csv").read_text(encoding="utf-8"))))
    rows[1][rows[0].index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path = tmp_path / "peers.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("value, problem", [
    ("٢٠٠٦", "not an integer"),            # Arabic-Indic digits
    ("２００６", "not an integer"),          # full-width digits
    ("2006\x00", "control character"),    # NUL byte
    ("20\u200b06", "not an integer"),      # zero-width space
    ("1" * 30, "integer too large"),       # would overflow int64 (was OverflowError)
    ("1_000", "not an integer"),
])
def test_integers_are_ascii_digits_that_fit(tmp_path, value, problem):
    path = peers_with(tmp_path, "year_founded", value)
    with pytest.raises(DataError, match=problem) as e:
        load.load_idos_peers(path)
    assert (e.value.line, e.value.column) == (2, "year_founded")


def test_invisible_and_look_alike_characters_are_shown_by_code_point(tmp_path):
    path = peers_with(tmp_path, "year_founded", "２００６")
    with pytest.raises(DataError) as e:
        load.load_idos_peers(path)
    assert "U+FF12 FULLWIDTH DIGIT TWO" in str(e.value)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "NaN"])
def test_non_finite_numbers_are_refused(tmp_path, value):
    rows = (RAW / "facts.csv").read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([rows[0]]))
    first = next(csv.reader([rows[1]]))
    first[header.index("value")] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, first])
    path = tmp_path / "facts.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    with pytest.raises(DataError, match="not a number|not a finite number") as e:
        load.load_facts(path)
    assert e.value.column == "value"


def test_nfd_text_is_normalised_before_matching(tmp_path):
    d = tmp_path / "s"
    shutil.copytree(SHIPPED_SURVEY, d)
    f = d / "respondents.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("Kärnten", "Ka\u0308rnten"),
                 encoding="utf-8")
    s = load_imst_survey(d)
    assert len(s.rejected) == 0 and "Kärnten" in set(s.respondents["region"])


def test_a_stray_quote_in_a_large_file_names_its_line(tmp_path):
    text = (RAW / "facts.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    big = "\n".join([lines[0], *lines[1:5], '"' + lines[5], *(lines[6:] * 400)]) + "\n"
    path = tmp_path / "facts.csv"
    path.write_text(big, encoding="utf-8")
    with pytest.raises(DataError) as e:
        load.load_facts(path)
    assert e.value.line is not None and e.value.line >= 6
    assert "quote" in str(e.value)


@pytest.mark.parametrize("encoding, name", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
                                            ("utf-32", "UTF-32")])
def test_utf16_is_named(tmp_path, encoding, name):
    path = tmp_path / "peers.csv"
    path.write_bytes((RAW / "idos_peers.csv").read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(DataError, match=name) as e:
        load.load_idos_peers(path)
    assert "Latin-1" not in str(e.value)


def test_a_directory_is_not_reported_as_missing(tmp_path):
    (tmp_path / "peers.csv").mkdir()
    with pytest.raises(DataError, match="is a directory"):
        load.load_idos_peers(tmp_path / "peers.csv")


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", b"a,b\n1,2\n"])
def test_a_corrupt_or_renamed_workbook_is_a_data_error(tmp_path, content):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(content)
    with pytest.raises(DataError, match="not a readable Excel workbook"):
        load_imst_survey(path)


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".csv"])
def test_other_file_kinds_get_a_useful_message(tmp_path, suffix):
    path = tmp_path / f"survey{suffix}"
    path.write_bytes(b"x")
    with pytest.raises(DataError, match=r"cannot read a \.\w+ file as a survey"):
        load_imst_survey(path)


def _workbook(tmp_path, name="survey.xlsx", edit=None):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in ("respondents", "ties"):
        ws = wb.create_sheet(sheet)
        lines = [ln for ln in (SHIPPED_SURVEY / f"{sheet}.csv").read_text(
            encoding="utf-8").splitlines() if not ln.startswith("#")]
        for row in csv.reader(lines):
            ws.append(row)
    if edit:
        edit(wb)
    wb.save(tmp_path / name)
    return tmp_path / name


def test_xlsm_loads_like_xlsx(tmp_path):
    a = load_imst_survey(_workbook(tmp_path, "a.xlsx"), scope="x")
    b = load_imst_survey(_workbook(tmp_path, "b.xlsm"), scope="x")
    assert a.respondents.equals(b.respondents)


def test_merged_cells_are_named(tmp_path):
    path = _workbook(tmp_path, edit=lambda wb: wb["ties"].merge_cells("C4:C6"))
    with pytest.raises(DataError, match="merged cells C4:C6") as e:
        load_imst_survey(path)
    assert e.value.line == 4 and "[ties]" in e.value.file


def test_formulas_without_stored_values_are_named(tmp_path):
    def formula(wb):
        wb["respondents"]["C3"] = "=A2"
    path = _workbook(tmp_path, edit=formula)
    with pytest.raises(DataError, match="formula without a stored value") as e:
        load_imst_survey(path)
    assert (e.value.line, e.value.column) == (3, "role")


def test_xlsx_summary_counts_rejected_rows_per_sheet(tmp_path):
    def spoil(wb):
        wb["ties"]["E2"] = "fortnightly"
        wb["ties"]["E3"] = "fortnightly"
        wb["respondents"]["B2"] = "Atlantis"
    s = load_imst_survey(_workbook(tmp_path, edit=spoil))
    summary = s.summary()
    assert summary["ties: rejected"] >= 2 and summary["respondents: rejected"] == 1
    for sheet in ("respondents", "ties"):
        assert summary[f"{sheet}: rows in"] == (summary[f"{sheet}: kept"]
                                                + summary[f"{sheet}: rejected"])
