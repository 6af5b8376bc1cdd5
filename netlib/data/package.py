"""The data package: ``datapackage.json`` generated from the :class:`~netlib.data.schema.Schema`\\ s.

A `Frictionless Data Package <https://datapackage.org/>`_ (v2) is the one description of the
raw data: every file under ``data/raw`` is a resource with its title, description, kind,
licences, sources, sha256 and a Table Schema. The descriptor is *generated* from Python — a
catalogue of :class:`Resource` s (the case studies keep theirs in ``netlib.cases.catalogue``,
named in ``pyproject.toml`` under ``[tool.netlib] raw-package``) — and the "Columns" tables
of the data cards are generated from the descriptor. Only the hashes are state: ``write``
keeps the recorded ones, ``python -m netlib.data.provenance update FILE`` records a new one.

How a :class:`~netlib.data.schema.Column` becomes a Table Schema field:

* ``str`` → ``string`` (``pattern`` if any); ``int`` → ``integer``; ``float`` → ``number``;
  ``min``/``max`` → ``minimum``/``maximum``; ``required`` → ``constraints.required``;
* ``category`` → ``string`` with ``constraints.enum`` (the canonical spellings). Table
  Schema cannot say "case-insensitive" or "these aliases": the field description says that
  the loader also accepts them;
* ``list`` (``;``-separated) → ``string`` with a generated ``pattern``
  (``(a|b)(;(a|b))*``); the loader also strips spaces around items and refuses repeats;
* the single-column key is ``unique``; :attr:`Schema.key` is the ``primaryKey`` and
  :attr:`Schema.foreign_keys` are the ``foreignKeys``.

Command line::

    python -m netlib.data.package write   # regenerate datapackage.json and the cards' tables
    python -m netlib.data.package check   # descriptor and cards up to date, hashes match
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from netlib.data.files import atomic_write_text
from netlib.data.paths import RAW, ROOT, rel
from netlib.data.schema import Column, Schema

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DESCRIPTOR = "datapackage.json"
RAW_DESCRIPTOR: Path = RAW / DESCRIPTOR
COMMAND = "python -m netlib.data.package write"
Kind = Literal["extracted", "public_dataset", "synthetic", "constructed"]
_KINDS = ("extracted", "public_dataset", "synthetic", "constructed")
_TYPES = {"str": "string", "category": "string", "list": "string", "int": "integer",
          "float": "number"}
FREE_LIST_PATTERN = r"[^;]+(;[^;]+)*"


@dataclass(frozen=True)
class License:
    """A licence: an SPDX id (or a ``LicenseRef-…`` name) and a title that says what it means."""

    name: str
    title: str
    path: str | None = None

    def descriptor(self) -> dict[str, str]:
        return {k: v for k, v in (("name", self.name), ("path", self.path),
                                  ("title", self.title)) if v}


@dataclass(frozen=True)
class Source:
    """Where the data come from: a title giving the place (section, lines), optional path."""

    title: str
    path: str | None = None

    def descriptor(self) -> dict[str, str]:
        return {"title": self.title, **({"path": self.path} if self.path else {})}


@dataclass(frozen=True)
class Resource:
    """A file of the package: its schema and everything a reader needs to know about it."""

    schema: Schema
    title: str
    kind: Kind
    licenses: tuple[License, ...]
    sources: tuple[Source, ...]
    card: str  # data card, relative to the package directory
    path: str | None = None  # relative to the package directory; default ``schema.file``
    description: str | None = None  # default ``schema.description``
    comment_char: str | None = None  # leading comment lines (e.g. a synthetic label)
    delimiter: str | None = None  # a table's field separator when it is not ","
    format: str = "csv"  # a table; or a file that is not one: "yaml", "json", "graphml"

    @property
    def tabular(self) -> bool:
        return self.format == "csv"

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"{self.schema.name}: kind {self.kind!r} not one of {_KINDS}")
        if not self.licenses or not self.sources:
            raise ValueError(f"{self.schema.name}: a resource needs licences and sources")

    @property
    def name(self) -> str:
        return self.schema.name

    @property
    def file(self) -> str:
        return self.path or self.schema.file


@dataclass(frozen=True)
class Package:
    """A catalogue of resources and where its descriptor lives."""

    name: str
    title: str
    description: str
    resources: tuple[Resource, ...]
    directory: Path

    @property
    def descriptor_path(self) -> Path:
        return self.directory / DESCRIPTOR


# --------------------------------------------------------------------------- Table Schema
def list_pattern(categories: Iterable[str] | None) -> str:
    """Pattern of a ``;``-separated list of ``categories`` (any items when None)."""
    if categories is None:
        return FREE_LIST_PATTERN
    alts = "|".join(re.escape(c) for c in categories)
    return f"({alts})(;({alts}))*"


def list_categories(pattern: str) -> list[str] | None:
    """Inverse of :func:`list_pattern` for its category form (None for any other pattern)."""
    m = re.fullmatch(r"\((.*)\)\(;\(\1\)\)\*", pattern)
    if not m:
        return None
    return [re.sub(r"\\(.)", r"\1", a) for a in m.group(1).split("|")]


def field_description(col: Column) -> str:
    """The column's description plus what Table Schema cannot say (case variants, aliases,
    an optional column)."""
    notes = []
    if col.casefold or col.aliases:
        also = ["case variants"] if col.casefold else []
        if col.aliases:
            also.append("the aliases " + ", ".join(
                f"{a!r} → {t!r}" for a, t in col.aliases.items()))
        notes.append(f"The loader also accepts {' and '.join(also)}; "
                     "files should hold the canonical values")
    if col.optional:
        notes.append("The column may be absent from a file (then every cell is empty)")
    text = col.description
    for note in notes:
        text = f"{text}. {note}" if text else note
    return text + ("." if notes else "")


def field(col: Column, *, unique: bool = False) -> dict[str, Any]:
    """The Table Schema field of ``col``."""
    constraints: dict[str, Any] = {"required": col.required}
    if col.kind == "category":
        constraints["enum"] = list(col.categories or ())
    if col.kind == "list":
        constraints["pattern"] = list_pattern(col.categories)
    elif col.pattern:
        constraints["pattern"] = col.pattern
    if col.min is not None:
        constraints["minimum"] = col.min
    if col.max is not None:
        constraints["maximum"] = col.max
    if unique:
        constraints["unique"] = True
    out: dict[str, Any] = {"name": col.name, "type": _TYPES[col.kind],
                           "constraints": constraints}
    desc = field_description(col)
    if desc:
        out["description"] = desc
    return out


def table_schema(schema: Schema) -> dict[str, Any]:
    """The Table Schema of ``schema``: fields, primaryKey, foreignKeys."""
    single = schema.key[0] if len(schema.key) == 1 else None
    out: dict[str, Any] = {
        "fields": [field(c, unique=c.name == single) for c in schema.columns],
    }
    if schema.key:
        out["primaryKey"] = list(schema.key)
    if schema.foreign_keys:
        out["foreignKeys"] = [
            {"fields": list(fk.fields),
             "reference": {"resource": fk.resource, "fields": list(fk.reference)}}
            for fk in schema.foreign_keys
        ]
    return out


# --------------------------------------------------------------------------- descriptor
def sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


MEDIATYPES = {"csv": "text/csv", "yaml": "application/yaml", "json": "application/json",
              "graphml": "application/graphml+xml"}


def resource_descriptor(res: Resource, hash_hex: str) -> dict[str, Any]:
    """The resource's descriptor: a table (with its Table Schema) or, for a file that is not
    a table (a code book, a GraphML export), a plain file resource."""
    if not res.tabular:
        return {
            "name": res.name, "path": res.file, "scheme": "file", "format": res.format,
            "mediatype": MEDIATYPES.get(res.format, "application/octet-stream"),
            "encoding": "utf-8", "title": res.title,
            "description": res.description or res.schema.description, "kind": res.kind,
            "card": res.card, "hash": f"sha256:{hash_hex}",
            "licenses": [lic.descriptor() for lic in res.licenses],
            "sources": [src.descriptor() for src in res.sources],
        }
    out: dict[str, Any] = {
        "name": res.name,
        "type": "table",
        "path": res.file,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": res.title,
        "description": res.description or res.schema.description,
        "kind": res.kind,
        "card": res.card,
        "hash": f"sha256:{hash_hex}",
        "licenses": [lic.descriptor() for lic in res.licenses],
        "sources": [src.descriptor() for src in res.sources],
        "schema": table_schema(res.schema),
    }
    if res.comment_char or res.delimiter:
        out["dialect"] = {k: v for k, v in (("commentChar", res.comment_char),
                                            ("delimiter", res.delimiter)) if v}
    return out


def build_descriptor(package: Package, hashes: dict[str, str]) -> dict[str, Any]:
    """The descriptor of ``package`` with ``hashes`` (``{path: hex}``); a resource without a
    recorded hash gets the hash of its file as it is now."""
    resources = []
    for res in package.resources:
        h = hashes.get(res.file) or sha256(package.directory / res.file)
        resources.append(resource_descriptor(res, h))
    return package_descriptor(package.name, package.title, package.description, resources)


def dumps(descriptor: dict[str, Any]) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, UTF-8, final newline."""
    return json.dumps(descriptor, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read(path: Path = RAW_DESCRIPTOR) -> dict[str, Any]:
    """The descriptor at ``path`` as a dict."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def recorded_hashes(path: Path = RAW_DESCRIPTOR) -> dict[str, str]:
    """``{resource path: hex sha256}`` as recorded in the descriptor (empty if none)."""
    if not Path(path).is_file():
        return {}
    return {r["path"]: r["hash"].removeprefix("sha256:") for r in read(path)["resources"]
            if "hash" in r}


def infer_type(values: Any) -> str:
    """Table Schema type of a written pandas column: integer, number, boolean or string."""
    from pandas.api import types as pdt

    if pdt.is_bool_dtype(values):
        return "boolean"
    if pdt.is_integer_dtype(values):
        return "integer"
    if pdt.is_float_dtype(values):
        return "number"
    present = list(values.dropna())
    if present and all(pdt.is_bool(v) for v in present):
        return "boolean"
    if present and all(pdt.is_integer(v) and not pdt.is_bool(v) for v in present):
        return "integer"
    if present and all(pdt.is_number(v) and not pdt.is_bool(v) for v in present):
        return "number"
    return "string"


def written_resource(path: Path, frame: Any, sources: Iterable[Source]) -> dict[str, Any]:
    """Descriptor of a CSV file written from the DataFrame ``frame``: path, hash, bytes,
    a Table Schema inferred from the frame's columns, and its sources."""
    data = Path(path).read_bytes()
    return {
        "name": Path(path).stem,
        "type": "table",
        "path": Path(path).name,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "bytes": len(data),
        "sources": [s.descriptor() for s in sources],
        "schema": {"fields": [{"name": str(c), "type": infer_type(frame[c])}
                              for c in frame.columns]},
    }


def package_descriptor(name: str, title: str, description: str,
                       resources: list[dict[str, Any]]) -> dict[str, Any]:
    """A Data Package (v2) descriptor around ready resource descriptors."""
    return {"$schema": PROFILE, "name": name, "title": title, "description": description,
            "resources": resources}


# --------------------------------------------------------------------------- data cards
def begin_marker(name: str) -> str:
    return f"<!-- columns of {name}: generated by {COMMAND}; do not edit -->"


END_MARKER = "<!-- end columns -->"


def valid_values(fld: dict[str, Any], references: dict[str, str]) -> str:
    """What a valid cell of the Table Schema field ``fld`` is, in words."""
    c = fld.get("constraints", {})
    pattern = c.get("pattern")
    cats = list_categories(pattern) if pattern else None
    if fld["type"] == "integer":
        what = "an integer"
    elif fld["type"] == "number":
        what = "a number"
    elif "enum" in c:
        what = f"one of {list(c['enum'])}"
    elif cats is not None:
        what = f"';'-separated values from {cats}"
    elif pattern == FREE_LIST_PATTERN:
        what = "';'-separated values"
    else:
        what = "text"
    if pattern and cats is None and pattern != FREE_LIST_PATTERN:
        what += f" matching /{pattern}/"
    lo, hi = c.get("minimum"), c.get("maximum")
    if lo is not None or hi is not None:
        what += f" in [{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]"
    if not c.get("required", False):
        what += " (or empty)"
    if c.get("unique"):
        what += ", unique"
    if fld["name"] in references:
        what += f", foreign key to {references[fld['name']]}"
    return what


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def columns_table(resource: dict[str, Any]) -> str:
    """The resource's licences and sources, and the markdown table of its columns (all from
    its descriptor: the card's narrative explains, the descriptor states)."""
    schema = resource.get("schema", {"fields": []})
    refs = {}
    for fk in schema.get("foreignKeys", []):
        if len(fk["fields"]) == 1:
            refs[fk["fields"][0]] = (f"{fk['reference']['resource']}."
                                     f"{fk['reference']['fields'][0]}")
    licences = "; ".join(f"`{lic.get('name', lic.get('path', ''))}` ({lic.get('title', '')})"
                         for lic in resource.get("licenses", []))
    sources = "; ".join(s.get("title", "") for s in resource.get("sources", []))
    lines = [f"Licences (from the data package): {_cell(licences)}.",
             "", f"Sources (from the data package): {_cell(sources)}."]
    if "schema" not in resource:
        return "\n".join([f"A {resource.get('format', '')} file (not a table): "
                          f"{_cell(resource.get('description', ''))}", "", *lines])
    lines += ["", "| column | valid values | meaning |", "|---|---|---|"]
    for fld in schema["fields"]:
        lines.append(f"| `{fld['name']}` | {_cell(valid_values(fld, refs))} | "
                     f"{_cell(fld.get('description', ''))} |")
    return "\n".join(lines)


def render_card(text: str, tables: dict[str, str]) -> tuple[str, list[str]]:
    """``text`` with each generated block replaced by ``tables[name]``; and the names of
    ``tables`` that have no block in the card."""
    missing = []
    for name, table in tables.items():
        block = re.compile(re.escape(begin_marker(name)) + r"\n.*?" + re.escape(END_MARKER),
                           re.S)
        if not block.search(text):
            missing.append(name)
            continue
        text = block.sub(
            lambda _m, n=name, t=table: f"{begin_marker(n)}\n\n{t}\n\n{END_MARKER}", text)
    return text, missing


def card_texts(descriptor: dict[str, Any], directory: Path) -> dict[Path, tuple[str, list[str]]]:
    """``{card path: (regenerated text, resources without a block)}`` for every card."""
    by_card: dict[str, dict[str, str]] = {}
    for res in descriptor["resources"]:
        by_card.setdefault(res["card"], {})[res["name"]] = columns_table(res)
    out = {}
    for card, tables in sorted(by_card.items()):
        path = directory / card
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        out[path] = render_card(text, tables)
    return out


# --------------------------------------------------------------------------- commands
def write(package: Package) -> list[Path]:
    """Regenerate the descriptor (keeping the recorded hashes) and the cards' tables."""
    descriptor = build_descriptor(package, recorded_hashes(package.descriptor_path))
    atomic_write_text(package.descriptor_path, dumps(descriptor))
    written = [package.descriptor_path]
    for path, (text, missing) in card_texts(descriptor, package.directory).items():
        if missing:
            raise SystemExit(
                f"{rel(path)}: add the lines\n{begin_marker(missing[0])}\n{END_MARKER}\n"
                "where the columns table goes, then run this again")
        if path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)
            written.append(path)
    return written


def file_problems(path: Path) -> list[str]:
    """Problems with the raw folder of descriptor ``path``: checksum mismatches, missing or
    undescribed files, missing cards."""
    directory = path.parent
    problems = []
    recs = {r["path"]: r for r in read(path)["resources"]}
    for name, rec in recs.items():
        p = directory / name
        recorded = str(rec.get("hash", "")).removeprefix("sha256:")
        if not p.is_file():
            problems.append(f"{name}: listed but missing")
            continue
        if sha256(p) != recorded:
            problems.append(f"{name}: checksum mismatch (file {sha256(p)}, recorded "
                            f"{recorded}); run `python -m netlib.data.provenance update "
                            f"{name}` if the change is deliberate")
        if not (directory / rec.get("card", "")).is_file():
            problems.append(f"{name}: data card {rec.get('card')} is missing")
    for p in sorted(directory.rglob("*")):
        if p.is_file():
            name = p.relative_to(directory).as_posix()
            if name == path.name or name.startswith("cards/") or name in recs:
                continue
            problems.append(f"{name}: not a resource of {path.name}")
    return problems


def check(package: Package) -> list[str]:
    """Problems: descriptor not the regenerated one, cards' tables out of date, hashes,
    files not described (:func:`file_problems`)."""
    problems = []
    path = package.descriptor_path
    if not path.is_file():
        return [f"{rel(path)} is missing; run `{COMMAND}`"]
    expected = dumps(build_descriptor(package, recorded_hashes(path)))
    if path.read_text(encoding="utf-8") != expected:
        problems.append(f"{rel(path)} differs from the catalogue; run `{COMMAND}`")
    for card, (text, missing) in card_texts(read(path), package.directory).items():
        for name in missing:
            problems.append(f"{rel(card)}: no generated columns block for {name}")
        if not missing and card.read_text(encoding="utf-8") != text:
            problems.append(f"{rel(card)}: columns table differs from the descriptor; "
                            f"run `{COMMAND}`")
    problems += file_problems(path)
    return problems


def configured_package() -> Package:
    """The raw package named in ``pyproject.toml`` (``[tool.netlib] raw-package =
    "module:attribute"``)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = config["tool"]["netlib"]["raw-package"]
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def main(argv: list[str]) -> int:
    if argv[:1] == ["write"]:
        for p in write(configured_package()):
            print(f"wrote {rel(p)}")
        return 0
    if argv[:1] in (["check"], []):
        problems = check(configured_package())
        print("\n".join(problems) if problems else
              "datapackage: descriptor and cards up to date; all raw files match")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
