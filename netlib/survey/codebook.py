"""Code books: how an export's variables and value labels map to the survey contract.

A code book is a small JSON or YAML file (or a dict) with up to five sections::

    respondent:                 # the respondent's (ego's) variables
      id: networkCanvasCaseID   #   the column holding the respondent's id
      region: bundesland
      role: rolle
      institutions: einrichtung #   a ';'/','-list column, or true/false option columns
      link: email               #   optional: the key that links alters to respondents
    alter:                      # the contacts' variables (a pattern with {i} in wide exports)
      region: alter_bundesland
      institution: alter_einrichtung
      frequency: haeufigkeit
      organisation: organisation
      relation: bezug           #   one variable naming the relation(s), or
      relations: {info: information, koop: cooperation}   # true/false variable → relation
      link: email               #   alter's link key (matched to respondent.link), or
      link_names: names.csv     #   a name → respondent table (columns name, respondent_id),
      name: name                #   with the alter's name variable; names are used, then dropped
    alter_ties:
      edge_types: {knows: knows}  # Network Canvas: edge type → relation (default: all types)
      pairs: "tie_{i}_{j}"        # wide exports: one column per pair of slots
      weight: strength
    values:                     # value label → the profile's label, per concept
      institution: {PH: teacher_education_university}
      frequency: {"1": yearly, "2": quarterly, "3": monthly, "4": weekly, "5": daily}
    truthy: ["1", "true", "yes", "x"]   # cells that mean "selected" (these are the default,
                                        # with ja, oui, sí, si, kyllä, checked, selected)

Concepts with a ``values`` map: ``region`` (respondent and alter), ``institution``
(both), ``role``, ``frequency``, ``relation``. A value without an entry passes through as
written (and is then checked against the profile, so an unmapped label becomes a rejected row
with its file and line, never a silent change). Keys are matched case-insensitively after
trimming.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from netlib.data.errors import DataError
from netlib.data.paths import rel
from netlib.survey.profile import check_keys, read_mapping

SECTIONS = {"format", "respondent", "alter", "alter_ties", "values", "truthy", "description",
            "node_types", "default_relation"}
RESPONDENT_FIELDS = {"id", "region", "role", "institutions", "link"}
ALTER_FIELDS = {"id", "key", "region", "institution", "frequency", "organisation",
                "relation", "relations", "link", "link_names", "name", "slots"}
ALTER_TIE_FIELDS = {"edge_types", "pairs", "weight", "relation", "source", "target"}
CONCEPTS = {"region", "institution", "role", "frequency", "relation"}
TRUTHY = ("1", "true", "yes", "y", "x", "ja", "oui", "sí", "si", "kyllä", "checked",
          "selected", "wahr", "vrai")


@dataclass(frozen=True)
class Codebook:
    """A parsed code book (see the module docstring)."""

    respondent: dict[str, object] = field(default_factory=dict)
    alter: dict[str, object] = field(default_factory=dict)
    alter_ties: dict[str, object] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    truthy: tuple[str, ...] = TRUTHY
    node_types: tuple[str, ...] | None = None
    default_relation: str | None = None
    format: str | None = None
    source: str = "<codebook>"
    base: Path | None = None  # folder of the code book file (relative paths start there)

    def value(self, concept: str, raw: str) -> str:
        """``raw`` mapped through ``values[concept]`` (case-insensitive), else unchanged."""
        table = self.values.get(concept)
        if not table:
            return raw
        look = raw.strip().casefold()
        for k, v in table.items():
            if k.strip().casefold() == look:
                return v
        return raw

    def is_true(self, raw: str) -> bool:
        return raw.strip().casefold() in {t.casefold() for t in self.truthy}

    def path(self, value: object) -> Path:
        """A file named in the code book, relative to the code book's folder."""
        p = Path(str(value))
        return p if p.is_absolute() or self.base is None else self.base / p


def _section(d: dict, name: str, allowed: set[str], where: str) -> dict[str, object]:
    sec = d.get(name) or {}
    check_keys(sec, allowed, where=where, unknown="field", listing="fields",
               not_mapping=f"code book section '{name}' must be a mapping",
               context=f" in code book section '{name}'", prefix=f"{name}.")
    return dict(sec)


def codebook_from_dict(d: dict, where: str = "<codebook>", base: Path | None = None
                       ) -> Codebook:
    """Check and build a :class:`Codebook` from a parsed mapping."""
    check_keys(d, SECTIONS, where=where, unknown="code book section", listing="sections",
               not_mapping="a code book must be a mapping")
    values = d.get("values") or {}
    if not isinstance(values, dict) or not all(
            isinstance(v, dict) for v in values.values()):
        raise DataError("code book section 'values' must map concepts to label tables",
                        file=where, column="values",
                        expected="values: {institution: {PH: teacher_education_university}}")
    bad = sorted(set(values) - CONCEPTS)
    if bad:
        raise DataError(f"unknown concept '{bad[0]}' in code book section 'values'",
                        file=where, column=f"values.{bad[0]}",
                        expected=f"concepts among {sorted(CONCEPTS)}")
    truthy = d.get("truthy")
    if truthy is not None and (not isinstance(truthy, list) or not truthy):
        raise DataError("code book field 'truthy' must be a list", file=where,
                        column="truthy", expected='["1", "yes", "x"]')
    nt = d.get("node_types")
    return Codebook(
        respondent=_section(d, "respondent", RESPONDENT_FIELDS, where),
        alter=_section(d, "alter", ALTER_FIELDS, where),
        alter_ties=_section(d, "alter_ties", ALTER_TIE_FIELDS, where),
        values={c: {str(k): str(v) for k, v in t.items()} for c, t in values.items()},
        truthy=tuple(str(t) for t in truthy) if truthy else TRUTHY,
        node_types=None if nt is None else tuple(str(t) for t in nt),
        default_relation=None if d.get("default_relation") is None
        else str(d["default_relation"]),
        format=d.get("format"), source=where, base=base,
    )


def load_codebook(codebook: Codebook | dict | str | Path | None) -> Codebook:
    """A :class:`Codebook` from an object, a mapping, or a JSON/YAML file; ``None`` gives an
    empty code book (every variable under its contract name)."""
    if codebook is None:
        return Codebook()
    if isinstance(codebook, Codebook):
        return codebook
    if isinstance(codebook, dict):
        return codebook_from_dict(codebook)
    path = Path(codebook)
    return codebook_from_dict(read_mapping(path, "code book"), rel(path), base=path.parent)
