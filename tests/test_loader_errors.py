"""Property-based tests: malformed tables give one clear DataError, and nothing is lost.

Each test starts from a real raw table, breaks it in a way hypothesis chooses, and asserts
that the loader raises :class:`netlib.DataError` (a ValueError) whose message names the
file, the line, the column, the bad value and what was expected.
"""

import csv
import io
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netlib import DataError, load
from netlib.cases.tables import IDOS_PEERS, LINKS_NODES, PEER_IDS, REGIONS
from netlib.data import provenance
from netlib.data.paths import RAW

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"),
    min_size=1, max_size=12,
)


def read_rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((RAW / name).read_text(encoding="utf-8"), newline="")))


def write_rows(path, rows, encoding="utf-8") -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def line_of(rows: list[list[str]], k: int) -> int:
    """1-based line on which ``rows[k]`` starts (``rows[0]`` is the header, on line 1)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows[:k])
    return buf.getvalue().count("\n") + 1


def assert_names(err: DataError, path, line=None, column=None) -> None:
    msg = str(err)
    assert isinstance(err, ValueError)
    assert path.name in msg
    if line is not None:
        assert f"line {line}" in msg and err.line == line
    if column is not None:
        assert f"column '{column}'" in msg


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@SETTINGS
@given(col=st.sampled_from([c.name for c in IDOS_PEERS.columns]))
def test_missing_column(tmp_path, col):
    rows = read_rows(IDOS_PEERS.file)
    j = rows[0].index(col)
    path = tmp_path / "peers.csv"
    write_rows(path, [r[:j] + r[j + 1:] for r in rows])
    with pytest.raises(DataError) as e:
        load.load_idos_peers(path)
    assert_names(e.value, path, line=1, column=col)
    assert "missing column" in str(e.value) and "expected columns" in str(e.value)


@SETTINGS
@given(name=st.from_regex(r"[a-z]{3,10}", fullmatch=True))
def test_extra_column(tmp_path, name):
    rows = read_rows(IDOS_PEERS.file)
    if name in rows[0]:
        return
    path = tmp_path / "peers.csv"
    write_rows(path, [rows[0] + [name]] + [r + ["x"] for r in rows[1:]])
    with pytest.raises(DataError) as e:
        load.load_idos_peers(path)
    assert_names(e.value, path, line=1, column=name)
    assert "unexpected column" in str(e.value)


@SETTINGS
@given(data=st.data(), bad=cell_text.filter(
    lambda s: not re.fullmatch(r"\s*[+-]?[0-9]+\s*", s, flags=re.ASCII)))
def test_wrong_type(tmp_path, data, bad):
    rows = read_rows(IDOS_PEERS.file)
    i = data.draw(st.integers(0, len(rows) - 2))
    j = rows[0].index("year_founded")
    rows[i + 1][j] = bad
    path = tmp_path / "peers.csv"
    write_rows(path, rows)
    with pytest.raises(DataError) as e:
        load.load_idos_peers(path)
    assert_names(e.value, path, line=line_of(rows, i + 1), column="year_founded")
    msg = str(e.value)
    if CONTROL.search(bad):
        assert "control character" in msg and repr(bad) in msg
    elif bad.strip():
        assert "not an integer" in msg and repr(bad) in msg and "expected an integer" in msg
    else:
        assert "empty value" in msg


@SETTINGS
@given(data=st.data(), bad=cell_text.filter(
    lambda s: s.strip() and s.strip() not in PEER_IDS and ";" not in s))
def test_unknown_category_lists_allowed_values(tmp_path, data, bad):
    rows = read_rows(IDOS_PEERS.file)
    i = data.draw(st.integers(0, len(rows) - 2))
    rows[i + 1][0] = bad
    path = tmp_path / "peers.csv"
    write_rows(path, rows)
    with pytest.raises(DataError) as e:
        load.load_idos_peers(path)
    assert_names(e.value, path, line=line_of(rows, i + 1), column="peer_id")
    problem = "control character" if CONTROL.search(bad) else "unknown category"
    assert problem in str(e.value) and repr(bad) in str(e.value)
    assert all(p in str(e.value) for p in PEER_IDS)


@SETTINGS
@given(data=st.data(), bad=st.from_regex(r"[A-Z]{2,6}", fullmatch=True).filter(
    lambda s: s not in REGIONS))
def test_unknown_item_in_list(tmp_path, data, bad):
    rows = read_rows(IDOS_PEERS.file)
    i = data.draw(st.integers(0, len(rows) - 2))
    j = rows[0].index("regions_of_impact")
    rows[i + 1][j] = rows[i + 1][j] + ";" + bad
    path = tmp_path / "peers.csv"
    write_rows(path, rows)
    with pytest.raises(DataError) as e:
        load.load_idos_peers(path)
    assert_names(e.value, path, line=line_of(rows, i + 1), column="regions_of_impact")
    assert bad in str(e.value) and "GLOBAL" in str(e.value)


@SETTINGS
@given(data=st.data())
def test_duplicate_key(tmp_path, data):
    rows = read_rows(LINKS_NODES.file)
    i = data.draw(st.integers(1, len(rows) - 1))
    rows.append(list(rows[i]))
    path = tmp_path / "nodes.csv"
    write_rows(path, rows)
    with pytest.raises(DataError) as e:
        load.load_links_nodes(path)
    assert_names(e.value, path, line=line_of(rows, len(rows) - 1), column="network_id,node_kind")
    assert f"first seen on line {line_of(rows, i)}" in str(e.value)


def test_latin1_file_gets_a_clear_message(tmp_path):
    rows = read_rows(IDOS_PEERS.file)
    path = tmp_path / "peers.csv"
    write_rows(path, rows, encoding="latin-1")
    with pytest.raises(DataError) as e:
        load.load_idos_peers(path)
    first = next(k for k, r in enumerate(rows) if any(ord(ch) > 127 for ch in ",".join(r)))
    assert_names(e.value, path, line=line_of(rows, first))
    assert "not valid UTF-8" in str(e.value) and "Latin-1" in str(e.value)


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "peers.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (RAW / IDOS_PEERS.file).read_bytes())
    assert len(load.load_idos_peers(path)) == 6


def test_missing_file_says_how_to_obtain_it(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(DataError) as e:
        load.load_idos_peers(path)
    assert "file not found" in str(e.value) and "git checkout" in str(e.value)
    assert "nope.csv" in str(e.value)


def test_ragged_record(tmp_path):
    rows = read_rows(IDOS_PEERS.file)
    rows[3] = rows[3][:-2]
    path = tmp_path / "peers.csv"
    write_rows(path, rows)
    with pytest.raises(DataError, match=r"line 4: record has 13 fields but the header has 15"):
        load.load_idos_peers(path)



@SETTINGS
@given(extra=st.binary(min_size=1, max_size=8))
def test_checksum_mismatch_names_the_file(raw_copy, extra):
    path = raw_copy / LINKS_NODES.file
    original = (RAW / LINKS_NODES.file).read_bytes()
    path.write_bytes(original + extra)
    with pytest.raises(DataError) as e:
        load.load_links_nodes(path)
    msg = str(e.value)
    assert "checksum mismatch" in msg and LINKS_NODES.file in msg
    assert provenance.sha256(path) in msg and provenance.sha256(RAW / LINKS_NODES.file) in msg
    path.write_bytes(original)
    assert len(load.load_links_nodes(path)) == 10


def test_unlisted_raw_file_is_refused(raw_copy):
    path = raw_copy / "stray.csv"
    shutil.copy(RAW / LINKS_NODES.file, path)
    with pytest.raises(DataError, match="not a resource of .*datapackage.json"):
        load.load_links_nodes(path)


@SETTINGS
@given(data=st.data())
def test_non_strict_keeps_every_row_accounted_for(tmp_path, data):
    rows = read_rows(LINKS_NODES.file)
    n = len(rows) - 1
    broken = data.draw(st.sets(st.integers(0, n - 1), max_size=n))
    j = rows[0].index("count")
    for i in broken:
        rows[i + 1][j] = data.draw(st.sampled_from(["", "ten", "-1", "3.5"]))
    path = tmp_path / "nodes.csv"
    write_rows(path, rows)
    with pytest.warns(Warning, match=f"{len(broken)} of {n} rows not kept") if broken else _null():
        df = load.load_links_nodes(path, strict=False)
    rej = df.attrs["rejected"]
    assert len(df) + len(rej) == n
    assert sorted(rej["line"]) == sorted(line_of(rows, i + 1) for i in broken)
    assert set(rej["column"]) <= {"count"} and rej["reason"].str.startswith("count: ").all()


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
