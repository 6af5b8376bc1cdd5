"""Loaders of the case studies' raw tables (``data/raw``), with their cross-table checks.

Each ``load_*`` validates one file against its schema (:mod:`netlib.cases.tables`); a
``path`` loads a researcher's own file against the same schema. Cross-table checks (a
Tableau 3 row whose peer is not in Tableau 1, a node of an unknown network, a membership of
an unknown organisation or initiative) are done by :func:`load_all` and, for the ecosystem
tables, by :func:`load_ecosystem`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netlib.cases.tables import (
    FACTS,
    HSB82,
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
)
from netlib.data.errors import DataError
from netlib.data.tables import check_refs, load_table, reject_rows


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



def load_hsb82(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """High School and Beyond (mlmRev's ``Hsb82``): one row per student, 160 schools.

    Beyond the schema, ``cses`` must equal ``ses − meanses`` (to 1e-9) and ``meanses`` be
    constant within a school; rows that break either are rejected.
    """
    strict = kw.get("strict", True)
    df = load_table(HSB82, path, **kw)
    bad = (df["cses"] - (df["ses"] - df["meanses"])).abs() > 1e-9
    df = reject_rows(df, bad, "cses", "cses must equal ses - meanses", strict=strict,
                     expected="ses - meanses")
    spread = df.groupby("school")["meanses"].transform(lambda x: x.max() - x.min())
    return reject_rows(df, spread > 1e-9, "meanses", "meanses must be one value per school",
                       strict=strict, expected="the same meanses for every student of a school")


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



def load_organisations(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Organisations named in the seeds, with kind and triple-helix strand."""
    return load_table(ORGANISATIONS, path, **kw)


def load_initiatives(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """STEM-education initiatives named in the seeds."""
    return load_table(INITIATIVES, path, **kw)


def load_memberships(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Organisation x initiative memberships, each with its role and evidence."""
    return load_table(MEMBERSHIPS, path, **kw)


def load_organisation_aliases(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Other spellings of the organisations' names in the seeds."""
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
    check_refs(memberships, "org_id", organisations, "org_id", set())
    check_refs(memberships, "initiative_id", initiatives, "initiative_id", set())
    check_refs(aliases, "org_id", organisations, "org_id", set())
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
    check_refs(tables["idos_peer_networks"], "peer_id", tables["idos_peers"], "peer_id",
                {"idos"})
    check_refs(tables["links_nodes"], "network_id", tables["links_networks"], "network_id",
                set())
    check_ecosystem(tables["organisations"], tables["initiatives"], tables["memberships"],
                    tables["organisation_aliases"])
    return tables
