"""The five seed documents, their references, and the verbatim check that ties every quote to them.

The seeds are plain text extracted from PDFs. They are **not in the repository**: they are
read from ``$NETLIB_SOURCES``, by default ``../shared/seeds`` beside the clone
(:func:`netlib.data.paths.sources_dir`). What each one is — title, issuing body, year, where it
was published — is in ``references.bib`` at the root, under the key :data:`SEED_KEYS` gives;
:func:`reference` returns it with a one-line citation, so a clone without the texts still
knows what they are. :func:`available` says whether all five are present.

Quotes in ``*_fr`` columns are verbatim *after whitespace is collapsed*: runs of spaces, tabs
and newlines become one space (the PDF extraction breaks lines anywhere). A quote may consist
of parts joined by `` … `` when a page break interrupts a table cell; each part must be
verbatim.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pandas as pd

from netlib.data.errors import DataError
from netlib.data.paths import ROOT, SOURCES_ENV, rel, sources_dir

SEED_LABELS: dict[str, str] = {
    "000_157fe107195ce30b.txt": "000 IDoS peers paper",
    "001_96660dd6e275d386.txt": "001 LINKS brochure",
    "002_34f3989d49f967e9.txt": "002 GTnum #REVE (presentation)",
    "003_38028af13c5c567a.txt": "003 GTnum #REVE (project, DMP)",
    "004_59d2649864d84b63.txt": "004 STE(A)M platform Brittany",
}
#: seed file -> its key in ``references.bib``
SEED_KEYS: dict[str, str] = {
    "000_157fe107195ce30b.txt": "idos_peers_2023",
    "001_96660dd6e275d386.txt": "links_2019",
    "002_34f3989d49f967e9.txt": "gtnum_reve_2023",
    "003_38028af13c5c567a.txt": "gtnum_reve_project_2020",
    "004_59d2649864d84b63.txt": "locarn_steam_2020",
}
BIB: Path = ROOT / "references.bib"
#: set to 1 (as CI does) to make absent source documents a test failure instead of a skip
REQUIRE_ENV = "NETLIB_REQUIRE_SOURCES"
ELLIPSIS_JOIN = " … "

HOW_TO_OBTAIN = (
    f"set {SOURCES_ENV} to the folder holding the five seed texts, or place them in "
    "../shared/seeds beside the repository; references.bib says what each document is "
    "and where it was published"
)


# --- where the texts are ------------------------------------------------------------------

def seed_path(seed_file: str) -> Path:
    """Where ``seed_file`` is looked for: ``sources_dir() / seed_file``."""
    return sources_dir() / seed_file


def shown_dir() -> str:
    """Where the texts are looked for, as printed: relative to the repository when beside it
    (``../shared/seeds``), else reduced to the folder name (no user's directory layout)."""
    d = sources_dir().resolve()
    try:
        return os.path.relpath(d, ROOT) if d.is_relative_to(ROOT.parent) else rel(d)
    except ValueError:
        return rel(d)


def missing() -> list[str]:
    """The seed files of :data:`SEED_LABELS` that are not in :func:`~netlib.data.paths.sources_dir`."""
    return [f for f in SEED_LABELS if not seed_path(f).is_file()]


def available() -> bool:
    """True when all five source documents are present."""
    return not missing()


def required() -> bool:
    """True when ``$NETLIB_REQUIRE_SOURCES`` asks for the texts (absence is then a failure)."""
    return os.environ.get(REQUIRE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def unavailable_reason() -> str:
    """One sentence saying that (and where) the texts are missing and how to provide them.

    Every test that needs the texts is skipped with this reason when they are absent.
    """
    gone = missing()
    which = "" if len(gone) == len(SEED_LABELS) else f" (missing: {', '.join(gone)})"
    return (f"source documents not found in {shown_dir()}{which}: set {SOURCES_ENV} or "
            "place the five seed texts in ../shared/seeds (see references.bib)")


def status() -> str:
    """What a reader should know about the texts: found, or not found with where and how.

    With the texts present the sentence does not depend on where they are (notebook outputs
    are compared across machines).
    """
    if available():
        return (f"All five source documents were found (${SOURCES_ENV}, default "
                "../shared/seeds beside the repository).")
    gone = missing()
    lines = [
        f"SOURCE DOCUMENTS NOT FOUND: {len(gone)} of {len(SEED_LABELS)} seed texts are "
        f"missing from {shown_dir()}",
        *(f"  - {f}" for f in gone),
        f"To obtain them: {HOW_TO_OBTAIN}.",
        "Without them the line and character counts are empty and the verbatim check of the "
        "quotes cannot run; the documents are listed below from references.bib.",
    ]
    return "\n".join(lines)


def status_markdown() -> str:
    """:func:`status` as Markdown for the notebooks: a visible warning (a blockquote) when
    texts are missing, naming them, where they were looked for and how to obtain them."""
    if available():
        return (f"All five source documents were found (`${SOURCES_ENV}`, by default "
                "`../shared/seeds` beside the repository).")
    gone = missing()
    items = "\n".join(f"> - `{f}`" for f in gone)
    return (f"> **⚠ Source documents not found.** {len(gone)} of {len(SEED_LABELS)} seed texts "
            f"are missing from `{shown_dir()}`:\n>\n{items}\n>\n"
            f"> To obtain them: {HOW_TO_OBTAIN}. Without them the *lines* and *characters* "
            "columns below say “text not found” and the verbatim check of the quotes cannot "
            "run; the documents are listed from `references.bib`.")


# --- references.bib -----------------------------------------------------------------------

_ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.M)
_FIELD = re.compile(r"\s*(\w+)\s*=\s*")
_END = re.compile(r"\s*\}")
_SEP = re.compile(r"\s*,?")
_BARE = re.compile(r"[^,}\s]+")
_ESCAPES = {r"\_": "_", r"\#": "#", r"\%": "%", r"\&": "&", r"\$": "$"}


def _braced(text: str, i: int) -> tuple[str, int]:
    """The content of the balanced ``{...}`` opening at ``text[i]``, and the index after it."""
    depth = 0
    for j in range(i, len(text)):
        ch = text[j]
        if ch == "\\":
            continue
        if ch == "{" and text[j - 1] != "\\":
            depth += 1
        elif ch == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j], j + 1
    raise ValueError("unbalanced braces")


def _clean(value: str) -> str:
    """Field value as text: protective braces removed, LaTeX escapes undone, spaces collapsed."""
    value = re.sub(r"(?<!\\)[{}]", "", value)
    for esc, ch in _ESCAPES.items():
        value = value.replace(esc, ch)
    return collapse(value)


def parse_bib(text: str, *, file: str = "references.bib") -> dict[str, dict[str, str]]:
    """Parse the project's BibTeX: ``{key: {"type": ..., field: value, ...}}``.

    A small parser for the subset ``references.bib`` uses: ``@type{key, field = {value} | "value"
    | bare, ...}``, values with nested braces; ``@comment``/``@string``/``@preamble`` and
    text outside entries are ignored. Field names are lower-cased; values are cleaned by
    removing braces and undoing ``\\_ \\# \\% \\& \\$``. A malformed entry raises
    :class:`DataError` with its line.
    """
    entries: dict[str, dict[str, str]] = {}
    for m in _ENTRY.finditer(text):
        kind, key = m.group(1).lower(), m.group(2)
        if kind in ("comment", "string", "preamble"):
            continue
        line = text.count("\n", 0, m.start()) + 1
        fields: dict[str, str] = {"type": kind}
        i = m.end()
        try:
            while not _END.match(text, i):
                f = _FIELD.match(text, i)
                if f is None:
                    raise ValueError(f"expected 'name = value' at {text[i:i + 30]!r}")
                name, i = f.group(1).lower(), f.end()
                if text[i] == "{":
                    raw, i = _braced(text, i)
                elif text[i] == '"':
                    end = text.index('"', i + 1)
                    raw, i = text[i + 1 : end], end + 1
                else:
                    b = _BARE.match(text, i)
                    if b is None:
                        raise ValueError(f"no value for field {name!r}")
                    raw, i = b.group(), b.end()
                fields[name] = _clean(raw)
                i = _SEP.match(text, i).end()
        except (ValueError, IndexError) as e:
            raise DataError(f"malformed BibTeX entry {key!r}: {e}", file=file, line=line) from None
        if key in entries:
            raise DataError(f"duplicate BibTeX key {key!r}", file=file, line=line)
        entries[key] = fields
    return entries


@cache
def _bibliography(path: Path, mtime: float) -> dict[str, dict[str, str]]:
    return parse_bib(path.read_text(encoding="utf-8"), file=rel(path))


def bibliography(path: str | os.PathLike[str] = BIB) -> dict[str, dict[str, str]]:
    """All entries of ``references.bib`` (parsed once per version of the file)."""
    p = Path(path)
    if not p.is_file():
        raise DataError("bibliography not found", file=rel(p),
                        hint="references.bib is at the root of the repository.")
    return _bibliography(p, p.stat().st_mtime)


def _person(name: str) -> str:
    """``"Rauch, Franz"`` -> ``"Rauch, F."``; an organisation or ``"First Last"`` as given."""
    if "," not in name:
        return name
    last, first = (x.strip() for x in name.split(",", 1))
    initials = " ".join(f"{p[0]}." for p in re.split(r"[\s-]+", first) if p)
    return f"{last}, {initials}"


def authors(entry: dict[str, str]) -> list[str]:
    """The entry's authors (``and``-separated), personal names as ``Last, F.``."""
    return [_person(a) for a in re.split(r"\s+and\s+", entry.get("author", "")) if a.strip()]


def format_citation(entry: dict[str, str]) -> str:
    """One-line citation: ``Authors (year). Title. Venue. URL or doi. [language]``."""
    names = authors(entry)
    who = (", ".join(names[:-1]) + " & " + names[-1]) if len(names) > 1 else "".join(names)
    title = entry.get("title", "(no title)")
    if entry.get("edition"):
        n = entry["edition"]
        suffix = {"1": "st", "2": "nd", "3": "rd"}.get(n, "th") if n.isdigit() else ""
        title += f" ({n}{suffix} ed.)"
    parts = [f"{who} ({entry.get('year', 'n.d.')}).", _stop(title)]
    venue = entry.get("journal")
    if venue:
        vol = entry.get("volume", "")
        num = f"({entry['number']})" if entry.get("number") else ""
        pages = f", {entry['pages'].replace('--', '–')}" if entry.get("pages") else ""
        parts.append(_stop(f"{venue}, {vol}{num}{pages}" if vol else venue))
    else:
        what = entry.get("type") if entry.get("type") not in (None, "misc", "report", "book",
                                                             "manual", "article") else None
        for field in (what, entry.get("howpublished"), entry.get("institution"),
                      entry.get("organization"), _publisher(entry)):
            if field and field not in names:
                parts.append(_stop(field))
    if entry.get("url"):
        parts.append(entry["url"])
    elif entry.get("doi"):
        parts.append(f"https://doi.org/{entry['doi']}")
    if entry.get("language") == "french":
        parts.append("In French.")
    return " ".join(parts)


def _publisher(entry: dict[str, str]) -> str | None:
    pub = entry.get("publisher")
    return f"{entry['address']}: {pub}" if pub and entry.get("address") else pub


def _stop(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def reference(seed_or_key: str) -> dict[str, str]:
    """Bibliographic record of a seed file (or of any key of ``references.bib``).

    Returns ``key, kind, title, author, year, url, language, note, seed_file`` (empty
    strings where the entry has no such field) and ``citation``, a formatted one-line
    citation. Works without the texts themselves.
    """
    key = SEED_KEYS.get(seed_or_key, seed_or_key)
    entries = bibliography()
    if key not in entries:
        raise DataError("no bibliography entry", file="references.bib", value=seed_or_key,
                        expected=f"a seed file of {sorted(SEED_KEYS)} or a key of references.bib")
    e = entries[key]
    seed = next((s for s, k in SEED_KEYS.items() if k == key), "")
    return {
        "key": key,
        "kind": e["type"],
        "title": e.get("title", ""),
        "author": "; ".join(authors(e)),
        "year": e.get("year", ""),
        "url": e.get("url", ""),
        "language": e.get("language", ""),
        "note": e.get("note", ""),
        "seed_file": seed,
        "citation": format_citation(e),
    }


def references_text() -> str:
    """The five source documents, one ``seed file [key]: citation`` paragraph each."""
    return "\n\n".join(f"{seed} [{SEED_KEYS[seed]}]\n  {reference(seed)['citation']}"
                        for seed in SEED_LABELS)


def documents_table() -> pd.DataFrame:
    """The five source documents: seed file, key, year, by, title, lines, characters.

    The bibliographic columns come from ``references.bib`` and are always filled; ``lines``
    and ``characters`` are counted in the texts and are missing (``<NA>``) for a text that
    is not found (see :func:`status`).
    """
    rows = []
    for seed in SEED_LABELS:
        ref = reference(seed)
        path = seed_path(seed)
        text = path.read_text(encoding="utf-8") if path.is_file() else None
        rows.append({
            "seed file": seed,
            "key": ref["key"],
            "year": ref["year"],
            "by": ref["author"],
            "title": ref["title"],
            "lines": None if text is None else len(text.splitlines()),
            "characters": None if text is None else len(text),
        })
    df = pd.DataFrame(rows)
    return df.astype({"lines": "Int64", "characters": "Int64"})


# --- the texts and the verbatim check -------------------------------------------------------

def collapse(text: str) -> str:
    """Collapse every run of whitespace to one space and strip."""
    return re.sub(r"\s+", " ", text).strip()


def seed_lines(seed_file: str) -> tuple[str, ...]:
    """The lines of a seed file (DataError, with how to obtain the texts, if it is absent)."""
    path = seed_path(seed_file)
    if not path.is_file():
        raise DataError(
            "seed document not found", file=rel(path),
            expected=f"one of {sorted(SEED_LABELS)} in {shown_dir()}",
            hint=f"The source documents are not part of the repository: {HOW_TO_OBTAIN}.",
        )
    return _read_lines(path)


@cache
def _read_lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def seed_excerpt(seed_file: str, lines: str | None = None) -> str:
    """Whitespace-collapsed text of the seed, or of its 1-based inclusive ``start-end`` lines."""
    all_lines = seed_lines(seed_file)
    if lines is None:
        return collapse("\n".join(all_lines))
    start, end = (int(x) for x in lines.split("-"))
    return collapse("\n".join(all_lines[start - 1 : end]))


def quote_parts(quote: str) -> list[str]:
    """The verbatim parts of a quote (split on `` … ``)."""
    return [p for p in (collapse(x) for x in quote.split(ELLIPSIS_JOIN.strip())) if p]


def is_verbatim(quote: str, seed_file: str, lines: str | None = None) -> bool:
    """True when every part of ``quote`` occurs in the seed (within ``lines`` if given)."""
    text = seed_excerpt(seed_file, lines)
    return all(part in text for part in quote_parts(quote))


def seed_of(source: str) -> str:
    """The seed file named at the start of a ``source`` cell (``<seed> § <place>``)."""
    return source.split(" § ", 1)[0].strip()
