"""The five seed documents and the verbatim check that ties every quote to them.

The seeds are plain text extracted from PDFs (``../shared/seeds/``). Quotes in ``*_fr``
columns are verbatim *after whitespace is collapsed*: runs of spaces, tabs and newlines
become one space (the PDF extraction breaks lines anywhere). A quote may consist of parts
joined by `` … `` when a page break interrupts a table cell; each part must be verbatim.
"""

from __future__ import annotations

import re
from functools import cache

from netlib.data.errors import DataError
from netlib.data.paths import SEEDS, rel

SEED_LABELS: dict[str, str] = {
    "000_157fe107195ce30b.txt": "000 IDoS peers paper",
    "001_96660dd6e275d386.txt": "001 LINKS brochure",
    "002_34f3989d49f967e9.txt": "002 GTnum #REVE (presentation)",
    "003_38028af13c5c567a.txt": "003 GTnum #REVE (project, DMP)",
    "004_59d2649864d84b63.txt": "004 STE(A)M platform Brittany",
}
ELLIPSIS_JOIN = " … "


def collapse(text: str) -> str:
    """Collapse every run of whitespace to one space and strip."""
    return re.sub(r"\s+", " ", text).strip()


@cache
def seed_lines(seed_file: str) -> tuple[str, ...]:
    """The lines of a seed file (raises DataError if ``../shared/seeds`` is not beside the repo)."""
    path = SEEDS / seed_file
    if not path.is_file():
        raise DataError(
            "seed document not found", file=rel(path),
            expected=f"one of {sorted(SEED_LABELS)}",
            hint="The seeds live in ../shared/seeds/ next to the repository clone.",
        )
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
