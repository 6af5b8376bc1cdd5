"""Load and validate an IMST-style ego-network survey (respondents + named contacts).

Data contract: ``data/raw/cards/imst_survey_synthetic.md`` and the schemas
:data:`netlib.cases.imst.contract.IMST_RESPONDENTS` / :data:`netlib.cases.imst.contract.IMST_TIES`. A survey is a
directory with ``respondents.csv`` and ``ties.csv`` (UTF-8, a BOM is fine), or one ``.xlsx``
workbook with sheets ``respondents`` and ``ties``.

Structural problems (missing file, sheet or column, undecodable text, ragged records) raise
:class:`netlib.DataError`. Row-level problems are *rejected rows* (or raise with
``strict=True``): unknown category, missing value, more than three institutions, duplicate
respondent, tie from or to an unknown respondent, self-tie, duplicate tie. For each file,
rows in = rows kept + rows rejected. Respondent ids are pseudonymised on loading
(:mod:`netlib.privacy`) — in the kept rows, the rejected rows and every error message alike:
no raw identifier leaves this module. A survey not labelled synthetic needs the user's key
(``key=`` or ``$NETLIB_PSEUDONYM_KEY``, at least 16 bytes).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from netlib.cases.imst.contract import FREQUENCIES, IMST_RESPONDENTS, IMST_TIES
from netlib.data import provenance
from netlib.data.errors import DataError
from netlib.data.paths import RAW, rel
from netlib.data.validate import (
    REJECTED_COLUMNS,
    Validated,
    decode,
    read_records,
    validate_text,
)
from netlib.privacy import pseudonymise, resolve_key

SHIPPED_SURVEY = RAW / "imst_survey_synthetic"
MAX_INSTITUTIONS = 3
# Ordinal score (tie width in figures) and nominal contacts a year for each frequency.
FREQUENCY_SCORE = {f: 5 - i for i, f in enumerate(FREQUENCIES)}  # daily 5 … yearly 1
CONTACTS_PER_YEAR = {"daily": 220, "weekly": 45, "monthly": 12, "quarterly": 4, "yearly": 1}
ID_COLUMNS = ("respondent_id", "alter_id")


@dataclass
class Survey:
    """A validated survey: kept rows, rejected rows, and where it came from."""

    respondents: pd.DataFrame
    ties: pd.DataFrame
    rejected: pd.DataFrame
    source: str
    synthetic: bool
    label: str = ""
    rows_in: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # sheet -> name used in messages

    def summary(self) -> pd.Series:
        """Rows in, kept and rejected per file or sheet (the invariant in = kept + rejected)."""
        out = {}
        for name, kept in (("respondents", self.respondents), ("ties", self.ties)):
            n_rej = int((self.rejected["file"] == self.files.get(name)).sum())
            out[f"{name}: rows in"] = self.rows_in[name]
            out[f"{name}: kept"] = len(kept)
            out[f"{name}: rejected"] = n_rej
        return pd.Series(out)


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def _xlsx_texts(path: Path) -> dict[str, str]:
    """CSV text of the ``respondents`` and ``ties`` sheets of a workbook (row n = line n).

    Refused with a :class:`DataError`: a file that is not a workbook (corrupt, empty,
    renamed), merged cells (only their first cell holds the value), and formulas whose value
    was never stored (a file written by a script, not saved by a spreadsheet program). Line
    breaks inside a cell become spaces, so that line numbers are the sheet's row numbers.
    """
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False, read_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise DataError("not a readable Excel workbook", file=rel(path),
                        expected="an .xlsx workbook saved by Excel or LibreOffice",
                        hint=f"The file could not be opened as a workbook ({type(exc).__name__})"
                        "; re-save it from the spreadsheet program, or export the two sheets "
                        "as UTF-8 CSV files.") from None
    texts = {}
    for sheet in ("respondents", "ties"):
        if sheet not in wb.sheetnames:
            raise DataError(f"workbook has no sheet '{sheet}'", file=rel(path),
                            expected=f"sheets 'respondents' and 'ties', got {wb.sheetnames}")
        ws = wb[sheet]
        name = f"{rel(path)}[{sheet}]"
        for rng in ws.merged_cells.ranges:
            raise DataError(f"merged cells {rng.coord}", file=name, line=rng.min_row,
                            expected="one value in every cell (unmerge the cells and fill each)")
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        for r, (row, frow) in enumerate(zip(ws.iter_rows(values_only=True),
                                            formulas[sheet].iter_rows(values_only=True),
                                            strict=False), start=1):
            for c, (v, f) in enumerate(zip(row, frow, strict=False), start=1):
                if v is None and isinstance(f, str) and f.startswith("="):
                    raise DataError(
                        "formula without a stored value", file=name, line=r,
                        column=str(ws.cell(row=1, column=c).value or f"column {c}"),
                        expected="a value (open the workbook in a spreadsheet program and save "
                        "it, so that formula results are stored, or paste values)")
            w.writerow(["" if v is None else str(v).replace("\r\n", " ").replace("\n", " ")
                        for v in row])
        texts[sheet] = buf.getvalue()
    wb.close()
    formulas.close()
    return texts


def _read_sources(path: Path) -> tuple[dict[str, tuple[str, str]], str]:
    """``{sheet: (display name, text)}`` and the first comment line (label), from dir or xlsx."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        if not path.is_file():
            raise DataError("file not found", file=rel(path), hint=IMST_RESPONDENTS.obtain)
        texts = _xlsx_texts(path)
        return {k: (f"{rel(path)}[{k}]", v) for k, v in texts.items()}, ""
    if path.is_file():
        raise DataError(f"cannot read a {path.suffix or 'suffix-less'} file as a survey",
                        file=rel(path), expected="a folder with respondents.csv and ties.csv, "
                        "or an .xlsx workbook with sheets 'respondents' and 'ties'",
                        hint="Save the workbook as .xlsx (Excel 2007 or later), or export its "
                        "two sheets as UTF-8 CSV files into one folder.")
    if not path.is_dir():
        raise DataError("survey directory not found", file=rel(path),
                        expected="a directory with respondents.csv and ties.csv",
                        hint=IMST_RESPONDENTS.obtain)
    out = {}
    label = ""
    for sheet, schema in (("respondents", IMST_RESPONDENTS), ("ties", IMST_TIES)):
        f = path / schema.file
        if not f.is_file():
            raise DataError("file not found", file=rel(f), expected=schema.description,
                            hint=schema.obtain)
        provenance.verify(f)
        text = decode(f, f.read_bytes(), quote=False)
        if sheet == "respondents" and text.startswith("#"):
            label = text.split("\n", 1)[0].lstrip("# ").strip()
        out[sheet] = (rel(f), text)
    return out, label


def _masked(err: DataError, key: bytes, scope: str) -> DataError:
    """The same error with any identifier in it replaced by its pseudonym.

    The value of an id column is pseudonymised; a raw record (a ragged line) is not shown,
    since it holds ids.
    """
    value = err.value
    problem = err.problem
    col = err.column or ""
    if col in ID_COLUMNS and value is not None:
        value = pseudonymise(pd.Series([str(value)]), key, scope).iloc[0]
    elif col == "respondent_id,alter_id" and value is not None:
        value = ",".join(pseudonymise(pd.Series(str(value).split(",")), key, scope))
    elif col == "" and value is not None:
        value = None
        problem += " (the record is not shown: it may hold identifiers)"
    return DataError(problem, file=err.file, line=err.line, column=err.column, value=value,
                     expected=err.expected, hint=err.hint)


def _reject(rows: list[dict[str, object]], fname: str, line: int, column: str, value: object,
            reason: str, strict: bool, expected: str) -> None:
    if strict:
        raise DataError(reason, file=fname, line=line, column=column, value=value,
                        expected=expected)
    rows.append({"file": fname, "line": line, "column": column, "value": value,
                 "reason": f"{column}: {reason}"})


def _check_respondents(v: Validated, fname: str, strict: bool) -> tuple[pd.DataFrame, list]:
    df = v.data.copy()
    df["line"] = v.lines
    extra = []
    n_inst = df["institutions"].str.count(";") + 1
    too_many = n_inst > MAX_INSTITUTIONS
    for _, r in df[too_many].iterrows():
        _reject(extra, fname, int(r["line"]), "institutions", r["institutions"],
                f"more than {MAX_INSTITUTIONS} institutions", strict,
                f"1 to {MAX_INSTITUTIONS} institution types")
    df = df[~too_many].copy()
    df["n_institutions"] = (df["institutions"].str.count(";") + 1).astype("Int64")
    return df, extra


def _check_ties(v: Validated, fname: str, respondents: pd.DataFrame, rejected_resp: set,
                strict: bool) -> tuple[pd.DataFrame, list]:
    df = v.data.copy()
    df["line"] = v.lines
    known = set(respondents["respondent_id"])
    extra: list[dict[str, object]] = []
    keep = []
    seen_pairs: dict[tuple[str, str], int] = {}
    seen_rows: dict[tuple, int] = {}
    cols = [c.name for c in IMST_TIES.columns]
    for r in df.itertuples(index=False):
        line = int(r.line)
        ego, alter = r.respondent_id, r.alter_id
        if ego not in known:
            why = ("tie from a respondent whose row was rejected" if ego in rejected_resp
                   else "tie from an unknown respondent")
            _reject(extra, fname, line, "respondent_id", ego, why, strict,
                    "a respondent_id of respondents.csv")
            continue
        if isinstance(alter, str) and alter not in known:
            why = ("tie to a respondent whose row was rejected" if alter in rejected_resp
                   else "tie to an unknown respondent")
            _reject(extra, fname, line, "alter_id", alter, why, strict,
                    "empty, or a respondent_id of respondents.csv")
            continue
        if isinstance(alter, str) and alter == ego:
            _reject(extra, fname, line, "alter_id", alter, "self-tie", strict,
                    "a contact other than the respondent")
            continue
        if isinstance(alter, str):
            key = (ego, alter)
            if key in seen_pairs:
                _reject(extra, fname, line, "respondent_id,alter_id", f"{ego},{alter}",
                        f"duplicate tie (first on line {seen_pairs[key]})", strict,
                        "one row per pair of respondents")
                continue
            seen_pairs[key] = line
        else:
            key_row = tuple(getattr(r, c) for c in cols)
            if key_row in seen_rows:
                _reject(extra, fname, line, "respondent_id", ego,
                        f"duplicate tie (same row as line {seen_rows[key_row]})", strict,
                        "distinct rows")
                continue
            seen_rows[key_row] = line
        keep.append(line)
    kept = df[df["line"].isin(set(keep))].copy()
    return kept, extra


def _one_line_records(fname: str, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and records of ``text``, refusing a record that runs over several lines: no
    cell of the survey contract holds a line break, so it is an unbalanced double quote —
    and the lines it swallowed (other people's ids) must not be shown as one cell's value."""
    header, records, _ = read_records(fname, text)
    for line, fields in records:
        if any("\n" in f or "\r" in f for f in fields):
            raise DataError(
                "a quoted cell runs over several lines (an unbalanced double quote?)",
                file=fname, line=line,
                expected="one line per record; the cell is not shown, since the lines it "
                "swallowed may hold identifiers")
    return header, records


def _all_ids(header: list[str], records: list[tuple[int, list[str]]], col: str) -> set[str]:
    """Every non-empty value of ``col`` in the records, valid or not."""
    j = header.index(col)
    return {fields[j].strip() for _, fields in records} - {""}


def load_imst_survey(path: str | Path | None = None, *, strict: bool = False,
                     key: str | bytes | None = None, scope: str | None = None) -> Survey:
    """Load a survey directory (or ``.xlsx``); default: the shipped synthetic survey.

    Returns a :class:`Survey` with pseudonymised ids (:mod:`netlib.privacy`): ``key`` (else
    ``$NETLIB_PSEUDONYM_KEY``; only a survey labelled synthetic may go without, and then gets
    the public synthetic key) and ``scope`` (default: the folder or workbook name, so that two
    surveys cannot be linked; give both waves of a panel the same scope to link them).

    Adds to ``ties``: ``ego_region``, ``within_region`` (alter in the respondent's own federal state), ``alter_is_respondent``,
    ``frequency_score`` (daily 5 … yearly 1) and ``contacts_per_year`` (nominal: daily 220,
    weekly 45, monthly 12, quarterly 4, yearly 1).
    """
    path = Path(path) if path is not None else SHIPPED_SURVEY
    sources, label = _read_sources(path)
    synthetic = "synthetic" in label.lower()
    k = resolve_key(key, synthetic=synthetic, source=rel(path))
    scope = path.stem if scope is None else scope
    r_name, r_text = sources["respondents"]
    t_name, t_text = sources["ties"]
    masked: DataError | None = None
    try:
        r_header, r_records = _one_line_records(r_name, r_text)
        _one_line_records(t_name, t_text)
        rv = validate_text(r_name, r_text, IMST_RESPONDENTS, strict=strict)
        respondents, r_extra = _check_respondents(rv, r_name, strict)
        all_resp_ids = _all_ids(r_header, r_records, "respondent_id")
        rejected_resp = all_resp_ids - set(respondents["respondent_id"])
        tv = validate_text(t_name, t_text, IMST_TIES, strict=strict)
        ties, t_extra = _check_ties(tv, t_name, respondents, rejected_resp, strict)
    except DataError as err:
        masked = _masked(err, k, scope)
    if masked is not None:  # raised outside the handler: the raw error is not its context
        raise masked

    rejected = pd.concat(
        [rv.rejected, pd.DataFrame(r_extra, columns=REJECTED_COLUMNS),
         tv.rejected, pd.DataFrame(t_extra, columns=REJECTED_COLUMNS)],
        ignore_index=True,
    )
    rows_in = {"respondents": rv.rows_in, "ties": tv.rows_in}
    assert rows_in["respondents"] == len(respondents) + len(rv.rejected) + len(r_extra)
    assert rows_in["ties"] == len(ties) + len(tv.rejected) + len(t_extra)

    # pseudonymise every id before anything leaves this function
    ids_in_value = rejected["column"].isin(ID_COLUMNS)
    rejected["value"] = rejected["value"].astype(object)
    rejected.loc[ids_in_value, "value"] = pseudonymise(
        rejected.loc[ids_in_value, "value"].astype(str), k, scope).astype(object)
    pair = rejected["column"] == "respondent_id,alter_id"
    rejected.loc[pair, "value"] = [
        ",".join(pseudonymise(pd.Series(v.split(",")), k, scope).tolist())
        for v in rejected.loc[pair, "value"]
    ]
    rejected = rejected.sort_values(["file", "line"]).reset_index(drop=True)

    region = dict(zip(respondents["respondent_id"], respondents["region"], strict=True))
    ties = ties.drop(columns="line").reset_index(drop=True)
    ties["ego_region"] = ties["respondent_id"].map(region).astype("string")
    ties["within_region"] = (ties["alter_region"] == ties["ego_region"]).astype(bool)
    ties["alter_is_respondent"] = ties["alter_id"].notna()
    ties["frequency_score"] = ties["frequency"].map(FREQUENCY_SCORE).astype("Int64")
    ties["contacts_per_year"] = ties["frequency"].map(CONTACTS_PER_YEAR).astype("Int64")
    ties["respondent_id"] = pseudonymise(ties["respondent_id"], k, scope)
    ties["alter_id"] = pseudonymise(ties["alter_id"], k, scope)
    respondents = respondents.drop(columns="line").reset_index(drop=True)
    respondents["respondent_id"] = pseudonymise(respondents["respondent_id"], k, scope)
    respondents = respondents.sort_values(["region", "respondent_id"]).reset_index(drop=True)
    ties = ties.sort_values(["ego_region", "respondent_id", "alter_region",
                             "alter_institution"], kind="stable").reset_index(drop=True)
    return Survey(respondents=respondents, ties=ties, rejected=rejected,
                  source=rel(path), synthetic=synthetic, label=label, rows_in=rows_in,
                  files={"respondents": r_name, "ties": t_name})
