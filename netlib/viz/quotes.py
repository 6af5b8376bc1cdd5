"""Quotations of the sources for readers: Markdown blockquotes, French beside English.

The seeds are text extracted from PDFs, in which a word broken at the end of a line keeps its
hyphen and gains a space ("Troisième- ment"). :func:`repair_hyphenation` joins such words for
display (the data keep the verbatim text, which ``tests/test_sources_verbatim.py`` checks):

- a hyphen followed by white space and a lower-case letter is a line-break hyphen:
  "Troisième- ment" → "Troisièmement";
- a hyphen followed by white space and an upper-case letter is a real hyphen whose line broke
  after it: "Rhône- Alpes" → "Rhône-Alpes";
- a hyphen followed by white space and a conjunction ("et", "ou", "and", "or", "à") is a
  suspended hyphen and is kept as written ("pré- et post-tests");
- hyphens without a following space ("peut-être", "Rhône-Alpes") are never touched.

:func:`quotes_markdown` renders rows of quotes side by side — a Markdown table with the
French verbatim (in « ») in one column, its English translation in the next, and the source
locator — or, with ``layout="stacked"``, as one blockquote each (French, then English).
Markdown tables render alike in JupyterLab and in the site (MyST reads GFM tables).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_SUSPENDED = r"(?:et|ou|and|or|à|au|aux)\b"
_BREAK = re.compile(rf"(?<=\w)-\s+(?!{_SUSPENDED})(?=\w)")


def repair_hyphenation(text: str) -> str:
    """``text`` with PDF line-break hyphenation repaired (rules in the module docstring)."""
    def join(m: re.Match[str]) -> str:
        nxt = text[m.end()]
        return "-" if nxt.isupper() else ""
    out = _BREAK.sub(join, text)
    return re.sub(r"\s+", " ", out).strip()


def _clean(text: object) -> str:
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return repair_hyphenation(str(text)).strip().strip("«»").strip()


def quote_markdown(fr: object, en: object = None, source: str | None = None,
                   label: str | None = None) -> str:
    """One blockquote: optional bold ``label``, « French », *English*, and the ``source``."""
    parts = []
    head = f"**{label}** " if label else ""
    parts.append(f"> {head}« {_clean(fr)} »")
    english = _clean(en)
    if english:
        parts += [">", f"> *{english}*"]
    if source:
        parts += [">", f"> — {source}"]
    return "\n".join(parts)


def _cell(text: str) -> str:
    """Text for one cell of a Markdown table: pipes and emphasis marks escaped."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")


def quotes_markdown(rows: Iterable[Mapping[str, object]], *, fr: str = "text_fr",
                    en: str = "text_en", source: str | None = None,
                    label: str | None = None, layout: str = "columns") -> str:
    """Markdown for several quotes (``rows``: mappings, e.g. ``df.to_dict("records")``).

    ``fr``/``en`` name the French and English fields; ``source`` and ``label`` name fields (or
    are ``None``) giving the locator and a bold lead-in of each quote. ``layout``:
    ``"columns"`` (a table: French beside English, one row per quote) or ``"stacked"`` (one
    blockquote per quote).
    """
    rows = list(rows)
    if not rows:
        return "*(no quotation)*"

    def field(r: Mapping[str, object], name: str | None) -> str | None:
        return str(r[name]) if name and r.get(name) is not None else None

    if layout == "stacked":
        return "\n\n".join(quote_markdown(r[fr], r.get(en) if en else None,
                                           field(r, source), field(r, label)) for r in rows)
    if layout != "columns":
        raise ValueError(f"layout must be 'columns' or 'stacked', not {layout!r}")
    labelled = label is not None and any(field(r, label) for r in rows)
    head = (["", ] if labelled else []) + ["French (verbatim)", "English (translation)"]
    head += ["Source"] if source else []
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        english = _clean(r.get(en)) if en else ""
        lead = field(r, label)
        cells = ([f"**{_cell(lead)}**" if lead else ""] if labelled else []) + [
            f"« {_cell(_clean(r[fr]))} »", f"*{_cell(english)}*" if english else "—"]
        cells += [_cell(field(r, source) or "—")] if source else []
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
