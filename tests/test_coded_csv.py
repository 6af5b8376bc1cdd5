"""The compiled engine for large survey files: splitter, lazy decoding, radix order, threads.

References (independent computations): the csv module plus :func:`pandas.factorize` for the
splitter's codes and distinct cells; ``numpy.argsort(kind="stable")`` for the radix order;
and the loader with every one of these engines switched off (the pandas reader, eager
decoding, one thread) for whole surveys, its messages included.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netlib import DataError
from netlib.cases.imst.generator import write_imst_survey
from netlib.cases.imst.survey import load_imst_survey
from netlib.data import coded_csv, int_keys, validate
from netlib.survey import core, files

# cells that stress the table: empty, white space, non-ASCII, 16-byte prefixes shared by
# longer cells that differ later, a cell that is a prefix of another
CELL = st.one_of(
    st.sampled_from(["", " ", "a", "Kärnten", "0123456789abcdef", "0123456789abcdefX",
                     "0123456789abcdefY", "0123456789abcdef" * 3, "😀", "a a", "\t"]),
    st.text(alphabet=st.characters(blacklist_characters=',\n\r"\x00',
                                   blacklist_categories=("Cs",)), max_size=40),
)


def reference(body: str, width: int) -> list[tuple[list[int], list[str]]]:
    """Codes and distinct cells of each column: the csv module and pandas.factorize."""
    rows = list(csv.reader(io.StringIO(body, newline="")))
    out = []
    for j in range(width):
        codes, uniques = pd.factorize(np.array([r[j] for r in rows], dtype=object))
        out.append((codes.tolist(), list(uniques)))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=60),
       parts=st.integers(1, 4), newline_at_end=st.booleans(), crlf=st.booleans())
def test_the_splitter_gives_what_the_csv_module_and_factorize_give(rows, parts,
                                                                    newline_at_end, crlf):
    end = "\r\n" if crlf else "\n"
    body = end.join(",".join(r) for r in rows) + (end if newline_at_end else "")
    raw = ("x,y,z\n" + body).encode("utf-8")
    coded, status = coded_csv.split_columns(raw, 6, 3, parts)
    assert status == 0
    got = [(codes.tolist(), list(uniques)) for codes, uniques in coded]
    assert got == reference(body, 3)
    assert all(codes.dtype == np.intp for codes, _ in coded)


@pytest.mark.parametrize("parts", [1, 2, 3])
@pytest.mark.parametrize(("body", "record"), [
    ("a,b\nc\nd,e\n", 2),  # too few fields
    ("a,b\nc,d,e\n", 2),  # too many
    ("a,b\n\nc,d\n", 2),  # an empty line
    ("a,b\nc,d\ne", 3),  # a short last line without its newline
])
def test_a_record_out_of_shape_stops_the_splitter_and_is_named(body, record, parts):
    coded, status = coded_csv.split_columns(("h,k\n" + body).encode(), 4, 2, parts)
    assert coded == [] and status == record


def test_cells_that_are_not_utf8_raise_and_quotes_cr_and_nul_stop_the_splitter():
    with pytest.raises(UnicodeDecodeError):
        coded_csv.split_columns(b"h,k\na,b\xff\n", 4, 2)
    for odd in (b'"', b"\r", b"\x00"):  # a CR that is not before a line end's LF too
        for parts in (1, 2):
            assert coded_csv.split_columns(b"h,k\na,b\nc" + odd + b",d\ne,f\n", 4, 2,
                                           parts) == ([], -1)
    assert coded_csv.split_columns(b"h,k\na,b\r\nc,d\r", 4, 2) == ([], -1)
    assert coded_csv.split_columns(b"h,k\na\r\nb,c\r\n", 4, 2) == ([], -1)


def test_parts_are_cut_after_line_ends_and_cover_the_body():
    raw = b"h\n" + b"".join(b"r%d\n" % i for i in range(1000))
    cuts = coded_csv._parts(raw, 2, 4)
    assert cuts[0][0] == 2 and cuts[-1][1] == len(raw)
    assert all(a == z for (_, a), (z, _) in zip(cuts, cuts[1:], strict=False))
    assert all(raw[a - 1:a] == b"\n" for a, _ in cuts)


@pytest.mark.parametrize("top", [0, 5, 4095, 4096, 2**24 - 1, 2**24, 2**36 - 1, 2**40])
def test_the_radix_order_is_numpys_stable_order(top, monkeypatch):
    monkeypatch.setattr(int_keys, "MIN_KEYS", 0)
    rng = np.random.default_rng(top % 97)
    keys = rng.integers(0, top + 1, 5000)
    keys[:3] = top  # ties among the largest keys too
    assert (int_keys.stable_argsort(keys) == np.argsort(keys, kind="stable")).all()
    with pytest.raises(ValueError):
        int_keys.stable_argsort(np.array([3, -1] * 30_000))


@pytest.fixture(scope="module")
def large_survey(tmp_path_factory):
    """A generated survey whose ties file is over the compiled engine's size (≈ 1.3 MB)."""
    d = tmp_path_factory.mktemp("large") / "survey"
    write_imst_survey(d, 7, respondents=2_000, ties=20_000)
    assert validate.splits((d / "ties.csv").read_bytes())
    return d


def test_a_large_survey_loads_alike_by_every_engine(large_survey, monkeypatch):
    tables, _ = files.read_tables(large_survey)
    assert tables["ties"].text is None and tables["ties"].raw  # checked, not decoded
    fast = load_imst_survey(large_survey)
    with monkeypatch.context() as m:  # pandas' reader, eager decoding, one thread
        m.setattr(validate, "CODED_BYTES", 10**15)
        m.setattr(int_keys, "MIN_KEYS", 10**15)
        m.setattr(core, "GATHER_THREADS_ROWS", 10**15)
        slow = load_imst_survey(large_survey)
    for name in ("respondents", "ties", "rejected"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name))
    assert fast.rows_in == slow.rows_in == {"respondents": 2_000, "ties": 20_000}


def _copy(src, dst, ties: bytes | None = None, respondents: bytes | None = None):
    dst.mkdir()
    (dst / "ties.csv").write_bytes(ties if ties is not None else
                                   (src / "ties.csv").read_bytes())
    (dst / "respondents.csv").write_bytes(respondents if respondents is not None else
                                          (src / "respondents.csv").read_bytes())
    return dst


def _error(path, monkeypatch, eager: bool, strict: bool = True) -> str:
    with monkeypatch.context() as m:
        if eager:  # pandas' reader, eager decoding, one thread
            m.setattr(validate, "CODED_BYTES", 10**15)
        with pytest.raises(DataError) as err:
            load_imst_survey(path, strict=strict)
    return str(err.value)


def _inserted(data: bytes, fraction: float, insert: bytes) -> tuple[bytes, int]:
    """``data`` with ``insert`` at the start of a line about ``fraction`` of the way in,
    and the number of that line."""
    at = data.index(b"\n", int(len(data) * fraction)) + 1
    return data[:at] + insert + data[at:], data[:at].count(b"\n") + 1


@pytest.mark.parametrize(("insert", "message"), [
    (b"\xe9", "not valid UTF-8"), (b"x,y\n", "fields but the header has"),
    (b"\xff\xfe", "not valid UTF-8"), (b'"x",y\n', "fields but the header has"),
    (b"x,y\r\n", "fields but the header has"), (b"\x00x,y\n", "fields but the header has")])
def test_a_bad_line_in_a_large_file_gets_the_same_message(large_survey, tmp_path,
                                                         monkeypatch, insert, message):
    ties, line = _inserted((large_survey / "ties.csv").read_bytes(), 0.5, insert)
    bad = _copy(large_survey, tmp_path / "bad", ties=ties)
    lazy, eager = _error(bad, monkeypatch, False), _error(bad, monkeypatch, True)
    assert lazy == eager and message in lazy and f"line {line}" in lazy


def test_a_comment_line_that_is_not_utf8_is_named_too(large_survey, tmp_path, monkeypatch):
    ties = (large_survey / "ties.csv").read_bytes()
    bad = _copy(large_survey, tmp_path / "comment", ties=b"# caf\xe9\n" + ties)
    lazy, eager = _error(bad, monkeypatch, False), _error(bad, monkeypatch, True)
    assert lazy == eager and "not valid UTF-8" in lazy and "line 1" in lazy


def test_a_large_file_with_quotes_bom_or_crlf_is_read_alike(large_survey, tmp_path):
    ties = (large_survey / "ties.csv").read_bytes()
    comment, header, rest = ties.split(b"\n", 2)
    quoted = comment + b"\n" + header + b'\n"' + rest.replace(b",", b'",', 1)  # "id",…
    given = load_imst_survey(large_survey)
    crlf = ties.replace(b"\n", b"\r\n")
    lines = ties.split(b"\n")
    mixed = b"\r\n".join(lines[:5000]) + b"\r\n" + b"\n".join(lines[5000:])  # CRLF, then LF
    for name, data in (("quoted", quoted), ("crlf", crlf), ("bom", b"\xef\xbb\xbf" + crlf),
                       ("mixed", mixed)):
        (tmp_path / name).mkdir()  # the folder's name is the pseudonyms' scope: the same
        again = load_imst_survey(_copy(large_survey, tmp_path / name / large_survey.name,
                                       ties=data))
        pd.testing.assert_frame_equal(given.ties, again.ties)


def test_errors_come_in_the_order_of_a_sequential_load(large_survey, tmp_path, monkeypatch):
    """The ties are read in a thread while the respondents are checked: a structural error
    of the ties is still raised before a row error of the respondents (strict mode)."""
    resp = (large_survey / "respondents.csv").read_bytes()
    first = resp.index(b"\nsyn-") + 1
    bad_row = resp[:first] + resp[first:].replace(b"coordinator", b"nobody", 1)
    ties, _ = _inserted((large_survey / "ties.csv").read_bytes(), 0.5, b"x,y\n")
    both = _copy(large_survey, tmp_path / "both", respondents=bad_row, ties=ties)
    lazy, eager = _error(both, monkeypatch, False), _error(both, monkeypatch, True)
    assert lazy == eager and "ties.csv" in lazy and "fields but the header has" in lazy
    only = _copy(large_survey, tmp_path / "only", respondents=bad_row)
    lazy, eager = _error(only, monkeypatch, False), _error(only, monkeypatch, True)
    assert lazy == eager and "respondents.csv" in lazy and "nobody" in lazy
