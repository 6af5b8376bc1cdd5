"""Read a one-row-per-respondent export (LimeSurvey, SoSci Survey, Qualtrics, egor's one-file
layout) into a :class:`~netlib.survey.Survey`.

Name-generator questions export as blocks of columns, one block per alter slot: the alter's
name (``name1 … nameN``) and its attributes (``name1_institution``, ``name1_freq`` …);
questions about pairs of alters as one column per pair (``tie_1_2``). The code book gives
the column patterns with ``{i}`` for the slot (and ``{j}`` for the second slot of a pair)::

    respondent: {id: id, region: bundesland, role: rolle, institutions: einrichtung}
    alter:
      name: "name{i}"                       # a non-empty name (or any attribute) = an alter
      region: "name{i}_region"
      institution: "name{i}_einrichtung"
      frequency: "name{i}_haeufigkeit"
      relations: {"name{i}_info": information, "name{i}_koop": cooperation}
    alter_ties: {pairs: "tie_{i}_{j}"}
    values: {frequency: {"1": yearly, "5": daily}}

Files may be ``;``-, ``,``- or tab-separated, with or without a BOM. Qualtrics' second and
third header rows (question texts, ``{"ImportId": …}``) are recognised and skipped. Slot
*i* of a respondent is alter ``i`` of that respondent (the key of its ties and alter ties);
names are read only to tell filled slots from empty ones and, with a name → respondent table,
to link alters to respondents — they never reach the survey.
"""

from __future__ import annotations

from pathlib import Path

from netlib.data.errors import DataError
from netlib.data.paths import rel
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
    slot_pattern,
    tie_records,
)

ALTER_PATTERNS = ("name", "region", "institution", "frequency", "organisation", "relation",
                  "link")


def _skip_qualtrics(ex: Export) -> Export:
    """Drop Qualtrics' two extra header rows (question text and ``{"ImportId": …}``)."""
    if len(ex.rows) >= 2 and any(v.startswith('{"ImportId"') for v in ex.rows[1][1].values()):
        return Export(ex.name, ex.header, ex.rows[2:])
    return ex


def _slots(header: list[str], alter: dict[str, object]) -> list[str]:
    """The slot labels ``i`` that appear in any alter column pattern, in header order."""
    found: dict[str, None] = {}
    patterns = [str(alter[k]) for k in ALTER_PATTERNS if isinstance(alter.get(k), str)]
    rel_map = alter.get("relations")
    if isinstance(rel_map, dict):
        patterns += [str(p) for p in rel_map]
    rxs = [slot_pattern(p) for p in patterns if "{i}" in p]
    if not rxs:
        raise DataError("the code book's alter patterns have no {i}", expected="alter: {name: "
                        "'name{i}', region: 'name{i}_region', …} (i = the alter's slot)")
    for h in header:
        for rx in rxs:
            m = rx.match(h)
            if m:
                found[m.group("i")] = None
    return list(found)


def wide_tables(ex: Export, cb: Codebook) -> tuple[dict[str, TableBuilder], object]:
    """The survey tables of a wide export (and the linker used)."""
    ex = _skip_qualtrics(ex)
    rid_var = str(cb.respondent.get("id", "id"))
    if rid_var not in ex.header:
        raise DataError("the export has no respondent id column", file=ex.name, column=rid_var,
                        expected=f"a column {rid_var} (code book respondent.id)")
    require_columns(ex, {k: v for k, v in cb.respondent.items() if k != "id"}, "respondent")
    slots = _slots(ex.header, cb.alter)
    if not slots:
        raise DataError("no alter columns match the code book's patterns", file=ex.name,
                        expected=f"columns like {cb.alter.get('name', 'name{i}')} with i = 1, "
                        "2, …")
    resp = TableBuilder("respondents", RESPONDENT_COLUMNS)
    ties = TableBuilder("ties", TIE_COLUMNS)
    alter_ties = TableBuilder("alter_ties", ALTER_TIE_COLUMNS)
    link_keys = []
    if cb.respondent.get("link") is not None:
        link_keys = [(row[rid_var].strip(), row.get(str(cb.respondent["link"]), ""))
                     for _, row in ex.rows]
    lk, look = linker(cb, link_keys)
    pairs = cb.alter_ties.get("pairs")
    for line, row in ex.rows:
        rid = row[rid_var].strip()
        resp.add(respondent_record(row, ex.header, cb, rid), ex.name, line)
        for i in slots:
            variables = {k: (v.replace("{i}", i) if isinstance(v, str) else v)
                         for k, v in cb.alter.items() if k not in ("link_names",)}
            if isinstance(cb.alter.get("relations"), dict):
                variables["relations"] = {str(p).replace("{i}", i): r
                                          for p, r in cb.alter["relations"].items()}
            cells = [row.get(str(variables[k]), "") for k in ALTER_PATTERNS
                     if isinstance(variables.get(k), str)]
            cells += [row.get(p, "") for p in (variables.get("relations") or {})]
            if not any(c.strip() and c.strip().casefold() not in ("0", "false", "no")
                       for c in cells):
                continue  # an empty slot: no alter named
            alter_id = lk.link(row.get(look.replace("{i}", i), "")) if look else ""
            for rec in tie_records(row, ex.header, cb, variables, rid=rid, alter_key=i,
                                   alter_id=alter_id,
                                   default_relation=cb.default_relation or "named"):
                ties.add(rec, ex.name, line)
        if isinstance(pairs, str):
            for rec in pair_ties(row, ex.header, pairs, cb, rid,
                                 str(cb.alter_ties.get("relation", ""))):
                alter_ties.add(rec, ex.name, line)
    return {"respondents": resp, "ties": ties, "alter_ties": alter_ties}, lk


def read_wide(path: str | Path, codebook: Codebook | dict | str | Path,
              profile: SurveyProfile | str | Path | None = GENERIC, *,
              key: str | bytes | None = None, scope: str | None = None, strict: bool = False,
              synthetic: bool | None = None) -> Survey:
    """Read a one-row-per-respondent export with name-generator blocks (module docstring).

    Returns a :class:`~netlib.survey.Survey` whose ``rejected`` rows name the export's line
    (one export row gives a respondent, its ties and its alter ties; ``rows_in`` counts the
    survey tables' records). ``synthetic``: see :func:`netlib.survey.read_network_canvas`.
    """
    path = Path(path)
    cb = load_codebook(codebook)
    prof = load_profile(profile)
    ex = as_export(path, "wide export")
    builders, lk = wide_tables(ex, cb)
    text = path.read_bytes()[:2000].decode("utf-8", "replace").lstrip("\ufeff")
    label = text.split("\n", 1)[0].lstrip("# ").strip() if text.startswith("#") else ""
    if synthetic is None:
        synthetic = "synthetic" in label.lower()
    k = resolve_key(key, synthetic=synthetic, source=rel(path))
    tables = {n: b.table() for n, b in builders.items()}
    survey = build_survey(tables, prof, key=k, scope=path.stem if scope is None else scope,
                          strict=strict, source=rel(path), synthetic=synthetic, label=label,
                          importer="wide export")
    survey.linking = lk.summary()  # type: ignore[attr-defined]
    return survey
