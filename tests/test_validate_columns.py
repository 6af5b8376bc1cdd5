"""The column-wise validator gives what checking the records one by one gives.

Reference: :func:`tests.reference.validate_rows_loop`, the record-by-record validator (the
csv module, ``Column.parse`` on every cell, a dict of keys) that ``validate_text`` replaced.
Random CSV texts mix every kind of column and the awkward cases of real exports: comment
lines, blank and white-space-only lines, CRLF, quoted cells (with commas, quotes and line
breaks), case variants and aliases of categories, Unicode white space, control
characters, numbers out of range, duplicate keys, ragged records. Both engines of
``read_table`` (the fast path and the exact csv path) are compared on the same texts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netlib.data import coded_csv, validate
from netlib.data.errors import DataError
from netlib.data.schema import Column, Schema
from tests.reference import validate_rows_loop

SCHEMA = Schema(
    name="t", file="t.csv", key=("id", "n"),
    columns=(
        Column("id"),
        Column("n", kind="int", min=0, max=99),
        Column("x", kind="float", required=False),
        Column("cat", kind="category", categories=("Wien", "Tirol"),
               aliases={"Vienna": "Wien", "Tyrol": "Tirol"}, casefold=True),
        Column("tags", kind="list", categories=("a", "b", "c"), casefold=True),
        Column("note", required=False, optional=True),
        Column("code", required=False, pattern=r"[A-Z]{2}"),
    ),
)
CELLS = {
    "id": ["r1", "r2", "r3", " r1 ", "r\u00a0", "", "R1", "a  b", "Ka\u0308rnten", "x\x01"],
    "n": ["1", "2", "+3", "-1", "100", "1.0", "", "٣", " 7 ", "99999999999999999999"],
    "x": ["1.5", "", ".5", "1e400", "nan", "-2e3", "inf", "x"],
    "cat": ["Wien", "wien", "VIENNA", "Tyrol", "tirol", "Graz", "", " Wien "],
    "tags": ["a", "a;b", "A;c", "a;a", "a;;b", "d", "b; c", ""],
    "note": ["", "some text", "  spaced   out ", "tab\there", "é"],
    "code": ["AB", "", "XY", "ab", "ABC", "Z"],
}
# the first three texts of each column are valid; drawn 85 % of the time
QUOTED = ['"with, comma"', '"say ""hi"""', '"two\nlines"']


def random_text(rng: np.random.Generator, quotes: bool, crlf: bool, drop_note: bool,
                ragged: bool) -> str:
    cols = [c.name for c in SCHEMA.columns if not (drop_note and c.name == "note")]
    lines = [f"# comment {k}" for k in range(rng.integers(0, 3))]
    lines.append(",".join(cols))
    for _ in range(rng.integers(0, 40)):
        r = rng.random()
        if r < 0.05:
            lines.append("")
        elif r < 0.08:
            lines.append(" , ,\u3000" if rng.random() < 0.5 else "   ")
        else:
            cells = [CELLS[c][rng.integers(3) if rng.random() < 0.85
                              else rng.integers(len(CELLS[c]))] for c in cols]
            if quotes and rng.random() < 0.2:
                cells[cols.index("note") if "note" in cols else 0] = QUOTED[rng.integers(3)]
            if ragged and rng.random() < 0.05:
                cells.append("extra")
            lines.append(",".join(cells))
    text = "\n".join(lines) + ("\n" if rng.random() < 0.7 else "")
    return text.replace("\n", "\r\n") if crlf else text


def outcome(f, text: str, strict: bool):
    try:
        v = f("t.csv", text, SCHEMA, strict=strict)
    except DataError as err:
        return ("error", str(err))
    return ("ok", v.data, v.rejected, v.rows_in, list(v.lines))


def same(a, b) -> None:
    assert a[0] == b[0], (a, b)
    if a[0] == "error":
        assert a[1] == b[1]
        return
    pd.testing.assert_frame_equal(a[1], b[1])
    pd.testing.assert_frame_equal(a[2], b[2])
    assert a[3:] == b[3:]


@pytest.fixture
def arrays_always(monkeypatch):
    """The array machinery even for small texts (the tests' texts are small)."""
    monkeypatch.setattr(validate, "SMALL_TEXT", 0)
    monkeypatch.setattr(validate, "SMALL_TABLE", 0)
    monkeypatch.setattr(validate, "_SAMPLE_BYTES", 64)  # column types from a few records


@pytest.mark.parametrize("seed", range(60))
def test_column_wise_equals_record_by_record(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    text = random_text(rng, quotes=seed % 3 == 0, crlf=seed % 4 == 1, drop_note=seed % 5 == 2,
                       ragged=seed % 7 == 3)
    for strict in (False, True):
        ref = outcome(validate_rows_loop, text, strict)
        same(outcome(validate.validate_text, text, strict), ref)  # small-file settings
        with monkeypatch.context() as m:  # the fast engine and pandas.factorize
            m.setattr(validate, "SMALL_TEXT", 0)
            m.setattr(validate, "SMALL_TABLE", 0)
            same(outcome(validate.validate_text, text, strict), ref)
            m.setattr(validate, "_SAMPLE_BYTES", 64)  # columns factorised by the reader
            same(outcome(validate.validate_text, text, strict), ref)
            m.setattr(validate, "CODED_BYTES", 0)  # the compiled splitter, in parts
            m.setattr(coded_csv, "PART_BYTES", 16)
            same(outcome(validate.validate_text, text, strict), ref)
            m.setattr(validate, "_fast_table", lambda *args, **kwargs: None)  # exact engine
            same(outcome(validate.validate_text, text, strict), ref)


def test_the_fast_engine_reads_plain_files_and_keeps_physical_line_numbers(arrays_always):
    text = "# label\n# more\nid,n\n\nr1,1\r\n , \nr2,2\n"
    table = validate.read_table("t.csv", text.replace("\r\n", "\n"))
    assert table.fast
    assert table.lines.tolist() == [5, 7]  # lines 1-2 comments, 3 header, 4 and 6 blank
    assert [list(c) for c in table.cells] == [["r1", "r2"], ["1", "2"]]
    assert not validate.read_table("t.csv", 'id,n\n"r1",1\n').fast  # quotes: exact engine


@pytest.mark.parametrize("seed", range(20))
def test_read_records_is_the_same_by_both_engines(seed, arrays_always):
    rng = np.random.default_rng(seed)
    text = random_text(rng, quotes=False, crlf=seed % 2 == 1, drop_note=False, ragged=False)
    assert validate.read_records("t.csv", text) == validate.read_records_exact("t.csv", text)


def test_a_ragged_record_is_reported_alike_by_both_engines(monkeypatch, arrays_always):
    text = "id,n\nr1,1\n\nr2,2,3\n"
    with pytest.raises(DataError) as fast:
        validate.read_table("t.csv", text)
    monkeypatch.setattr(validate, "_fast_table", lambda *args, **kwargs: None)
    with pytest.raises(DataError) as exact:
        validate.read_table("t.csv", text)
    assert str(fast.value) == str(exact.value)
    assert fast.value.line == 4


def test_blank_lines_of_many_commas_are_read_exactly(arrays_always):
    text = "id,n\nr1,1\n , , , ,\nr2,2\n"
    table = validate.read_table("t.csv", text)
    assert table.lines.tolist() == [2, 4] and [list(c) for c in table.cells] == [
        ["r1", "r2"], ["1", "2"]]


def test_small_texts_take_the_csv_module():
    assert not validate.read_table("t.csv", "id,n\nr1,1\n").fast


def _both_engines(text: str, monkeypatch) -> tuple[object, object]:
    """``read_table`` by the fast engine and by the exact one (cells and lines, or the
    error message)."""
    def read() -> object:
        try:
            t = validate.read_table("t.csv", text)
        except DataError as err:
            return str(err)
        return t.header, [list(c) for c in t.cells], t.lines.tolist()

    fast = read()
    with monkeypatch.context() as m:  # the compiled splitter reads it alike
        m.setattr(validate, "CODED_BYTES", 0)
        m.setattr(coded_csv, "PART_BYTES", 16)
        assert read() == fast
    with monkeypatch.context() as m:
        m.setattr(validate, "_fast_table", lambda *args, **kwargs: None)
        exact = read()
    return fast, exact


@pytest.mark.parametrize("cells", [
    ["02", "2", "2.0", "1e3"],  # numbers: pandas would read categories 2, 2, 2.0, 1000.0
    ["True", "False", "true"],  # booleans
    [" 1", "1", "01"],  # white space and zeros around digits
    ["1", "x", "01"],  # mixed
])
def test_cells_that_look_like_numbers_are_kept_verbatim(cells, monkeypatch, arrays_always):
    """A column of few distinct cells is factorised by pandas' reader, which would turn
    categories that all look like numbers or booleans into numbers ("02" → 2)."""
    rows = [f"r{i},{cells[i % len(cells)]}" for i in range(40)]
    text = "id,n\n" + "\n".join(rows) + "\n"
    table = validate.read_table("t.csv", text)
    assert table.fast
    assert list(table.cells[1]) == [cells[i % len(cells)] for i in range(40)]
    fast, exact = _both_engines(text, monkeypatch)
    assert fast == exact


def test_a_first_record_with_an_extra_field_is_not_taken_for_an_index(monkeypatch,
                                                                       arrays_always):
    """The commas add up (one record has one too many, another one too few), and the
    long record is the first: pandas would read it as an index and shift its cells."""
    text = "id,n,x\nr1,1,2,3\nr2,2\nr3,3,4\n"
    fast, exact = _both_engines(text, monkeypatch)
    assert fast == exact and isinstance(fast, str) and "line 2" in fast


def test_a_field_over_the_csv_modules_limit_is_reported_alike(monkeypatch, arrays_always):
    """No line is scanned on the simple path: a field as long as the csv module's limit is
    still found (on the distinct cells) and read by the exact engine."""
    text = "id,n\n" + "r1," + "9" * validate._FIELD_LIMIT + "\nr2,2\n"
    assert validate._simple_layout(text.encode()) is not None
    fast, exact = _both_engines(text, monkeypatch)
    assert fast == exact


def test_the_reader_factorises_columns_of_few_distinct_cells(arrays_always):
    ids = [f"r{i}" for i in range(3000)]
    text = "id,n\n" + "\n".join(f"{r},{i % 3}" for i, r in enumerate(ids)) + "\n"
    head = text.encode()[5:]
    kinds = validate._reading_types(head, 2, dict(header=None, names=[0, 1],
                                                  keep_default_na=False, na_filter=False))
    assert kinds == {0: str, 1: "category"}
    table = validate.read_table("t.csv", text)
    codes, uniques = table.coded[1]
    assert [uniques[c] for c in codes] == [str(i % 3) for i in range(3000)]
    assert list(table.cells[0]) == ids
