"""Read a CSV file and validate it against a :class:`~netlib.data.schema.Schema`.

Reading is done with the :mod:`csv` module rather than ``pandas.read_csv`` so that every
record keeps the line number it starts on (quoted cells may span lines) and nothing is
coerced before it is checked. Structural problems (missing file, undecodable bytes, missing
or extra columns, ragged records) always raise :class:`~netlib.data.errors.DataError`. Row-level
problems (wrong type, unknown category, empty required cell, duplicate key) raise in strict
mode, or else the row is returned in a *rejected* table with its file, line and reason —
rows in = rows kept + rows rejected, always.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from netlib.data.errors import DataError
from netlib.data.paths import rel
from netlib.data.schema import Schema

REJECTED_COLUMNS = ["file", "line", "column", "value", "reason"]


@dataclass
class Validated:
    """Result of :func:`read_validated`: kept rows (typed) and rejected rows (with reasons)."""

    data: pd.DataFrame
    rejected: pd.DataFrame
    rows_in: int
    lines: list[int]  # line on which each kept row starts

    def __post_init__(self) -> None:  # the invariant every loader promises
        assert self.rows_in == len(self.data) + len(self.rejected)


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


def _reader_after_comments(text: str) -> tuple[int, Iterator[list[str]]]:
    """Number of leading ``#`` comment lines, and a CSV reader over the rest of ``text``."""
    lines = text.split("\n")
    skip = 0
    while skip < len(lines) and lines[skip].startswith("#"):
        skip += 1
    return skip, csv.reader(io.StringIO("\n".join(lines[skip:]), newline=""))


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
    synthetic file); line numbers still count them.
    """
    skip, reader = _reader_after_comments(text)
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
                value=",".join(fields)[:80],
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


def validate_text(fname: str, text: str, schema: Schema, *, strict: bool = True) -> Validated:
    """Validate CSV ``text`` (named ``fname`` in messages) against ``schema``."""
    header, records, header_line = read_records(fname, text)
    check_header(fname, header, schema, header_line)
    pos = {h: i for i, h in enumerate(header)}

    rows: list[dict[str, object]] = []
    lines: list[int] = []
    rejected: list[dict[str, object]] = []
    keys: dict[tuple[object, ...], int] = {}
    for line, fields in records:
        row: dict[str, object] = {}
        problems: list[tuple[str, str, str]] = []
        for col in schema.columns:
            raw = fields[pos[col.name]] if col.name in pos else ""
            value, problem = col.parse(raw)
            if problem is not None:
                problems.append((col.name, raw, problem))
            row[col.name] = value
        if problems and strict:
            name, raw, problem = problems[0]
            raise DataError(
                problem, file=fname, line=line, column=name, value=raw,
                expected=schema.column(name).expected(),
            )
        if not problems and schema.key:
            k = tuple(row[c] for c in schema.key)
            if k in keys:
                problem = f"duplicate key (first seen on line {keys[k]})"
                value = ",".join(map(str, k))
                if strict:
                    raise DataError(
                        problem, file=fname, line=line, column=",".join(schema.key),
                        value=value, expected="a unique key",
                    )
                problems.append((",".join(schema.key), value, problem))
            else:
                keys[k] = line
        if problems:
            rejected.append({
                "file": fname,
                "line": line,
                "column": problems[0][0],
                "value": problems[0][1],
                "reason": "; ".join(f"{n}: {p}" for n, _, p in problems),
            })
            continue
        rows.append(row)
        lines.append(line)

    data = pd.DataFrame(rows, columns=[c.name for c in schema.columns])
    for col in schema.columns:
        data[col.name] = data[col.name].astype(col.pandas_dtype())
    rej = pd.DataFrame(rejected, columns=REJECTED_COLUMNS)
    return Validated(data=data, rejected=rej, rows_in=len(records), lines=lines)
