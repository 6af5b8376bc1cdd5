"""Shared pieces of the export readers: reading a CSV export, taking a variable from a row
(including true/false option columns), and writing the survey tables with each record's
origin.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from netlib.data.errors import DataError
from netlib.data.paths import rel
from netlib.data.validate import decode, read_records_exact
from netlib.survey.codebook import Codebook
from netlib.survey.core import SurveyTable

RESPONDENT_COLUMNS = ["respondent_id", "region", "role", "institutions"]
TIE_COLUMNS = ["respondent_id", "alter_id", "alter_region", "alter_institution", "frequency",
               "content", "alter_organisation", "alter_key"]
ALTER_TIE_COLUMNS = ["respondent_id", "alter_a", "alter_b", "relation", "weight"]
# Network Canvas prefixes a cell starting with one of these with ' (a formula guard)
_GUARDED = ("'=", "'+", "'-", "'@", "'\t")


@dataclass
class Export:
    """One CSV file of an export: display name, header, ``(line, {column: cell})`` rows."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def unguard(cell: str) -> str:
    """Remove Network Canvas' formula-injection guard (a leading ``'`` before ``= + - @``)."""
    return cell[1:] if cell.startswith(_GUARDED) else cell


def sniff_delimiter(text: str) -> str:
    """``;`` or ``,`` (or a tab): whichever splits the first non-comment line most."""
    first = next((ln for ln in text.split("\n") if ln.strip() and not ln.startswith("#")), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_export(name: str, raw: bytes, path: Path | None = None) -> Export:
    """Decode (UTF-8, BOM fine; cells are never quoted in messages), sniff the delimiter
    (``,``, ``;`` or tab), and read the records with their line numbers."""
    text = decode(path or Path(name), raw, quote=False)
    delimiter = sniff_delimiter(text)
    try:
        header, records, _ = read_records_exact(name, text, delimiter)
    except DataError as err:  # a ragged record is named by its line, never shown
        raise DataError(err.problem, file=err.file, line=err.line,
                        expected=(f"one field per header column, separated by '{delimiter}' "
                                  "(the record is not shown: it may hold names)"
                                  if err.value is not None else err.expected),
                        hint=err.hint) from None
    for line, fields in records:
        if any("\n" in f or "\r" in f for f in fields):
            raise DataError("a quoted cell runs over several lines (an unbalanced double "
                            "quote?)", file=name, line=line,
                            expected="one line per record (the record is not shown: it may "
                            "hold names)")
    seen: set[str] = set()
    for h in header:
        if h in seen:
            raise DataError("duplicate column", file=name, line=1, column=h,
                            expected="distinct column names")
        seen.add(h)
    rows = [(line, {h: unguard(f.strip()) for h, f in zip(header, fields, strict=True)})
            for line, fields in records]
    return Export(name, header, rows)


def option_columns(header: list[str], variable: str) -> dict[str, str]:
    """``{column: option}`` of a categorical variable exported as one true/false column
    per option (``<variable>_<option>``)."""
    prefix = variable + "_"
    return {h: h[len(prefix):] for h in header if h.startswith(prefix) and len(h) > len(prefix)}


def take(row: dict[str, str], header: list[str], variable: object, codebook: Codebook,
         concept: str | None, *, many: bool = False, file: str = "", line: int = 0) -> str:
    """The value of ``variable`` in ``row`` mapped through the code book: a plain column, or
    (for a categorical variable exported as option columns) the ';'-list of the selected
    options. A missing variable is empty; ``many`` splits a ','/';' list."""
    if variable is None:
        return ""
    var = str(variable)
    if var in row:
        cell = row[var].strip()
        if not cell:
            return ""
        if many:
            items = [x.strip() for x in cell.replace(",", ";").split(";") if x.strip()]
            return ";".join(codebook.value(concept, x) if concept else x for x in items)
        return codebook.value(concept, cell) if concept else cell
    opts = option_columns(header, var)
    if not opts:
        return ""
    chosen = [opt for col, opt in opts.items() if codebook.is_true(row.get(col, ""))]
    mapped = [codebook.value(concept, o) if concept else o for o in chosen]
    return ";".join(mapped) if many else (mapped[0] if len(mapped) == 1 else ";".join(mapped))


def require_columns(export: Export, variables: dict[str, object], what: str) -> None:
    """Every variable the code book names must be a column (or option columns) of ``export``."""
    for field_name, var in variables.items():
        if var is None or isinstance(var, dict):
            continue
        v = str(var)
        if v not in export.header and not option_columns(export.header, v):
            raise DataError(f"the code book's {what}.{field_name} names a variable the export "
                            f"does not have", file=export.name, column=v,
                            expected=f"a column '{v}' (or option columns '{v}_<option>') "
                            f"among {export.header[:12]}{' …' if len(export.header) > 12 else ''}")


@dataclass
class TableBuilder:
    """Collect records of one survey table with the ``(file, line)`` each comes from."""

    name: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    origins: list[tuple[str, int]] = field(default_factory=list)

    def add(self, values: dict[str, str], file: str, line: int) -> None:
        self.rows.append([str(values.get(c, "") or "").replace("\r", " ").replace("\n", " ")
                          for c in self.columns])
        self.origins.append((file, line))

    def table(self) -> SurveyTable:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        w.writerows(self.rows)
        return SurveyTable(self.name, buf.getvalue(), list(self.origins))


def respondent_record(row: dict[str, str], header: list[str], codebook: Codebook,
                      rid: str) -> dict[str, str]:
    """The respondents-table record of one export row."""
    r = codebook.respondent
    return {
        "respondent_id": rid,
        "region": take(row, header, r.get("region", "region"), codebook, "region"),
        "role": take(row, header, r.get("role", "role"), codebook, "role"),
        "institutions": take(row, header, r.get("institutions", "institutions"), codebook,
                             "institution", many=True),
    }


def tie_records(row: dict[str, str], header: list[str], codebook: Codebook,
                variables: dict[str, object], *, rid: str, alter_key: str, alter_id: str,
                default_relation: str | None) -> list[dict[str, str]]:
    """The ties-table records of one named contact: one per relation it was named for.

    Relations come from ``variables["relations"]`` (true/false variable → relation), else
    from ``variables["relation"]`` (a variable naming one or several relations, as a list or
    option columns), else — also for a file that has none of these variables, e.g. another
    node type — ``default_relation``. A contact named for no relation still gives
    one record, with an empty relation — rejected with its line, never dropped unseen.
    """
    base = {
        "respondent_id": rid, "alter_id": alter_id, "alter_key": alter_key,
        "alter_region": take(row, header, variables.get("region"), codebook, "region"),
        "alter_institution": take(row, header, variables.get("institution"), codebook,
                                  "institution", many=True),
        "frequency": take(row, header, variables.get("frequency"), codebook, "frequency"),
        "alter_organisation": take(row, header, variables.get("organisation"), codebook,
                                   None),
    }
    relations: list[str] = []
    rel_map = variables.get("relations")
    rel_var = variables.get("relation")
    # a file without the relation variables (another node type) takes the default relation
    if isinstance(rel_map, dict) and not any(str(v) in row for v in rel_map):
        rel_map = None
    if rel_var is not None and str(rel_var) not in row and not option_columns(header,
                                                                               str(rel_var)):
        rel_var = None
    if isinstance(rel_map, dict):
        for var, relation in rel_map.items():
            if codebook.is_true(row.get(str(var), "")):
                relations.append(codebook.value("relation", str(relation)))
    elif rel_var is not None:
        cell = take(row, header, rel_var, codebook, "relation", many=True)
        relations = [x for x in cell.split(";") if x]
    elif default_relation is not None:
        relations = [default_relation]
    return [{**base, "content": r} for r in dict.fromkeys(relations)] or [{**base,
                                                                            "content": ""}]


FALSY = ("", "0", "false", "no", "n", "nein", "non", "ei", "unchecked", "not selected")


def slot_pattern(pattern: str) -> re.Pattern[str]:
    """A column pattern with ``{i}`` (and ``{j}``) as a regular expression capturing them."""
    rx = re.escape(pattern).replace(r"\{i\}", r"(?P<i>[^_.\s]+?)").replace(
        r"\{j\}", r"(?P<j>[^_.\s]+?)")
    return re.compile(rx + "$")


def pair_ties(row: dict[str, str], header: list[str], pattern: str, codebook: Codebook,
              rid: str, relation: str) -> list[dict[str, str]]:
    """Alter-tie records from alter-pair columns (``pattern`` with ``{i}`` and ``{j}``): a
    selected cell (see :attr:`Codebook.truthy`) is a tie, a number is a tie of that weight,
    an empty or "no" cell no tie; anything else is kept as the weight, to be rejected with
    its line."""
    rx = slot_pattern(pattern)
    out = []
    for h in header:
        m = rx.match(h)
        if not m:
            continue
        cell = row.get(h, "").strip()
        if cell.casefold() in FALSY:
            continue
        weight = "" if codebook.is_true(cell) else cell
        out.append({"respondent_id": rid, "alter_a": m.group("i"), "alter_b": m.group("j"),
                    "relation": relation, "weight": weight})
    return out


def as_export(obj: object, name: str) -> Export:
    """An :class:`Export` from a file path or a ``pandas.DataFrame`` (row *k* is line *k*+2)."""
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        header = [str(c) for c in obj.columns]
        rows = [(i + 2, {h: "" if pd.isna(v) else str(v).strip() for h, v in
                         zip(header, rec, strict=True)})
                for i, rec in enumerate(obj.itertuples(index=False, name=None))]
        return Export(name, header, rows)
    path = Path(str(obj))
    if not path.is_file():
        raise DataError("file not found" if not path.is_dir() else "is a directory, not a file",
                        file=rel(path), expected=f"the {name} CSV file")
    return read_export(rel(path), path.read_bytes(), path)
