"""The schema framework: a :class:`Schema` is a table's columns, types, categories and key.

A :class:`Schema` is plain data: the loaders validate against it and the data package
(``datapackage.json``) is generated from it, so one declaration is the one truth.
Types are checked on the text of each cell before anything is converted:

* ``str`` — any text (stripped); empty only if ``required=False``;
* ``int`` / ``float`` — a decimal number, optional bounds;
* ``category`` — one of ``categories`` (exact, or case-insensitive when ``casefold``),
  with optional ``aliases`` mapping other spellings to a category;
* ``list`` — ``;``-separated categories (or free text when ``categories`` is None).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["str", "int", "float", "category", "list"]

# ASCII digits only: `\d` would also match Arabic-Indic, full-width and other digits.
_INT = re.compile(r"^[+-]?[0-9]+$")
_FLOAT = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
INT64_MAX = 2**63 - 1
# Control characters (Unicode Cc) other than tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_number(raw: str) -> float | None:
    """A finite decimal number written with ASCII digits, or None.

    Stricter than :func:`float`, which also takes ``"nan"``, ``"inf"``, ``"1_000"``,
    Arabic-Indic or full-width digits and overflows ``"1e400"`` to infinity.
    """
    text = normalise_text(raw)
    if _CONTROL.search(raw) or not _FLOAT.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def normalise_text(raw: str) -> str:
    """Unicode NFC form of a cell, stripped: "Ka\u0308rnten" (NFD) becomes "Kärnten"."""
    return unicodedata.normalize("NFC", raw).strip()


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
    optional: bool = False  # the column may be absent from the file (then all cells empty)

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
        """``(value, None)`` for a valid cell, ``(None, problem)`` otherwise.

        Text is NFC-normalised before it is matched; control characters are refused;
        numbers are ASCII digits only and finite; integers fit in 64 bits.
        """
        if _CONTROL.search(raw):
            return None, "contains a control character"
        text = normalise_text(raw)
        if text == "":
            return (None, None) if not self.required else (None, "empty value")
        if self.kind == "int":
            if not _INT.match(text):
                return None, "not an integer"
            value: object = int(text)
            if abs(value) > INT64_MAX:  # type: ignore[arg-type]
                return None, "integer too large"
        elif self.kind == "float":
            if not _FLOAT.match(text):
                return None, "not a number"
            value = float(text)
            if not math.isfinite(value):
                return None, "not a finite number"
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
class ForeignKey:
    """``fields`` of this table refer to ``reference`` of the table named ``resource``.

    ``resource`` is the referenced table's :attr:`Schema.name` (its resource name in the
    data package). Single columns may be given as strings.
    """

    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]

    def __post_init__(self) -> None:
        for attr in ("fields", "reference"):
            value = getattr(self, attr)
            if isinstance(value, str):
                object.__setattr__(self, attr, (value,))


@dataclass(frozen=True)
class Schema:
    """A raw table: file name, ordered columns, key, foreign keys, how to obtain the file."""

    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    obtain: str = ""
    foreign_keys: tuple[ForeignKey, ...] = ()

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _plain(texts: list[str]) -> bool:
    """Every text is non-empty printable ASCII with no leading, trailing or doubled space —
    then a text column's value is the text itself. Checked on the texts joined (and
    framed) by a control character: a few scans of one string, not calls per text."""
    joined = "\x01".join(texts)
    if not joined.isascii() or joined.count("\x01") != len(texts) - 1:
        return False  # non-ASCII, or a text holding the separator
    if not joined.replace("\x01", "").isprintable():
        return False
    framed = f"\x01{joined}\x01"
    return not any(s in framed for s in (" \x01", "\x01 ", "\x01\x01", "  "))


def parse_texts(col: Column, texts: list[str]) -> tuple[list[object], list[str | None]]:
    """:meth:`Column.parse` of each of ``texts`` (typically a column's distinct cells):
    ``(values, problems)``.

    Same results as calling ``parse`` on each; a text column without a pattern takes
    shortcuts for printable ASCII cells (all at once when every text but an empty one is
    :func:`_plain`) (NFC is the identity there, the only white space is
    the space, and no control character can occur).
    """
    values: list[object] = []
    problems: list[str | None] = []
    if col.kind != "str" or col.pattern is not None:
        for t in texts:
            v, p = col.parse(t)
            values.append(v)
            problems.append(p)
        return values, problems
    empty = (None, None) if not col.required else (None, "empty value")
    where = texts.index("") if "" in texts else -1  # the distinct texts: at most one empty
    if _plain(texts if where < 0 else [*texts[:where], *texts[where + 1:]]):
        values, problems = list(texts), [None] * len(texts)
        if where >= 0:
            values[where], problems[where] = empty
        return values, problems
    for raw in texts:
        if raw.isascii() and raw.isprintable():
            text = raw.strip()
            if text == "":
                v, p = empty
            else:
                v, p = (text if "  " not in text else re.sub(r"\s+", " ", text)), None
        else:
            v, p = col.parse(raw)
        values.append(v)
        problems.append(p)
    return values, problems
