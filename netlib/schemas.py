"""One schema per raw table: its columns, their types, allowed categories and key.

A :class:`Schema` is plain data, so the data cards and the loaders read the same truth.
Types are checked on the text of each cell before anything is converted:

* ``str`` — any text (stripped); empty only if ``required=False``;
* ``int`` / ``float`` — a decimal number, optional bounds;
* ``category`` — one of ``categories`` (exact, or case-insensitive when ``casefold``),
  with optional ``aliases`` mapping other spellings to a category;
* ``list`` — ``;``-separated categories (or free text when ``categories`` is None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["str", "int", "float", "category", "list"]

_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Column:
    """One column of a table and the rule its cells obey."""

    name: str
    kind: Kind = "str"
    required: bool = True
    categories: tuple[str, ...] | None = None
    aliases: dict[str, str] = field(default_factory=dict)
    casefold: bool = False
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    description: str = ""

    def expected(self) -> str:
        """Human description of a valid cell, used in error messages."""
        if self.kind == "int":
            what = "an integer"
        elif self.kind == "float":
            what = "a number"
        elif self.kind == "category":
            what = f"one of {list(self.categories or ())}"
        elif self.kind == "list":
            what = (
                f"';'-separated values from {list(self.categories)}"
                if self.categories
                else "';'-separated values"
            )
        else:
            what = "text"
        if self.pattern:
            what += f" matching /{self.pattern}/"
        if self.min is not None or self.max is not None:
            what += f" in [{self.min if self.min is not None else '-inf'}, "
            what += f"{self.max if self.max is not None else 'inf'}]"
        if not self.required:
            what += " (or empty)"
        return what

    def _category(self, text: str) -> str | None:
        cats = self.categories or ()
        if text in cats:
            return text
        look = text.casefold() if self.casefold else text
        for alias, target in self.aliases.items():
            if (alias.casefold() if self.casefold else alias) == look:
                return target
        if self.casefold:
            for c in cats:
                if c.casefold() == look:
                    return c
        return None

    def parse(self, raw: str) -> tuple[object, str | None]:
        """``(value, None)`` for a valid cell, ``(None, problem)`` otherwise."""
        text = raw.strip()
        if text == "":
            return (None, None) if not self.required else (None, "empty value")
        if self.kind == "int":
            if not _INT.match(text):
                return None, "not an integer"
            value: object = int(text)
        elif self.kind == "float":
            if not _FLOAT.match(text):
                return None, "not a number"
            value = float(text)
        elif self.kind == "category":
            cat = self._category(text)
            if cat is None:
                return None, "unknown category"
            value = cat
        elif self.kind == "list":
            items = [t.strip() for t in text.split(";")]
            if any(t == "" for t in items):
                return None, "empty item in ';'-separated list"
            if self.categories is not None:
                mapped = [self._category(t) for t in items]
                bad = [t for t, m in zip(items, mapped, strict=True) if m is None]
                if bad:
                    return None, f"unknown categor{'y' if len(bad) == 1 else 'ies'} {bad}"
                items = [m for m in mapped if m is not None]
            if len(set(items)) != len(items):
                return None, "repeated item in list"
            value = ";".join(items)
        else:
            value = re.sub(r"\s+", " ", text)
        if self.pattern and not re.fullmatch(self.pattern, str(value)):
            return None, "does not match the expected pattern"
        if self.min is not None and isinstance(value, int | float) and value < self.min:
            return None, "below the allowed range"
        if self.max is not None and isinstance(value, int | float) and value > self.max:
            return None, "above the allowed range"
        return value, None

    def pandas_dtype(self) -> str:
        return {"int": "Int64", "float": "Float64"}.get(self.kind, "string")


@dataclass(frozen=True)
class Schema:
    """A raw table: file name, ordered columns, key, and how to obtain the file."""

    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    obtain: str = ""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


# --------------------------------------------------------------------------- vocabularies
SOURCE_PATTERN = r"\d{3}_[0-9a-f]{16}\.txt § .+"
LINES_PATTERN = r"\d+-\d+"
SEED_OBTAIN = (
    "It is extracted by hand from the seed documents in ../shared/seeds/ (see its data card "
    "in data/raw/cards/); restore it with `git checkout -- data/raw/`."
)

PEER_IDS = ("kinder_forschen", "siemens_stiftung", "smithsonian_ssec", "luma", "lamap", "oce")
NETWORK_TYPES = ("resilience", "scaling", "action", "movement", "learning")
REGIONS = ("DE", "FI", "FR", "LATAM", "AFRICA", "SE_ASIA", "GLOBAL")
FUNDING = ("public", "private", "endowment", "donations", "grants")
STRUCTURES = ("A", "B", "C", "A/B", "A/C", "B/C", "A/B/C")
LINKS_IDS = ("maisons_pour_la_science", "anisn", "luma", "imst", "nep", "stem_learning")
QUALIFIERS = ("exact", "about", "more_than", "at_least", "less_than", "at_most", "range")


def _src() -> tuple[Column, Column]:
    return (
        Column("source", pattern=SOURCE_PATTERN,
               description="seed file name and the table/section the row comes from"),
        Column("lines", pattern=LINES_PATTERN,
               description="1-based line range of the evidence in the seed file"),
    )


def _fr_en(stem: str, required: bool = True) -> tuple[Column, Column]:
    return (
        Column(f"{stem}_fr", required=required, description="verbatim French from the seed"),
        Column(f"{stem}_en", required=required, description="English translation"),
    )


UNITS = ("count", "percent", "year", "years", "days", "hours", "EUR", "ratio")

# --------------------------------------------------------------------------- tables
IDOS_PEERS = Schema(
    name="idos_peers",
    file="idos_peers.csv",
    key=("peer_id",),
    description="IDoS peers paper, Tableau 1: one row per peer organisation",
    obtain=SEED_OBTAIN,
    columns=(
        Column("peer_id", kind="category", categories=PEER_IDS),
        *_fr_en("organisation"),
        *_fr_en("org_type"),
        Column("year_founded", kind="int", min=1800, max=2030),
        Column("headquarters_fr"),
        Column("headquarters_city"),
        Column("headquarters_country"),
        Column("regions_of_impact_fr"),
        Column("regions_of_impact", kind="list", categories=REGIONS),
        Column("main_funding_fr"),
        Column("main_funding", kind="list", categories=FUNDING),
        *_src(),
    ),
)

IDOS_NETWORK_TYPES = Schema(
    name="idos_network_types",
    file="idos_network_types.csv",
    key=("network_type",),
    description="IDoS peers paper, Tableau 2: the five network types and their purpose",
    obtain=SEED_OBTAIN,
    columns=(
        Column("network_type", kind="category", categories=NETWORK_TYPES),
        *_fr_en("name"),
        *_fr_en("purpose"),
        *_src(),
    ),
)

IDOS_PEER_NETWORKS = Schema(
    name="idos_peer_networks",
    file="idos_peer_networks.csv",
    key=("example_id",),
    description=(
        "IDoS peers paper, Tableau 3: network example of each peer (and of the IDoS peer "
        "network itself, peer_id 'idos'): types, structure A/B/C, objectives, success factors"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("example_id", pattern=r"[a-z0-9_]+"),
        Column("peer_id", kind="category", categories=(*PEER_IDS, "idos")),
        *_fr_en("network_name"),
        Column("network_types", kind="list", categories=NETWORK_TYPES),
        Column("network_types_fr"),
        Column("structure", kind="category", categories=STRUCTURES,
               description="Baran (Figure 1): A centralised, B decentralised, C distributed"),
        *_fr_en("objectives"),
        *_fr_en("success_factors"),
        *_src(),
    ),
)

LINKS_NETWORKS = Schema(
    name="links_networks",
    file="links_networks.csv",
    key=("network_id",),
    description="LINKS brochure: one row per teacher-development network it profiles",
    obtain=SEED_OBTAIN,
    columns=(
        Column("network_id", kind="category", categories=LINKS_IDS),
        Column("network"),
        Column("country", kind="category", categories=("FR", "IT", "FI", "AT", "GB")),
        *_fr_en("coordinating_body", required=False),
        Column("founded", kind="int", required=False, min=1800, max=2030),
        Column("founded_text_fr", required=False),
        *_fr_en("scope"),
        *_src(),
    ),
)

LINKS_NODES = Schema(
    name="links_nodes",
    file="links_nodes.csv",
    key=("network_id", "node_kind"),
    description="LINKS brochure: number and kind of the nodes of each network (long format)",
    obtain=SEED_OBTAIN,
    columns=(
        Column("network_id", kind="category", categories=LINKS_IDS),
        Column("node_kind", pattern=r"[a-z0-9_]+"),
        Column("count", kind="int", min=0),
        Column("qualifier", kind="category", categories=QUALIFIERS),
        *_fr_en("description"),
        *_src(),
    ),
)

FACTS = Schema(
    name="facts",
    file="facts.csv",
    key=("fact_id",),
    description=(
        "quantitative facts stated in the seed documents, with their qualifier "
        "('more_than 200' is a strict lower bound, not 200)"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("fact_id", pattern=r"f\d{3}-\d{3}"),
        Column("seed_file", pattern=r"\d{3}_[0-9a-f]{16}\.txt"),
        Column("subject"),
        Column("quantity", pattern=r"[a-z0-9_]+"),
        Column("value", kind="float"),
        Column("value_high", kind="float", required=False),
        Column("qualifier", kind="category", categories=QUALIFIERS),
        Column("unit", kind="category", categories=UNITS),
        Column("year", kind="int", required=False, min=1800, max=2030),
        *_fr_en("text"),
        *_src(),
    ),
)

IMST_FINDINGS = Schema(
    name="imst_findings",
    file="imst_findings.csv",
    key=("finding_id",),
    description=(
        "LINKS brochure, 'Le réseau régional IMST (Autriche)': the published findings of the "
        "IMST social network analysis (Rauch & Korenjak), one sentence a row"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("finding_id", pattern=r"imst-\d+"),
        *_fr_en("finding"),
        *_src(),
    ),
)

SOURCE_TABLES: tuple[Schema, ...] = (
    IDOS_PEERS, IDOS_NETWORK_TYPES, IDOS_PEER_NETWORKS, LINKS_NETWORKS, LINKS_NODES, FACTS,
    IMST_FINDINGS,
)


# =========================================================================================
# Issue 4: comparison of the IDoS peers and the LINKS networks (loaders in netlib.peers)
# =========================================================================================
FAMILIES = ("strategy_management", "resources_funding", "motivation_engagement", "meal",
            "context_complexity")
EVIDENCE_ASPECTS = ("centre", "units", "roles", "local_networks", "unit_ties",
                    "decentralisation", "centralisation", "all_types", "one_type_each", "baran",
                    "holley", "distribution")
GOVERNANCE_ASPECTS = ("coordination", "governance", "ministry", "university", "other_networks")
UNIT_TIES = ("none", "ring", "all")

IDOS_SUCCESS_FAMILIES = Schema(
    name="idos_success_families",
    file="idos_success_families.csv",
    key=("family",),
    description=(
        "IDoS peers paper, Figure 2 / Part II: the five families of success factors of "
        "networks, as the text lists them, with the heading of the section on each"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("family", kind="category", categories=FAMILIES),
        Column("number", kind="int", min=1, max=5, description="order in the text (1-5)"),
        *_fr_en("name"),
        Column("section_fr", description="verbatim heading of the Part II section, found at "
               "section_lines"),
        Column("section_lines", pattern=LINES_PATTERN),
        *_src(),
    ),
)

IDOS_SUCCESS_FACTORS = Schema(
    name="idos_success_factors",
    file="idos_success_factors.csv",
    key=("factor_id",),
    description=(
        "IDoS peers paper, Tableau 3: each success factor (one bullet) of each network, coded "
        "into one of the five families of Figure 2; the coding is a judgement, argued in "
        "`rationale`"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("factor_id", pattern=r"sf\d{2}"),
        Column("example_id", pattern=r"[a-z0-9_]+",
               description="the Tableau 3 row (idos_peer_networks.example_id)"),
        Column("peer_id", kind="category", categories=(*PEER_IDS, "idos")),
        Column("item", kind="int", min=1, description="position of the bullet in the cell"),
        *_fr_en("text"),
        Column("family", kind="category", categories=FAMILIES,
               description="coded family (our judgement, see rationale)"),
        Column("family_alt", kind="category", categories=FAMILIES, required=False,
               description="a second family a reviewer could defend (empty: none)"),
        Column("rationale", description="why this family, citing Part II lines of the seed"),
        *_src(),
    ),
)

IDOS_STRUCTURE_EVIDENCE = Schema(
    name="idos_structure_evidence",
    file="idos_structure_evidence.csv",
    key=("evidence_id",),
    description=(
        "IDoS peers paper: the sentences that describe how each network is structured "
        "(centre, units, ties, (de)centralisation), and the paper's statements on Baran's "
        "structures, Holley's stages and the five network types"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("evidence_id", pattern=r"ev\d{2}"),
        Column("example_id", pattern=r"[a-z0-9_]+",
               description="the Tableau 3 row it describes, or 'all'"),
        Column("aspect", kind="category", categories=EVIDENCE_ASPECTS),
        *_fr_en("text"),
        *_src(),
    ),
)

LINKS_GOVERNANCE = Schema(
    name="links_governance",
    file="links_governance.csv",
    key=("governance_id",),
    description=(
        "LINKS brochure: what each network's profile says about its coordination, "
        "governance bodies, links to ministries and to universities, and other networks"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("governance_id", pattern=r"gov\d{2}"),
        Column("network_id", kind="category", categories=LINKS_IDS),
        Column("aspect", kind="category", categories=GOVERNANCE_ASPECTS),
        *_fr_en("text"),
        *_src(),
    ),
)

IDOS_STYLISED_NETWORKS = Schema(
    name="idos_stylised_networks",
    file="idos_stylised_networks.csv",
    key=("example_id",),
    description=(
        "CONSTRUCTED (not observed): how notebook 03 builds a stylised network for each "
        "Tableau 3 example from the paper's words — units, coordinating centre, ties — each "
        "choice citing idos_structure_evidence rows"
    ),
    obtain="It is constructed by hand from idos_structure_evidence.csv and facts.csv (see its "
           "data card); restore it with `git checkout -- data/raw/`.",
    columns=(
        Column("example_id", pattern=r"[a-z0-9_]+"),
        Column("units", kind="int", min=1, description="number of units (partners, "
               "territories, centres, hubs, peers)"),
        Column("units_basis", kind="list", description="facts.csv fact_id(s) the number "
               "comes from, or 'illustrative' when the source gives none"),
        Column("centre", kind="category", categories=("yes", "no"),
               description="a coordinating node tied to every unit"),
        Column("centre_evidence", kind="list", required=False),
        Column("unit_ties", kind="category", categories=UNIT_TIES,
               description="ties among units: none, a ring, or every pair"),
        Column("unit_ties_evidence", kind="list", required=False),
        Column("local_networks", kind="category", categories=("yes", "no"),
               description="each unit has its own local members"),
        Column("local_evidence", kind="list", required=False),
        Column("members_per_unit", kind="int", min=0,
               description="local members per unit: illustrative, stated nowhere"),
        Column("synthetic", kind="category", categories=("constructed",)),
        Column("assumptions", description="the reading of the evidence, in words"),
    ),
)

# The tables extracted from the seeds join the verbatim check, the build and the inventory.
SOURCE_TABLES = SOURCE_TABLES + (
    IDOS_SUCCESS_FAMILIES, IDOS_SUCCESS_FACTORS, IDOS_STRUCTURE_EVIDENCE, LINKS_GOVERNANCE,
)
