"""Read egor's layouts (R package egor, Krenz et al.) into a :class:`~netlib.survey.Survey`.

* **three files** — egos (one row per ego), alters (one row per alter: ego id, alter id,
  attributes) and alter–alter ties (ego id, source, target, attributes): ``read_egor(egos,
  alters, alter_ties)``, as egor's ``threefiles_to_egor``;
* **two files** — egos and alters, the alter–alter ties as pair columns of the egos file
  (code book ``alter_ties: {pairs: "X{i}.to.{j}"}``, ``i``/``j`` = alter ids), as
  ``twofiles_to_egor``;
* **one file** — everything in the egos file (alter attributes in slot columns):
  ``read_egor(egos, codebook=…)`` reads it with :func:`netlib.survey.read_wide`, as
  ``onefile_to_egor``.

The id columns are arguments, with egor's defaults (``egoID``, ``alterID``, ``Source``,
``Target``); the other variables come from the code book (:mod:`netlib.survey.codebook`) or
carry the contract's names. Each argument is a CSV file (``,``, ``;`` or tab) or a
``pandas.DataFrame``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netlib.data.errors import DataError
from netlib.privacy import resolve_key
from netlib.survey.codebook import Codebook, load_codebook
from netlib.survey.core import Survey, build_survey
from netlib.survey.linking import linker
from netlib.survey.profile import GENERIC, SurveyProfile, load_profile
from netlib.survey.rows import (
    ALTER_TIE_COLUMNS,
    RESPONDENT_COLUMNS,
    TIE_COLUMNS,
    Export,
    TableBuilder,
    as_export,
    pair_ties,
    require_columns,
    respondent_record,
    tie_records,
)
from netlib.survey.wide import read_wide

Source = str | Path | pd.DataFrame


def _need(ex: Export, col: str, arg: str) -> None:
    if col not in ex.header:
        raise DataError(f"no column {col}", file=ex.name, column=col,
                        expected=f"the {arg} column (argument {arg}=…) among {ex.header[:12]}")


def read_egor(egos: Source, alters: Source | None = None, alter_ties: Source | None = None, *,
              ego_id: str = "egoID", alter_id: str = "alterID", source: str = "Source",
              target: str = "Target", codebook: Codebook | dict | str | Path | None = None,
              profile: SurveyProfile | str | Path | None = GENERIC,
              key: str | bytes | None = None, scope: str | None = None, strict: bool = False,
              synthetic: bool = False) -> Survey:
    """Read egor's one-, two- or three-file layout (module docstring).

    ``synthetic=True`` marks the data as synthetic (only then may it go without a key).
    Returns a :class:`~netlib.survey.Survey` whose ``rejected`` rows name file and line.
    """
    cb = load_codebook(codebook)
    if alters is None:
        if isinstance(egos, pd.DataFrame):
            raise DataError("egor's one-file layout is read from a file", expected="the path "
                            "of the CSV file, with a code book of its slot columns")
        return read_wide(egos, cb, profile, key=key, scope=scope, strict=strict,
                         synthetic=synthetic)
    prof = load_profile(profile)
    e, a = as_export(egos, "egos"), as_export(alters, "alters")
    _need(e, ego_id, "ego_id")
    _need(a, ego_id, "ego_id")
    _need(a, alter_id, "alter_id")
    require_columns(e, {k: v for k, v in cb.respondent.items() if k != "id"}, "respondent")
    variables = {k: v for k, v in cb.alter.items()
                 if k not in ("link", "link_names", "name", "id", "key")}
    require_columns(a, {k: v for k, v in variables.items() if k != "relations"}, "alter")
    resp = TableBuilder("respondents", RESPONDENT_COLUMNS)
    ties = TableBuilder("ties", TIE_COLUMNS)
    aat = TableBuilder("alter_ties", ALTER_TIE_COLUMNS)
    link_keys = []
    for line, row in e.rows:
        rid = row[ego_id].strip()
        resp.add(respondent_record(row, e.header, cb, rid), e.name, line)
        if cb.respondent.get("link") is not None:
            link_keys.append((rid, row.get(str(cb.respondent["link"]), "")))
        pairs = cb.alter_ties.get("pairs")
        if isinstance(pairs, str):
            for rec in pair_ties(row, e.header, pairs, cb, rid,
                                 str(cb.alter_ties.get("relation", ""))):
                aat.add(rec, e.name, line)
    lk, look = linker(cb, link_keys)
    for line, row in a.rows:
        alter = lk.link(row.get(look, "")) if look else ""
        for rec in tie_records(row, a.header, cb, variables, rid=row[ego_id].strip(),
                               alter_key=row[alter_id].strip(), alter_id=alter,
                               default_relation=cb.default_relation or "named"):
            ties.add(rec, a.name, line)
    if alter_ties is not None:
        t = as_export(alter_ties, "alter_ties")
        for col, arg in ((ego_id, "ego_id"), (source, "source"), (target, "target")):
            _need(t, col, arg)
        wvar = cb.alter_ties.get("weight", "weight" if "weight" in t.header else None)
        rvar = cb.alter_ties.get("relation")
        for line, row in t.rows:
            aat.add({"respondent_id": row[ego_id].strip(), "alter_a": row[source],
                     "alter_b": row[target],
                     "relation": row.get(str(rvar), str(rvar)) if rvar else "",
                     "weight": row.get(str(wvar), "") if wvar else ""}, t.name, line)
    k = resolve_key(key, synthetic=synthetic, source=e.name)
    tables = {"respondents": resp.table(), "ties": ties.table(), "alter_ties": aat.table()}
    default_scope = Path(e.name).stem if not isinstance(egos, pd.DataFrame) else "egor"
    survey = build_survey(tables, prof, key=k, scope=default_scope if scope is None else scope,
                          strict=strict, source=e.name, synthetic=synthetic,
                          importer="egor files")
    survey.linking = lk.summary()
    return survey
