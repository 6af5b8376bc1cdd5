"""Read a CSV file and validate it against a :class:`~netlib.data.schema.Schema`.

Three engines read a text, with the same records, line numbers and errors: the :mod:`csv`
module, record by record (quoted cells may span lines; small texts); for a large text
without quotes (LF or CRLF line ends), a compiled splitter (:mod:`netlib.data.coded_csv`,
when numba is installed) that turns each column straight into codes and distinct texts;
and otherwise pandas' C reader over a layout found by counting or locating newlines and
commas. Every cell is kept as text (nothing is coerced before it is checked), each column
is factorised once and every record keeps the line it starts on. Structural problems
(missing file, undecodable bytes, missing or extra columns, ragged records) always raise
:class:`~netlib.data.errors.DataError`. Row-level problems (wrong type, unknown category,
empty required cell, duplicate key) raise in strict mode, or else the row is returned in a
*rejected* table with its file, line and reason — rows in = rows kept + rows rejected,
always.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from netlib.data import coded_csv
from netlib.data.errors import DataError
from netlib.data.paths import rel
from netlib.data.schema import Column, Schema, parse_texts

REJECTED_COLUMNS = ["file", "line", "column", "value", "reason"]


@dataclass
class Validated:
    """Result of :func:`read_validated`: kept rows (typed) and rejected rows (with reasons)."""

    data: pd.DataFrame | None  # None when validated with ``frame=False`` (codes only)
    rejected: pd.DataFrame
    rows_in: int
    # line on which each kept row starts (an int64 array when validated with
    # ``frame=False``: a caller building its own frame reads it as an array)
    lines: list[int] | np.ndarray
    # per column, for the kept rows: (codes, distinct values) with ``data[c][i] ==
    # values[codes[i]]`` and code -1 for a missing value; equal values have equal codes, so
    # callers compare, count and join the rows on integers without hashing a column again
    codes: dict[str, tuple[np.ndarray, np.ndarray]] | None = field(
        default=None, repr=False, compare=False)

    def __post_init__(self) -> None:  # the invariant every loader promises
        assert self.rows_in == len(self.lines) + len(self.rejected)
        assert self.data is None or len(self.data) == len(self.lines)


def _utf16(raw: bytes) -> str | None:
    """``"UTF-16LE"``/``"UTF-16BE"`` (or UTF-32) when the bytes look like it, else None."""
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32LE"), (b"\x00\x00\xfe\xff", "UTF-32BE"),
                      (b"\xff\xfe", "UTF-16LE"), (b"\xfe\xff", "UTF-16BE")):
        if raw.startswith(bom):
            return name
    head = raw[:4096]
    if len(head) >= 8 and head.count(b"\x00") >= len(head) // 3:  # ASCII text in UTF-16
        return "UTF-16LE" if head[1::2].count(0) > head[0::2].count(0) else "UTF-16BE"
    return None


def decode(path: Path, raw: bytes, *, quote: bool = True) -> str:
    """Decode UTF-8 (a leading BOM is accepted and removed); name the line on failure.

    UTF-16/32 files (Excel's "Unicode text") are named as such; bytes that are not UTF-8 but
    decode as Windows-1252 get that hint. ``quote=False`` keeps the offending bytes and line
    out of the message (files holding personal identifiers).
    """
    wide = _utf16(raw)
    if wide:
        raise DataError(
            f"file is {wide}-encoded, not UTF-8", file=rel(path), expected="UTF-8 text",
            hint="Re-save it as UTF-8 (Excel: Save As > CSV UTF-8; LibreOffice: Save As > "
            "Text CSV > Character set: Unicode (UTF-8)).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
    # raised outside the handler, so that the error carries no context holding the raw bytes
    line = raw[:start].count(b"\n") + 1
    bad = raw[start : start + 4]
    guess = "It is not UTF-8"
    try:
        sample = raw.decode("cp1252")
        guess = "It decodes as Latin-1/Windows-1252"
        if quote:
            guess += f" (the line reads {sample.splitlines()[line - 1][:60]!r})"
    except (UnicodeDecodeError, IndexError):
        pass
    raise DataError(
        "file is not valid UTF-8",
        file=rel(path),
        line=line,
        value=bad if quote else None,
        expected="UTF-8 text",
        hint=guess + "; re-save it as UTF-8 (e.g. in LibreOffice: Save As > Text CSV > "
        "Character set: Unicode (UTF-8)).",
    )


def _reader_after_comments(text: str, delimiter: str = ","
                           ) -> tuple[int, Iterator[list[str]]]:
    """Number of leading ``#`` comment lines, and a CSV reader over the rest of ``text``."""
    lines = text.split("\n")
    skip = 0
    while skip < len(lines) and lines[skip].startswith("#"):
        skip += 1
    return skip, csv.reader(io.StringIO("\n".join(lines[skip:]), newline=""),
                            delimiter=delimiter)


def _next_header(fname: str, reader: Iterator[list[str]]) -> list[str]:
    try:
        return next(reader)
    except StopIteration:
        raise DataError("file is empty", file=fname, expected="a header row") from None
    except csv.Error as exc:
        raise DataError(f"malformed CSV header ({exc})", file=fname,
                        expected="a header row of column names") from None


def read_header(fname: str, text: str) -> list[str]:
    """The column names of CSV ``text`` (after any leading ``#`` comment lines), stripped."""
    return [h.strip() for h in _next_header(fname, _reader_after_comments(text)[1])]


def read_records(
    fname: str, text: str
) -> tuple[list[str], list[tuple[int, list[str]]], int]:
    """Header, ``(start_line, fields)`` for each non-blank record, and the header's line.

    Lines starting with ``#`` before the header are a comment block (e.g. the label of a
    synthetic file); line numbers still count them. Plain files are read by the fast path
    of :func:`read_table`, the others record by record (:func:`read_records_exact`).
    """
    table = _fast_table(fname, text)
    if table is None:
        return read_records_exact(fname, text)
    rows = [list(r) for r in zip(*table.cells, strict=True)] if table.cells else []
    return table.header, list(zip(table.lines.tolist(), rows, strict=True)), table.header_line


def read_records_exact(
    fname: str, text: str, delimiter: str = ","
) -> tuple[list[str], list[tuple[int, list[str]]], int]:
    """:func:`read_records` by the :mod:`csv` module, record by record (fields separated by
    ``delimiter``)."""
    skip, reader = _reader_after_comments(text, delimiter)
    header = _next_header(fname, reader)
    records: list[tuple[int, list[str]]] = []
    last = reader.line_num
    while True:
        start = last + 1 + skip
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a stray quote makes one field swallow the file
            raise DataError(
                f"malformed CSV record ({exc})", file=fname, line=start,
                expected="balanced double quotes: a quoted field must close on its line or "
                "the record's last line",
                hint=f"Look for an opening \" without its closing one on line {start} or just "
                "after it.") from None
        last = reader.line_num
        if not fields or all(not f.strip() for f in fields):
            continue  # a blank line is not a record
        if len(fields) != len(header):
            raise DataError(
                f"record has {len(fields)} fields but the header has {len(header)}",
                file=fname,
                line=start,
                value=delimiter.join(fields)[:80],
                expected="one field per header column (check quoting of commas)",
            )
        records.append((start, fields))
    return [h.strip() for h in header], records, skip + 1


def check_header(fname: str, header: list[str], schema: Schema, line: int = 1) -> None:
    expected = [c.name for c in schema.columns]
    optional = {c.name for c in schema.columns if c.optional}
    seen = set()
    for h in header:
        if h in seen:
            raise DataError("duplicate column", file=fname, line=line, column=h)
        seen.add(h)
    missing = [c for c in expected if c not in header and c not in optional]
    if missing:
        raise DataError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            file=fname,
            line=line,
            column=missing[0],
            expected=f"columns {expected}",
        )
    extra = [h for h in header if h not in expected]
    if extra:
        raise DataError(
            f"unexpected column{'s' if len(extra) > 1 else ''} {', '.join(extra)}",
            file=fname,
            line=line,
            column=extra[0],
            expected=f"only the columns {expected}",
        )


def read_validated(path: str | Path, schema: Schema, *, strict: bool = True) -> Validated:
    """Read ``path`` and validate it against ``schema``.

    Returns the typed rows that pass every check and, when ``strict`` is false, the rows
    that do not (one line per rejected record; ``reason`` lists all its problems and
    ``column``/``value`` show the first).
    """
    path = Path(path)
    if path.is_dir():
        raise DataError("is a directory, not a file", file=rel(path),
                        expected=f"a CSV file: {schema.description}")
    if not path.is_file():
        raise DataError(
            "file not found", file=rel(path), expected=schema.description, hint=schema.obtain
        )
    return validate_text(rel(path), decode(path, path.read_bytes()), schema, strict=strict)


class _Cells(Sequence):
    """A table's cells, one array per column, each made from the column's codes and
    distinct texts when first asked for (``uniques[codes]``): a caller that works on the
    codes never builds a string array per column."""

    def __init__(self, coded: list[tuple[np.ndarray, np.ndarray]]) -> None:
        self._coded = coded
        self._made: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._coded)

    def __getitem__(self, j: int) -> np.ndarray:  # type: ignore[override]
        j = operator.index(j)
        if j not in self._made:
            codes, uniques = self._coded[j]
            self._made[j] = np.asarray(uniques, dtype=object)[codes]
        return self._made[j]


@dataclass
class Table:
    """The cells of a CSV text as read by :func:`read_table`: ``header`` (stripped names),
    ``cells`` (one array of raw cell texts per header position), ``lines`` (the physical
    line each record starts on) and ``header_line``."""

    header: list[str]
    cells: Sequence[np.ndarray]
    lines: np.ndarray
    header_line: int
    fast: bool  # read by the fast path (then no record spans lines)
    # per header position, (codes, distinct cell texts) when the reader factorised the
    # column already (``cells[j] == uniques[codes]``): validation then parses each distinct
    # text once without hashing the column again
    coded: list[tuple[np.ndarray, np.ndarray]] | None = None

    def __len__(self) -> int:
        return len(self.lines)


# below these sizes the record-by-record machinery is quicker than the array one
SMALL_TEXT = 65_536  # characters: read with the csv module
SMALL_TABLE = 2_000  # rows: distinct cells found with a dict, not pandas.factorize
# the csv module's default limit on one field; a longer line goes to the exact path
_FIELD_LIMIT = csv.field_size_limit()

def _blank_fields(line: str) -> bool:
    """A line of empty or white-space fields only (``str.strip`` semantics)."""
    return all(not f.strip() for f in line.split(","))


# at most this many lines whose comma count differs from the header's are checked one by
# one on the fast path; beyond, the exact path reads the text
_ODD_LINES = 50_000


# records read first to choose each column's reading type (:func:`_reading_types`)
_SAMPLE = 4_096


def _objects(array: object) -> np.ndarray:
    """The str objects of a column read with ``dtype=str`` and no missing value: the
    array pandas' Python-storage string type holds (no copy, no scan for missing values),
    else a conversion."""
    held = getattr(array, "_ndarray", None)
    if isinstance(held, np.ndarray) and held.dtype == object:
        return held
    return np.asarray(array, dtype=object)


def _reading_types(sample: bytes, width: int, options: dict) -> dict[int, object]:
    """How pandas' C reader reads each column: ``"category"`` for a column with few distinct
    cells among the first :data:`_SAMPLE` records — the reader then factorises the cells as
    it splits them (no string object per cell; the texts are kept verbatim, as with
    ``str``, unless they all look like numbers: see :func:`_fast_table`) — else ``str``. Only the speed depends on the choice, never the cells."""
    head = pd.read_csv(io.BytesIO(sample), dtype=str, **options)
    limit = max(16, len(head) // 64)
    return {j: "category" if head[j].nunique() <= limit else str for j in range(width)}


# the first records (about this many bytes) choose each column's reading type
_SAMPLE_BYTES = 262_144
# a text of at least this many bytes, without quotes (LF or CRLF line ends), is split by
# :mod:`netlib.data.coded_csv` (when numba is installed) instead of pandas' C reader
CODED_BYTES = 1_000_000


def splits(raw: bytes | None) -> bool:
    """Whether :func:`read_table` gives a text of these bytes to the compiled splitter
    (large enough, numba installed): then it need not be decoded first, and its reading
    releases the GIL."""
    return raw is not None and len(raw) >= CODED_BYTES and coded_csv.available()

Layout = tuple[list[str], int, int, int, np.ndarray]


def _header_at(raw: bytes) -> tuple[int, int, int] | None:
    """``(comment lines, start, end)`` of the header line: the first line not starting with
    ``#``; None when there is none or it is empty (the exact path says what is wrong)."""
    pos, skip = 0, 0
    while pos < len(raw) and raw[pos] == 35:  # '#'
        nl = raw.find(b"\n", pos)
        if nl < 0:
            return None
        pos, skip = nl + 1, skip + 1
    end = raw.find(b"\n", pos)
    end = len(raw) if end < 0 else end
    if end - pos - (raw[end - 1:end] == b"\r") <= 0:
        return None
    return skip, pos, end


def _simple_layout(raw: bytes) -> Layout | None:
    """The layout of a text with no carriage return and no empty line whose records hold
    exactly as many commas as the header's fields need — counted, not located: the first
    record has the header's width, so a later line with more fields makes the C reader
    fail (the exact path then names it), and so no line has fewer. ``(header, comment lines, body offset, records, blank records)``; None
    when the text needs :func:`_scanned_layout`."""
    at = _header_at(raw)
    if at is None:
        return None
    skip, start, end = at
    header = raw[start:end].decode("utf-8").split(",")
    body = min(end + 1, len(raw))
    if body == len(raw):
        return header, skip, body, 0, np.zeros(0, dtype=bool)
    # byte comparisons over the whole text as arrays (quicker than bytes.count and find)
    b = np.frombuffer(raw, dtype=np.uint8)
    newline = b[body - 1:] == 10  # from the header's own line end
    if (newline[1:] & newline[:-1]).any():  # an empty line
        return None
    n = int(np.count_nonzero(newline)) - 1 + (not raw.endswith(b"\n"))
    first_end = raw.find(b"\n", body)
    # the first record must have the header's width: given more fields, the C reader
    # would take the first for an index instead of failing
    if (raw.count(b",", body, first_end if first_end >= 0 else len(raw)) != len(header) - 1
            or int(np.count_nonzero(b[body:] == 44)) != (len(header) - 1) * n):
        return None
    return header, skip, body, n, np.zeros(n, dtype=bool)


def _scanned_layout(fname: str, raw: bytes) -> Layout | None:
    """:func:`_simple_layout` for any text of the fast path: one pass finds the line ends,
    one the commas; a line whose comma count differs from the header's is either blank
    (dropped) or ragged (an error naming its line)."""
    b = np.frombuffer(raw, dtype=np.uint8)
    nl = np.flatnonzero(b == 10)
    starts = np.concatenate([[0], nl + 1])
    ends = np.concatenate([nl, [len(b)]])
    if starts[-1] == len(b):  # text ends with a newline: no last line
        starts, ends = starts[:-1], ends[:-1]
    if len(starts) == 0:
        return None
    crlf = (ends > starts) & (b[np.maximum(ends - 1, 0)] == 13)
    ends = ends - crlf  # the csv module drops the \r of \r\n with the \n
    if (ends - starts).max() >= _FIELD_LIMIT:
        return None
    # comment lines before the header: lines starting with '#'
    is_hash = b[starts] == 35
    skip = int(np.argmin(is_hash)) if not is_hash.all() else len(starts)
    if skip == len(starts) or ends[skip] == starts[skip]:
        return None  # no header, or an empty header line: the exact path says what is wrong
    header = raw[starts[skip]:ends[skip]].decode("utf-8").split(",")
    width = len(header)
    starts, ends = starts[skip + 1:], ends[skip + 1:]
    first_line = skip + 2
    if len(starts) == 0:
        return header, skip, len(raw), 0, np.zeros(0, dtype=bool)
    at = np.flatnonzero(b == 44)
    n_fields = np.searchsorted(at, ends) - np.searchsorted(at, starts) + 1
    odd = np.flatnonzero(n_fields != width)
    if len(odd) > _ODD_LINES:
        return None
    blank = np.zeros(len(starts), dtype=bool)
    for k in odd:
        line = raw[starts[k]:ends[k]].decode("utf-8")
        if _blank_fields(line):
            blank[k] = True
            continue
        fields = line.split(",")
        raise DataError(
            f"record has {len(fields)} fields but the header has {width}", file=fname,
            line=first_line + int(k), value=line[:80],
            expected="one field per header column (check quoting of commas)")
    if (n_fields > width).any():  # blank lines of many commas: the C reader would
        return None  # take the extra fields for an index; be exact
    return header, skip, int(starts[0]), len(starts), blank


def _split_table(raw: bytes, threads: int | None = None) -> Table | None:
    """The table of a large text split by :func:`netlib.data.coded_csv.split_columns` —
    which stops at a double quote, a NUL byte or a carriage return outside a CRLF line
    end, and checks that every
    record has exactly the header's fields (an empty line, a short or a long record stops
    it) — or None when it does not apply or stops (the other engines then read the text,
    and name a bad line). The bytes need not be known to be UTF-8: the comment lines and
    the header are decoded here, and every cell is decoded as one of its column's distinct
    cells (None on bytes that are not UTF-8)."""
    if not splits(raw):
        return None
    at = _header_at(raw)
    if at is None:
        return None
    skip, start, end = at
    try:
        raw[:start].decode("utf-8")  # the comment lines
        header = raw[start:end].decode("utf-8").split(",")
    except UnicodeDecodeError:
        return None
    body = min(end + 1, len(raw))
    if len(header) < 2 or body == len(raw):  # one column: an empty line is a record
        return None
    try:
        coded, status = coded_csv.split_columns(raw, body, len(header), threads)
    except UnicodeDecodeError:
        return None
    if status:
        return None
    n = len(coded[0][0])
    return _coded_table(header, skip, n, np.zeros(n, dtype=bool), coded)


def _fast_table(fname: str, text: str, raw: bytes | None = None,
                threads: int | None = None, split: bool = True) -> Table | None:
    """:func:`read_table`'s fast path, or None when the text needs the exact path (or is
    small: below :data:`SMALL_TEXT` characters the csv module is quicker).

    The records' layout comes from counting newlines and commas (:func:`_simple_layout`),
    or else from locating them (:func:`_scanned_layout`); pandas' C reader splits the
    records (no quotes on this path, so a comma always separates fields); each column is
    factorised once — by the reader itself for a column of few distinct cells — and its
    codes kept for validation. A line is blank when every field is empty or white space
    (then it is dropped, as the exact path does). ``raw``: ``text`` encoded as UTF-8, when
    the caller holds those bytes (the file's, decoded into ``text``): not encoded again.
    """
    if len(text) < SMALL_TEXT:
        return None
    if raw is None:
        raw = text.encode("utf-8")
    if split:
        table = _split_table(raw, threads)
        if table is not None:
            return table
    if b'"' in raw or b"\x00" in raw:
        return None
    has_cr = b"\r" in raw
    if has_cr and raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    layout = None if has_cr else _simple_layout(raw)
    if layout is None:
        layout = _scanned_layout(fname, raw)
        if layout is None:
            return None
    header, skip, body, n, blank = layout
    width = len(header)
    if n == 0:
        cells = [np.array([], dtype=object) for _ in header]
        return Table([h.strip() for h in header], cells, np.array([], dtype=np.int64),
                     skip + 1, True)
    # empty lines would be read as rows of empty cells: fine, they are dropped as blank
    options = dict(header=None, names=list(range(width)), keep_default_na=False,
                   na_filter=False, skip_blank_lines=False, engine="c",
                   quoting=csv.QUOTE_NONE, encoding="utf-8")
    # a text of a few records is read as text; a longer one by column types chosen on its
    # first records
    cut = raw.rfind(b"\n", body, body + _SAMPLE_BYTES)
    stream = io.BytesIO(raw)  # the bytes are shared, not copied
    stream.seek(body)
    try:
        types = (_reading_types(raw[body:cut], width, options)
                 if len(raw) - body > _SAMPLE_BYTES and cut > body else str)
        df = pd.read_csv(stream, dtype=types, **options)
    except pd.errors.ParserError:  # a line with too many fields: the exact path names it
        return None
    if len(df) != n:  # the C reader disagrees about the records: be exact
        return None
    # the reader takes categories that all look like numbers or booleans for such ("02" →
    # 2): those columns are read again as text
    numeric = [j for j in range(width) if isinstance(df[j].dtype, pd.CategoricalDtype)
               and df[j].cat.categories.inferred_type != "string"]
    if numeric:
        stream.seek(body)
        again = pd.read_csv(stream, dtype=str, usecols=numeric, **options)
        for j in numeric:
            df[j] = again[j]
    coded = []
    columns = []
    for j in range(width):
        if isinstance(df[j].dtype, pd.CategoricalDtype):  # factorised by the reader
            codes = df[j].cat.codes.to_numpy().astype(np.intp)
            if len(codes) and codes.min() < 0:  # a missing cell: be exact
                return None
            uniques = df[j].cat.categories.to_numpy(dtype=object)
            columns.append(uniques[codes])
        else:
            columns.append(_objects(df[j].array))
            codes, uniques = pd.factorize(columns[-1], use_na_sentinel=False)
        coded.append((codes, uniques))
    return _coded_table(header, skip, n, blank, coded, columns)


def _coded_table(header: list[str], skip: int, n: int, blank: np.ndarray,
                 coded: list[tuple[np.ndarray, np.ndarray]],
                 columns: list[np.ndarray] | None = None) -> Table | None:
    """The :class:`Table` of ``n`` records split into ``coded`` columns (``columns``: their
    cells, when the reader made them): blank records (every cell empty or white space)
    dropped, as the exact path does; None when a cell is too long for the csv module (the
    exact path says so)."""
    first_line = skip + 2
    if any(max(map(len, u), default=0) >= _FIELD_LIMIT for _, u in coded):
        return None  # the csv module refuses such a field: the exact path says so
    maybe_blank = ~blank
    # columns of few distinct cells first: one without an empty cell settles it for all
    for codes, uniques in sorted(coded, key=lambda c: len(c[1])):
        if maybe_blank.any():
            empty_u = np.fromiter((not u.strip() for u in uniques), dtype=bool,
                                  count=len(uniques))
            maybe_blank &= empty_u[codes]
    blank |= maybe_blank
    if blank.any():
        keep = np.flatnonzero(~blank)
        coded = [(codes[keep], uniques) for codes, uniques in coded]
        columns = None if columns is None else [c[keep] for c in columns]
    else:
        keep = np.arange(n)
    cells = _Cells(coded) if columns is None else columns
    return Table([h.strip() for h in header], cells,
                 (first_line + keep).astype(np.int64), skip + 1, True, coded)


def read_table(fname: str, text: str | None, raw: bytes | None = None,
               threads: int | None = None,
               decoded: Callable[[], str] | None = None) -> Table:
    """Header, cells (column-wise) and line numbers of CSV ``text`` (see the module
    docstring for the engines; all give the same records, line numbers and errors);
    ``raw``: the UTF-8 bytes ``text`` was decoded from, if the caller has them (no
    re-encoding). ``text`` may be None when ``raw`` is given: a large text is then split
    from its bytes without being decoded (bytes that are not UTF-8 make the splitter
    stop), and otherwise decoded by ``decoded()`` (which says what is wrong with the
    bytes, e.g. :func:`decode`), else as UTF-8. ``threads``: how many threads split a
    large text (default: one per core)."""
    split = True
    if text is None:
        table = _split_table(raw, threads)
        if table is not None:
            return table
        text = decoded() if decoded is not None else raw.decode("utf-8")
        split = False  # tried already
    table = _fast_table(fname, text, raw, threads, split)
    if table is not None:
        return table
    header, records, header_line = read_records_exact(fname, text)
    width = len(header)
    cells = [np.empty(len(records), dtype=object) for _ in range(width)]
    for i, (_, fields) in enumerate(records):
        for j in range(width):
            cells[j][i] = fields[j]
    lines = np.array([line for line, _ in records], dtype=np.int64)
    return Table(header, cells, lines, header_line, False)


def _as_texts(uniques: list[str], values: list[object], problems: list[str | None],
              codes: np.ndarray) -> tuple[np.ndarray | None, ...] | None:
    """:func:`_column_values`'s result taken from the reader's codes (no second
    factorisation) when every distinct text parses to itself without a problem — except at
    most one that is missing (``None``); else None. (``uniques`` are distinct.)"""
    if problems.count(None) != len(problems) or values.count(None) > 1:
        return None
    e = values.index(None) if None in values else len(values)  # the missing one, if any
    kept = uniques[:e] + uniques[e + 1:]
    if not all(map(operator.is_, values[:e] + values[e + 1:], kept)):
        return None
    no_kinds = np.array([], dtype=object)
    if e == len(values):
        return None, no_kinds, codes, np.asarray(uniques, dtype=object)
    missing = codes == e
    vcodes = codes - (codes > e)
    vcodes[missing] = -1
    return None, no_kinds, vcodes, np.asarray(kept, dtype=object)


def _column_values(col: Column, raw: np.ndarray | None,
                   coded: tuple[np.ndarray, np.ndarray] | None = None
                   ) -> tuple[np.ndarray | None, np.ndarray, np.ndarray, np.ndarray]:
    """Parse a column once per distinct cell text: ``(problem index, problems, codes,
    distinct values)`` with ``problems[problem_index[i]]`` the problem of row ``i`` (index
    -1: none; the index is None when no row has one) and row ``i``'s value
    ``distinct[codes[i]]`` (code -1: missing); ``coded``: the column's codes and distinct
    texts, when the reader has them (then ``raw``, the cells, is not read)."""
    if coded is not None:
        codes, uniques = coded[0], list(coded[1])
    elif len(raw) > SMALL_TABLE:
        codes, uniques = pd.factorize(raw, use_na_sentinel=False)
        uniques = list(uniques)
    else:  # a dict is quicker than pandas' machinery on a few rows
        seen: dict[str, int] = {}
        codes = np.array([seen.setdefault(x, len(seen)) for x in raw], dtype=np.intp)
        uniques = list(seen)
    values, problems = parse_texts(col, uniques)
    same = _as_texts(uniques, values, problems, np.asarray(codes, dtype=np.intp))
    if same is not None:
        return same
    kinds: dict[str, int] = {}
    pcode = np.array([-1 if p is None else kinds.setdefault(p, len(kinds)) for p in problems],
                     dtype=np.intp)
    vals = np.empty(len(values), dtype=object)
    vals[:] = values
    # canonical codes: distinct texts may parse to one value (" a" and "a")
    vcodes, vuniques = pd.factorize(vals, use_na_sentinel=True)
    return (pcode[codes], np.array(list(kinds), dtype=object), vcodes[codes],
            np.asarray(vuniques, dtype=object))


def validate_text(fname: str, text: str, schema: Schema, *, strict: bool = True) -> Validated:
    """Validate CSV ``text`` (named ``fname`` in messages) against ``schema``.

    Each column is checked once over the whole column (see the module docstring); the
    result — kept rows, rejected rows with line, first problem and every reason, the
    error raised in strict mode — is that of checking the records one by one in file order.
    """
    return validate_table(fname, read_table(fname, text), schema, strict=strict)


def validate_table(fname: str, table: Table, schema: Schema, *, strict: bool = True,
                   frame: bool = True) -> Validated:
    """:func:`validate_text` on a text already read by :func:`read_table` (a caller that
    inspects the records first — e.g. for cells spanning lines, impossible when
    ``table.fast`` — need not read the text twice). ``frame=False``: the kept rows only as
    :attr:`Validated.codes` (``data`` is None), for a caller that builds its own frame."""
    header = table.header
    check_header(fname, header, schema, table.header_line)
    pos = {h: i for i, h in enumerate(header)}
    n = len(table)
    lines = table.lines
    names = [c.name for c in schema.columns]

    pidx: dict[str, np.ndarray | None] = {}
    kinds: dict[str, np.ndarray] = {}
    vcodes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    bad = np.zeros(n, dtype=bool)
    for col in schema.columns:
        if col.name not in pos:  # an absent (optional) column: every cell empty
            coded = (np.zeros(n, dtype=np.intp), np.array([""], dtype=object))
        else:
            coded = table.coded[pos[col.name]] if table.coded else None
        raw = None if coded is not None else table.cells[pos[col.name]]
        pidx[col.name], kinds[col.name], vc, vu = _column_values(col, raw, coded)
        vcodes[col.name] = (vc, vu)
        if pidx[col.name] is not None:
            bad |= pidx[col.name] >= 0

    def value(c: str, i: int) -> object:
        """Row ``i``'s value in column ``c`` (None: missing)."""
        vc, vu = vcodes[c]
        return None if vc[i] < 0 else vu[vc[i]]

    def cell(c: str, i: int) -> str:
        """Row ``i``'s cell text in column ``c``."""
        if c not in pos:
            return ""
        if table.coded:
            codes, uniques = table.coded[pos[c]]
            return uniques[codes[i]]
        return table.cells[pos[c]][i]

    def problem(c: str, i: int) -> int:
        return -1 if pidx[c] is None else int(pidx[c][i])

    dup = np.zeros(n, dtype=bool)
    first_of = np.zeros(n, dtype=np.int64)
    if schema.key and n:
        good = np.flatnonzero(~bad)
        # equal values have equal codes (missing: -1)
        keys = pd.DataFrame({c: vcodes[c][0][good] for c in schema.key})
        d = keys.duplicated(keep="first").to_numpy()
        if d.any():
            dup[good[d]] = True
            group = keys.groupby(list(schema.key), sort=False, dropna=False).ngroup()
            first_line = pd.Series(lines[good]).groupby(group.to_numpy()).transform("first")
            first_of[good] = first_line.to_numpy()

    def row_problems(i: int) -> list[tuple[str, str, str]]:
        if dup[i]:
            k = tuple(value(c, i) for c in schema.key)
            return [(",".join(schema.key), ",".join(map(str, k)),
                     f"duplicate key (first seen on line {first_of[i]})")]
        return [(c, cell(c, i), kinds[c][problem(c, i)]) for c in names
                if problem(c, i) >= 0]

    rejected_rows = np.flatnonzero(bad | dup)
    if strict and len(rejected_rows):
        i = int(rejected_rows[0])
        name, raw, problem = row_problems(i)[0]
        if dup[i]:
            raise DataError(problem, file=fname, line=int(lines[i]), column=name, value=raw,
                            expected="a unique key")
        raise DataError(problem, file=fname, line=int(lines[i]), column=name, value=raw,
                        expected=schema.column(name).expected())
    rejected = []
    for i in rejected_rows:
        problems = row_problems(int(i))
        rejected.append({
            "file": fname, "line": int(lines[i]), "column": problems[0][0],
            "value": problems[0][1],
            "reason": "; ".join(f"{c}: {p}" for c, _, p in problems),
        })
    keep = np.flatnonzero(~(bad | dup))
    every = len(keep) == n
    codes = {c: (vc if every else vc[keep], vu) for c, (vc, vu) in vcodes.items()}
    # each column built from its distinct values (one conversion per distinct value)
    data = pd.DataFrame({c.name: pd.array(codes[c.name][1], dtype=c.pandas_dtype()).take(
        codes[c.name][0], allow_fill=True) for c in schema.columns},
        columns=names) if frame else None
    rej = pd.DataFrame(rejected, columns=REJECTED_COLUMNS)
    kept_lines = lines[keep].tolist() if frame else lines[keep]
    return Validated(data=data, rejected=rej, rows_in=n, lines=kept_lines,
                     codes=codes)
