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
(:mod:`netlib.privacy`), in the kept rows and in the rejected rows alike.
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
from netlib.privacy import pseudonymise

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

    def summary(self) -> pd.Series:
        """Rows in, kept and rejected per file (the invariant in = kept + rejected)."""
        rej = self.rejected["file"].map(lambda f: Path(f.split("[")[0]).name).value_counts()
        out = {}
        for name, kept in (("respondents", self.respondents), ("ties", self.ties)):
            n_rej = int(sum(v for k, v in rej.items() if name in k))
            out[f"{name}: rows in"] = self.rows_in[name]
            out[f"{name}: kept"] = len(kept)
            out[f"{name}: rejected"] = n_rej
        return pd.Series(out)


def _xlsx_texts(path: Path) -> dict[str, str]:
    """CSV text of the ``respondents`` and ``ties`` sheets of a workbook."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    texts = {}
    for sheet in ("respondents", "ties"):
        if sheet not in wb.sheetnames:
            raise DataError(f"workbook has no sheet '{sheet}'", file=rel(path),
                            expected=f"sheets 'respondents' and 'ties', got {wb.sheetnames}")
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        for row in wb[sheet].iter_rows(values_only=True):
            w.writerow(["" if v is None else str(v) for v in row])
        texts[sheet] = buf.getvalue()
    wb.close()
    return texts


def _read_sources(path: Path) -> tuple[dict[str, tuple[str, str]], str]:
    """``{sheet: (display name, text)}`` and the first comment line (label), from dir or xlsx."""
    if path.suffix.lower() == ".xlsx":
        if not path.is_file():
            raise DataError("file not found", file=rel(path), hint=IMST_RESPONDENTS.obtain)
        texts = _xlsx_texts(path)
        return {k: (f"{rel(path)}[{k}]", v) for k, v in texts.items()}, ""
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
        text = decode(f, f.read_bytes())
        if sheet == "respondents" and text.startswith("#"):
            label = text.split("\n", 1)[0].lstrip("# ").strip()
        out[sheet] = (rel(f), text)
    return out, label


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


def _all_ids(fname: str, text: str, col: str) -> set[str]:
    """Every non-empty value of ``col`` in a CSV text, valid or not."""
    header, records, _ = read_records(fname, text)
    j = header.index(col)
    return {fields[j].strip() for _, fields in records} - {""}


def load_imst_survey(path: str | Path | None = None, *, strict: bool = False) -> Survey:
    """Load a survey directory (or ``.xlsx``); default: the shipped synthetic survey.

    Returns a :class:`Survey` with pseudonymised ids. Adds to ``ties``: ``ego_region``,
    ``within_region`` (alter in the respondent's own federal state), ``alter_is_respondent``,
    ``frequency_score`` (daily 5 … yearly 1) and ``contacts_per_year`` (nominal: daily 220,
    weekly 45, monthly 12, quarterly 4, yearly 1).
    """
    path = Path(path) if path is not None else SHIPPED_SURVEY
    sources, label = _read_sources(path)
    r_name, r_text = sources["respondents"]
    t_name, t_text = sources["ties"]
    rv = validate_text(r_name, r_text, IMST_RESPONDENTS, strict=strict)
    respondents, r_extra = _check_respondents(rv, r_name, strict)
    all_resp_ids = _all_ids(r_name, r_text, "respondent_id")
    rejected_resp = all_resp_ids - set(respondents["respondent_id"])
    tv = validate_text(t_name, t_text, IMST_TIES, strict=strict)
    ties, t_extra = _check_ties(tv, t_name, respondents, rejected_resp, strict)

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
        rejected.loc[ids_in_value, "value"].astype(str)).astype(object)
    pair = rejected["column"] == "respondent_id,alter_id"
    rejected.loc[pair, "value"] = [
        ",".join(pseudonymise(pd.Series(v.split(","))).tolist())
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
    ties["respondent_id"] = pseudonymise(ties["respondent_id"])
    ties["alter_id"] = pseudonymise(ties["alter_id"])
    respondents = respondents.drop(columns="line").reset_index(drop=True)
    respondents["respondent_id"] = pseudonymise(respondents["respondent_id"])
    respondents = respondents.sort_values(["region", "respondent_id"]).reset_index(drop=True)
    ties = ties.sort_values(["ego_region", "respondent_id", "alter_region",
                             "alter_institution"], kind="stable").reset_index(drop=True)
    return Survey(respondents=respondents, ties=ties, rejected=rejected,
                  source=rel(path), synthetic="synthetic" in label.lower(), label=label,
                  rows_in=rows_in)
