"""Build the reviewer's site: Sphinx + myst-nb over the committed, executed notebooks.

``python -m netlib.tooling.report`` assembles the site's sources in ``build/site/src`` —
the pages of ``book/`` (with the generated parts filled in: the notebooks' titles and
questions, the citation from ``CITATION.cff``, the data resources), the notebooks, the data
cards, ``references.bib``, plotly.js and the world base map — and builds them with
``book/conf.py`` into ``report/`` (entry point ``report/index.html``). Nothing is executed
and nothing is fetched: the notebooks are shown with their committed outputs, and the theme,
MathJax, plotly.js and the base map are files of the site, so it works offline.

Notebook cells tagged ``hide-input`` show their output with a toggle for the code; cells
tagged ``remove-cell`` are left out (myst-nb's tags). The data packages (``data/raw``,
``data/processed``) and the Gephi exports notebook 02 writes to ``report/exports`` are
copied into the site and linked from its Data page.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
import plotly
import yaml

from netlib.data.paths import PROCESSED, RAW, REPORT, ROOT, rel
from netlib.tooling.notebooks import notebook_paths
from netlib.viz.plot import write_geo_assets

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
BOOK = ROOT / "book"
BUILD = ROOT / "build" / "site"
EXPORTS = REPORT / "exports"
MARKER = re.compile(r"^<!-- netlib:(\w+) -->$", re.MULTILINE)


def title_and_question(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """The first heading of the first markdown cell, and its whole "Question" paragraph.

    The question is the paragraph (consecutive non-blank lines, however the Markdown is
    wrapped) that starts with ``**Question.**``; without one, the first paragraph after
    the heading.
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = cell.source.strip()
        title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), "")
        paragraphs = [" ".join(ln.strip() for ln in p.splitlines())
                      for p in re.split(r"\n\s*\n", text)]
        paragraphs = [p for p in paragraphs if p and not p.startswith("#")]
        question = next((p for p in paragraphs if p.startswith("**Question")),
                        paragraphs[0] if paragraphs else "")
        return title, question
    return "", ""


def _notebook_list() -> str:
    items = []
    for path in notebook_paths():
        title, question = title_and_question(nbformat.read(path, as_version=4))
        items.append(f"- [{title or path.stem}](notebooks/{path.name})\\\n"
                     f"  {question}")
    return "\n".join(items)


def _citation() -> str:
    """The "How to cite" text and BibTeX entry, from CITATION.cff."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    names = [a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}"
             for a in cff["authors"]]
    key = "stem_networks_compendium"
    bib = (f"@software{{{key},\n  title   = {{{cff['title']}}},\n"
           f"  author  = {{{' and '.join('{' + n + '}' for n in names)}}},\n"
           f"  version = {{{cff['version']}}},\n  license = {{{cff['license']}}}\n}}")
    return (f"{'; '.join(names)}. *{cff['title']}*, version {cff['version']} "
            f"(software and data; licence {cff['license']}).\n\n"
            f"{cff['message'].strip()}\n\nBibTeX:\n\n```bibtex\n{bib}\n```")


def _licences(res: dict) -> str:
    return ", ".join(f"`{lic['name']}`" for lic in res.get("licenses", []))


def _cell(text: object) -> str:
    return html.escape(str(text or "")).replace("|", "&#124;").replace("\n", " ")


def _raw_resources() -> str:
    pkg = json.loads((RAW / "datapackage.json").read_text(encoding="utf-8"))
    rows = ["| file | what | kind | licence | card |", "|---|---|---|---|---|"]
    for res in pkg["resources"]:
        card = Path(res["card"]).stem if res.get("card") else ""
        rows.append(
            f'| <a href="data/raw/{res["path"]}">{_cell(res["path"])}</a> '
            f'| {_cell(res.get("title") or res.get("description"))} | {res.get("kind", "")} '
            f'| {_licences(res)} | {f"[card](cards/{card}.md)" if card else ""} |')
    return "\n".join(rows)


def _processed_resources() -> str:
    pkg = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    rows = ["| file | what | licence |", "|---|---|---|"]
    for res in pkg["resources"]:
        rows.append(f'| <a href="data/processed/{res["path"]}">{_cell(res["path"])}</a> '
                    f'| {_cell(res.get("title") or res.get("description"))} '
                    f'| {_licences(res)} |')
    return "\n".join(rows)


def _exports() -> str:
    files = sorted(EXPORTS.glob("*")) if EXPORTS.is_dir() else []
    head = ("## Network exports for Gephi\n\nNotebook 02 writes the pseudonymised reach "
            "network of the IMST survey, with small counts suppressed (see the notebook), "
            "for Gephi (GEXF) and other tools (GraphML):\n\n")
    if not files:
        return head + ("*Not in this build*: execute notebook 02 "
                       "(`make report` does) to write them.")
    return head + "\n".join(f'- <a href="exports/{p.name}">{p.name}</a> '
                            f"({p.stat().st_size / 1024:.0f} KiB)" for p in files)


GENERATED = {"notebooks": _notebook_list, "citation": _citation, "raw": _raw_resources,
             "processed": _processed_resources, "exports": _exports}


def fill(text: str) -> str:
    """Replace each ``<!-- netlib:NAME -->`` line by the generated Markdown NAME."""
    return MARKER.sub(lambda m: GENERATED[m.group(1)](), text)


def stage(src: Path = BUILD / "src") -> Path:
    """Assemble the site's sources in ``src`` (emptied first); return it."""
    if src.exists():
        shutil.rmtree(src)
    for page in BOOK.glob("*.md"):
        (src / page.name).parent.mkdir(parents=True, exist_ok=True)
        (src / page.name).write_text(fill(page.read_text(encoding="utf-8")), encoding="utf-8")
    (src / "notebooks").mkdir()
    for path in notebook_paths():
        shutil.copyfile(path, src / "notebooks" / path.name)
    shutil.copytree(RAW / "cards", src / "cards")
    shutil.copyfile(ROOT / "references.bib", src / "references.bib")
    plotly_dir = src / "_plotly"
    plotly_dir.mkdir()
    shutil.copyfile(PLOTLY_JS, plotly_dir / "plotly.min.js")
    write_geo_assets(plotly_dir)  # world base map for plotly.js maps, offline
    extra = src / "_extra"
    shutil.copytree(RAW, extra / "data" / "raw")
    shutil.copytree(PROCESSED, extra / "data" / "processed")
    shutil.copyfile(ROOT / "CITATION.cff", extra / "CITATION.cff")
    if EXPORTS.is_dir():
        shutil.copytree(EXPORTS, extra / "exports")
    return src


def _clear(out: Path) -> None:
    """Empty ``out`` but keep the exports notebooks write there."""
    if not out.exists():
        return
    for p in out.iterdir():
        if p.resolve() == EXPORTS.resolve():
            continue
        shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()


def render(out: Path = REPORT, *, quiet: bool = True) -> Path:
    """Build the site into ``out``; return ``out / "index.html"``.

    Raises RuntimeError with Sphinx's messages if the build fails.
    """
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = stage()
    os.environ["NETLIB_SITE_SRC"] = str(src)
    _clear(out)
    out.mkdir(parents=True, exist_ok=True)
    log = BUILD / "sphinx-warnings.txt"
    with docutils_namespace(), log.open("w", encoding="utf-8") as warn:
        app = Sphinx(str(src), str(BOOK), str(out), str(BUILD / "doctrees"), "html",
                     freshenv=True, status=None if quiet else sys.stdout, warning=warn,
                     keep_going=True)
        app.build()
    if app.statuscode:
        raise RuntimeError(f"the site did not build; see {rel(log)}")
    return out / "index.html"


def main(argv: list[str]) -> int:
    t0 = time.perf_counter()
    render()
    print(f"wrote the site to {rel(REPORT)}/ in {time.perf_counter() - t0:.1f} s "
          f"(open {rel(REPORT / 'index.html')}); Sphinx warnings in "
          f"{rel(BUILD / 'sphinx-warnings.txt')}")
    from netlib.cases import sources

    if not sources.available():
        print(f"WARNING: {sources.unavailable_reason()}. The site is complete but notebook 00 "
              "lists the source documents from references.bib only, and the verbatim check "
              "of the quotes was not run.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
