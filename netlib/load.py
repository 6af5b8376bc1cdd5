"""Loaders: one ``load_*`` per dataset, each validated against its schema.

Every loader

* verifies the file's sha256 against ``data/raw/PROVENANCE.csv`` (only for files under
  ``data/raw``; a researcher's own file passed as ``path`` is not checked);
* raises :class:`netlib.DataError` naming file, line, column, bad value and what was
  expected;
* with ``strict=False``, keeps the valid rows and returns the others in
  ``df.attrs["rejected"]`` (file, line, column, value, reason), warning with
  :class:`netlib.RejectedRowsWarning` — rows are never dropped silently.

Cross-table checks (a Tableau 3 row whose peer is not in Tableau 1, a node of an unknown
network, a membership of an unknown organisation or initiative) are done by :func:`load_all`
and, for the ecosystem tables, by :func:`load_ecosystem`.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from netlib import provenance
from netlib.errors import DataError, RejectedRowsWarning
from netlib.paths import RAW, rel
from netlib.schemas import (
    FACTS,
    IDOS_NETWORK_TYPES,
    IDOS_PEER_NETWORKS,
    IDOS_PEERS,
    IMST_FINDINGS,
    INITIATIVES,
    LINKS_NETWORKS,
    LINKS_NODES,
    MEMBERSHIPS,
    ORGANISATION_ALIASES,
    ORGANISATIONS,
    RCT_FACTS,
    SOURCE_TABLES,
    STAR,
    STAR_GRADES,
    STAR_PUBLISHED,
    WWC_ATTRITION,
    Schema,
)
from netlib.validate import read_validated


def load_table(
    schema: Schema, path: str | Path | None = None, *, strict: bool = True, verify: bool = True
) -> pd.DataFrame:
    """Load the table described by ``schema`` from ``path`` (default ``data/raw/<file>``)."""
    path = Path(path) if path is not None else RAW / schema.file
    if verify:
        provenance.verify(path)
    result = read_validated(path, schema, strict=strict)
    df = result.data
    df.attrs["source_file"] = rel(path)
    df.attrs["rejected"] = result.rejected
    df.attrs["lines"] = result.lines
    if len(result.rejected):
        warnings.warn(
            f"{rel(path)}: {len(result.rejected)} of {result.rows_in} rows not kept; "
            "see df.attrs['rejected'] for each line and reason",
            RejectedRowsWarning,
            stacklevel=2,
        )
    return df


def load_provenance() -> pd.DataFrame:
    """``data/raw/PROVENANCE.csv``: origin, licence, card and sha256 of every raw file."""
    return load_table(provenance.PROVENANCE_SCHEMA, provenance.PROVENANCE_FILE, verify=False)


def load_idos_peers(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """IDoS Tableau 1 — the six peer organisations (seed 000)."""
    return load_table(IDOS_PEERS, path, **kw)


def load_idos_network_types(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """IDoS Tableau 2 — the five network types (Slaughter 2017; Ehrlichman 2021)."""
    return load_table(IDOS_NETWORK_TYPES, path, **kw)


def load_idos_peer_networks(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """IDoS Tableau 3 — network type(s), structure, objectives, success factors."""
    return load_table(IDOS_PEER_NETWORKS, path, **kw)


def load_links_networks(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """LINKS brochure — the six national networks (seed 001)."""
    return load_table(LINKS_NETWORKS, path, **kw)


def load_links_nodes(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """LINKS brochure — number and kind of regional nodes per network."""
    return load_table(LINKS_NODES, path, **kw)


def load_facts(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Quantitative facts stated in the seeds, with qualifiers kept."""
    return load_table(FACTS, path, **kw)


def load_imst_findings(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Published findings of the IMST social network analysis (seed 001)."""
    return load_table(IMST_FINDINGS, path, **kw)


def reject_rows(
    df: pd.DataFrame, bad: pd.Series, column: str, reason: str, *, strict: bool,
    value: pd.Series | None = None, expected: str | None = None,
) -> pd.DataFrame:
    """Apply a check that involves several cells of a row (or several rows) after loading.

    ``bad`` flags the failing rows of ``df`` (as loaded by :func:`load_table`, with
    ``df.attrs['lines']``). In strict mode the first one raises :class:`DataError` naming
    file, line, column, value and ``expected``; otherwise the failing rows move to
    ``df.attrs['rejected']`` with their line and ``reason``, with a
    :class:`RejectedRowsWarning`, so that rows in = rows kept + rows rejected still holds.
    """
    bad = bad.fillna(False).astype(bool).to_numpy()
    if not bad.any():
        return df
    lines = list(df.attrs.get("lines", range(2, len(df) + 2)))
    file = df.attrs.get("source_file")
    values = (value if value is not None else df[column]).astype("string").fillna("")
    if strict:
        i = int(bad.argmax())
        raise DataError(reason, file=file, line=lines[i], column=column,
                        value=values.iloc[i], expected=expected)
    rej = pd.DataFrame({
        "file": file, "line": [ln for ln, b in zip(lines, bad, strict=True) if b],
        "column": column, "value": list(values[bad]), "reason": f"{column}: {reason}",
    })
    kept = df.loc[~bad].reset_index(drop=True)
    kept.attrs = dict(df.attrs)
    kept.attrs["lines"] = [ln for ln, b in zip(lines, bad, strict=True) if not b]
    kept.attrs["rejected"] = pd.concat([df.attrs.get("rejected"), rej], ignore_index=True) \
        if df.attrs.get("rejected") is not None and len(df.attrs["rejected"]) else rej
    warnings.warn(f"{file}: {int(bad.sum())} rows not kept ({reason}); see "
                  "df.attrs['rejected']", RejectedRowsWarning, stacklevel=3)
    return kept


def load_star(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Tennessee STAR (AER's ``STAR``): one row per student, wide, K to grade 3.

    Besides the schema, each grade's class type and school id must be present together
    (a student in a STAR class is in a school; ``school{g}`` is the school *type*,
    ``schoolid{g}`` the school).
    """
    strict = kw.get("strict", True)
    df = load_table(STAR, path, **kw)
    for g in STAR_GRADES:
        bad = df[f"star{g}"].isna() != df[f"schoolid{g}"].isna()
        df = reject_rows(df, bad, f"schoolid{g}", f"star{g} and schoolid{g} must be both "
                         "present or both empty", strict=strict,
                         expected=f"a school id exactly when star{g} is set")
    return df


def load_star_published(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Published STAR estimates (Stock & Watson Tables 13.1-13.2) to reproduce."""
    return load_table(STAR_PUBLISHED, path, **kw)


def load_rct_facts(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Facts from public records on the La main à la pâte and LASER trials, and ICCs."""
    return load_table(RCT_FACTS, path, **kw)


def load_wwc_attrition_boundaries(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """WWC attrition boundary table (overall % → highest differential pp, two assumptions)."""
    return load_table(WWC_ATTRITION, path, **kw)


def _check_refs(
    child: pd.DataFrame, col: str, parent: pd.DataFrame, pcol: str, allowed: set[str]
) -> None:
    known = set(parent[pcol]) | allowed
    for line, value in zip(child.attrs["lines"], child[col], strict=True):
        if value not in known:
            raise DataError(
                f"refers to an unknown {pcol}",
                file=child.attrs.get("source_file"),
                line=line,
                column=col,
                value=value,
                expected=f"one of {sorted(known)} (from {parent.attrs.get('source_file')})",
            )


def load_organisations(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Organisations named in the seeds, with kind and triple-helix strand (issue 6)."""
    return load_table(ORGANISATIONS, path, **kw)


def load_initiatives(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """STEM-education initiatives named in the seeds (issue 6)."""
    return load_table(INITIATIVES, path, **kw)


def load_memberships(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Organisation x initiative memberships, each with its role and evidence (issue 6)."""
    return load_table(MEMBERSHIPS, path, **kw)


def load_organisation_aliases(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Other spellings of the organisations' names in the seeds (issue 6)."""
    return load_table(ORGANISATION_ALIASES, path, **kw)


def _collapse(text: object) -> str:
    return " ".join(str(text).split())


def check_ecosystem(
    organisations: pd.DataFrame, initiatives: pd.DataFrame, memberships: pd.DataFrame,
    aliases: pd.DataFrame,
) -> None:
    """Cross-table checks of the ecosystem tables; raise :class:`DataError` on the first problem.

    * every membership names a known organisation and a known initiative, and every alias a
      known organisation;
    * the name a membership quotes (``name_as_written_fr``) is the organisation's ``name_fr``
      or one of its listed aliases — so a row cannot silently point to the wrong organisation;
    * two organisations never share a ``name_fr``; an alias belongs to one organisation only
      and is not another organisation's name;
    * every organisation and every initiative has at least one membership.
    """
    _check_refs(memberships, "org_id", organisations, "org_id", set())
    _check_refs(memberships, "initiative_id", initiatives, "initiative_id", set())
    _check_refs(aliases, "org_id", organisations, "org_id", set())
    names: dict[str, str] = {}
    for line, org, name in zip(organisations.attrs["lines"], organisations["org_id"],
                               organisations["name_fr"], strict=True):
        if _collapse(name) in names:
            raise DataError(
                f"name_fr already used by organisation {names[_collapse(name)]!r}",
                file=organisations.attrs.get("source_file"), line=line, column="name_fr",
                value=name, expected="one row per organisation (other spellings go to "
                f"{aliases.attrs.get('source_file')})",
            )
        names[_collapse(name)] = org
    owner: dict[str, str] = {}
    for line, org, alias in zip(aliases.attrs["lines"], aliases["org_id"], aliases["alias_fr"],
                                strict=True):
        a = _collapse(alias)
        if names.get(a) == org:
            raise DataError(
                "alias repeats the organisation's own name_fr",
                file=aliases.attrs.get("source_file"), line=line, column="alias_fr",
                value=alias, expected="a different spelling of the name",
            )
        other = owner.get(a) or names.get(a)
        if other is not None and other != org:
            raise DataError(
                f"alias already belongs to organisation {other!r}",
                file=aliases.attrs.get("source_file"), line=line, column="alias_fr",
                value=alias, expected="a spelling that names one organisation only",
            )
        owner[a] = org
    spellings: dict[str, set[str]] = {o: {_collapse(n)} for n, o in names.items()}
    for a, o in owner.items():
        spellings[o].add(a)
    for line, org, name in zip(memberships.attrs["lines"], memberships["org_id"],
                               memberships["name_as_written_fr"], strict=True):
        if _collapse(name) not in spellings[org]:
            raise DataError(
                f"name does not match organisation {org!r}",
                file=memberships.attrs.get("source_file"), line=line,
                column="name_as_written_fr", value=name,
                expected=f"one of {sorted(spellings[org])} (its name_fr or a listed alias in "
                f"{aliases.attrs.get('source_file')})",
            )
    for table, col in ((organisations, "org_id"), (initiatives, "initiative_id")):
        used = set(memberships[col])
        for line, value in zip(table.attrs["lines"], table[col], strict=True):
            if value not in used:
                raise DataError(
                    "has no membership",
                    file=table.attrs.get("source_file"), line=line, column=col, value=value,
                    expected=f"at least one row in {memberships.attrs.get('source_file')}",
                )


def load_ecosystem(
    organisations: str | Path | None = None,
    initiatives: str | Path | None = None,
    memberships: str | Path | None = None,
    aliases: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """The four ecosystem tables (default: ``data/raw``), validated and cross-checked.

    Pass paths to check your own files. Returns ``{"organisations", "initiatives",
    "memberships", "aliases"}``; raises :class:`DataError` naming file, line, column, value
    and what was expected (see :func:`check_ecosystem`).
    """
    tables = {
        "organisations": load_organisations(organisations),
        "initiatives": load_initiatives(initiatives),
        "memberships": load_memberships(memberships),
        "aliases": load_organisation_aliases(aliases),
    }
    check_ecosystem(tables["organisations"], tables["initiatives"], tables["memberships"],
                    tables["aliases"])
    return tables


def load_all() -> dict[str, pd.DataFrame]:
    """Every source table, validated, with cross-table references checked."""
    tables = {s.name: load_table(s) for s in SOURCE_TABLES}
    _check_refs(tables["idos_peer_networks"], "peer_id", tables["idos_peers"], "peer_id",
                {"idos"})
    _check_refs(tables["links_nodes"], "network_id", tables["links_networks"], "network_id",
                set())
    check_ecosystem(tables["organisations"], tables["initiatives"], tables["memberships"],
                    tables["organisation_aliases"])
    return tables


def load_processed(name: str) -> pd.DataFrame:
    """A table of ``data/processed`` (built by ``python -m netlib.build``), checksum-verified.

    ``name`` is the file name with or without ``.csv``. Raises :class:`DataError` when the
    file is missing or differs from ``data/processed/MANIFEST.csv``.
    """
    import hashlib

    from netlib.paths import PROCESSED

    file = name if name.endswith(".csv") else f"{name}.csv"
    path = PROCESSED / file
    manifest = PROCESSED / "MANIFEST.csv"
    hint = "Build it with `python -m netlib.build` (or `make data`)."
    if not path.is_file() or not manifest.is_file():
        missing = path if not path.is_file() else manifest
        raise DataError("processed file not found", file=rel(missing), hint=hint)
    recorded = pd.read_csv(manifest, dtype=str).set_index("file")["sha256"]
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if file not in recorded.index:
        raise DataError("not listed in data/processed/MANIFEST.csv", file=rel(path), hint=hint)
    if recorded[file] != actual:
        raise DataError(
            "checksum mismatch: the processed file differs from its build manifest",
            file=rel(path), column="sha256", value=actual, expected=recorded[file], hint=hint,
        )
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    df.attrs["source_file"] = rel(path)
    return df


# The IMST survey has its own loader module (two files, rejected rows, pseudonymisation);
# it is re-exported here so that every dataset has its load_* in netlib.load.
from netlib.survey import Survey, load_imst_survey  # noqa: E402

__all__ = [
    "Survey", "load_all", "load_facts", "load_idos_network_types", "load_idos_peer_networks",
    "load_idos_peers", "load_imst_findings", "load_imst_survey", "load_links_networks",
    "load_links_nodes", "load_processed", "load_provenance", "load_table",
]
