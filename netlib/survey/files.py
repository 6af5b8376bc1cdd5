"""Read a survey in the contract's own layout: a folder of CSV files or one workbook.

A survey is a directory with ``respondents.csv`` and ``ties.csv`` (UTF-8, a BOM is fine) and
optionally ``alter_ties.csv``, or one ``.xlsx`` workbook with sheets ``respondents`` and
``ties`` (and optionally ``alter_ties``). Structural problems (missing file, sheet or column,
undecodable text, ragged records) raise :class:`netlib.DataError`; a folder that holds a
Network Canvas, wide or egor export is named as such, with the reader to use.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
from pathlib import Path

from netlib.data import provenance
from netlib.data.errors import DataError
from netlib.data.paths import rel
from netlib.data.validate import decode, read_header, splits
from netlib.privacy import resolve_key
from netlib.survey.contract import SURVEY_OBTAIN
from netlib.survey.core import Survey, SurveyTable, build_survey
from netlib.survey.profile import SurveyProfile, load_profile

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
FILES = {"respondents": "respondents.csv", "ties": "ties.csv", "alter_ties": "alter_ties.csv"}
REQUIRED = ("respondents", "ties")


def xlsx_texts(path: Path, sheets: tuple[str, ...] = REQUIRED,
               optional: tuple[str, ...] = ("alter_ties",)) -> dict[str, str]:
    """CSV text of the named sheets of a workbook (row n = line n).

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
    for sheet in (*sheets, *optional):
        if sheet not in wb.sheetnames:
            if sheet in optional:
                continue
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


def _other_layout(path: Path) -> str | None:
    """The reader to use when ``path`` holds an export in another tool's layout."""
    names = [p.name for p in path.iterdir() if p.is_file()]
    if any("_attributeList_" in n or n.endswith("_ego.csv") or "_edgeList_" in n
           for n in names) or any(n.endswith(".graphml") for n in names):
        return ("it looks like a Network Canvas export: read it with "
                "netlib.survey.read_network_canvas(path, codebook=...)")
    for n in names:
        if n.lower().endswith(".csv"):
            try:
                header = read_header(n, (path / n).read_text("utf-8-sig", errors="replace"))
            except DataError:
                continue
            low = {h.lower() for h in header}
            if {"egoid", "alterid"} <= low:
                return "it looks like egor's files: read them with netlib.survey.read_egor(...)"
            if any(h.lower() in ("name1", "name_1", "alter1") for h in header):
                return ("it looks like a one-row-per-respondent export: read it with "
                        "netlib.survey.read_wide(path, codebook=...)")
    return None


def read_tables(path: Path) -> tuple[dict[str, SurveyTable], str]:
    """The survey tables of a folder or workbook, and the first comment line (label)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        if not path.is_file():
            raise DataError("file not found", file=rel(path), hint=SURVEY_OBTAIN)
        texts = xlsx_texts(path)
        return {k: SurveyTable(f"{rel(path)}[{k}]", v) for k, v in texts.items()}, ""
    if path.is_file():
        raise DataError(f"cannot read a {path.suffix or 'suffix-less'} file as a survey",
                        file=rel(path), expected="a folder with respondents.csv and ties.csv, "
                        "or an .xlsx workbook with sheets 'respondents' and 'ties'",
                        hint="Save the workbook as .xlsx (Excel 2007 or later), or export its "
                        "two sheets as UTF-8 CSV files into one folder; for another tool's "
                        "export use netlib.survey.read_network_canvas, read_wide or read_egor.")
    if not path.is_dir():
        raise DataError("survey directory not found", file=rel(path),
                        expected="a directory with respondents.csv and ties.csv",
                        hint=SURVEY_OBTAIN)
    out = {}
    label = ""
    for table, fname in FILES.items():
        f = path / fname
        if not f.is_file():
            if table not in REQUIRED:
                continue
            other = _other_layout(path)
            raise DataError("file not found", file=rel(f),
                            expected=f"{fname} of a survey folder",
                            hint=f"This folder is not a survey in the contract's layout: "
                            f"{other}." if other else SURVEY_OBTAIN)
        provenance.verify(f)
        raw = f.read_bytes()
        body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
        # decode names the bad line of bytes that are not UTF-8; a file for the splitter is
        # decoded only if a reader needs its text (the splitter decodes its distinct cells)
        decoded = functools.partial(decode, f, raw, quote=False)
        text = None if splits(body) else decoded()
        if table == "respondents" and body.startswith(b"#"):
            first = body.split(b"\n", 1)[0]
            try:
                label = first.decode("utf-8").lstrip("# ").strip()
            except UnicodeDecodeError:
                decoded()  # raises, naming the line
        out[table] = SurveyTable(rel(f), text, raw=body, decoded=decoded)
    return out, label


def load_survey(path: str | Path, profile: SurveyProfile | str | Path | None = None, *,
                strict: bool = False, key: str | bytes | None = None,
                scope: str | None = None) -> Survey:
    """Load a survey folder (or ``.xlsx``) under ``profile`` (an object, a built-in name —
    ``"imst"``, ``"generic"`` (the default), ``"france-academies"`` — or a profile file).

    Returns a :class:`~netlib.survey.core.Survey` with pseudonymised ids
    (:mod:`netlib.privacy`): ``key`` (else ``$NETLIB_PSEUDONYM_KEY``; only a survey labelled
    synthetic — first line ``# synthetic: …`` — may go without, and then gets the public
    synthetic key) and ``scope`` (default: the folder or workbook name, so that two surveys
    cannot be linked; give both waves of a panel the same scope to link them).
    """
    path = Path(path)
    prof = load_profile(profile)
    tables, label = read_tables(path)
    synthetic = "synthetic" in label.lower()
    k = resolve_key(key, synthetic=synthetic, source=rel(path))
    return build_survey(tables, prof, key=k, scope=path.stem if scope is None else scope,
                        strict=strict, source=rel(path), synthetic=synthetic, label=label)
