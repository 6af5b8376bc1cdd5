"""Render the executed notebooks to a static, offline HTML report under ``report/``.

``python -m netlib.tooling.report`` writes ``report/index.html`` (title and question of every
notebook, with the data inventory) and one page per notebook. Code cells tagged
``hide-input`` show only their output; cells tagged ``remove-cell`` are left out.
plotly.js is copied next to the pages from the installed plotly package and loaded with a
relative ``<script src>``, together with the vendored world base map for maps
(``plotly-geo-assets.js``), so interactive figures work with no network; the static PNG
inside each figure remains for readers without JavaScript.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
import plotly
from nbconvert import HTMLExporter
from traitlets.config import Config

from netlib.data.paths import REPORT, rel
from netlib.tooling.notebooks import notebook_paths
from netlib.viz.plot import GEO_ASSETS_JS, write_geo_assets

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def exporter() -> HTMLExporter:
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = {"hide-input"}
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    c.HTMLExporter.preprocessors = ["nbconvert.preprocessors.TagRemovePreprocessor"]
    return HTMLExporter(config=c, template_name="lab")


def title_and_question(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """The first heading and the first paragraph after it, from the first markdown cell."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        title = next((ln.lstrip("# ").strip() for ln in lines if ln.startswith("# ")), "")
        rest = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
        return title, (rest[0] if rest else "")
    return "", ""


def _offline(body: str) -> str:
    """Load the local plotly.js and drop remote scripts (the report must work offline)."""
    body = re.sub(r'<script[^>]+src="https?://[^"]+"[^>]*>\s*</script>', "", body)
    tag = (f'<script src="{GEO_ASSETS_JS}" charset="utf-8"></script>\n'
           '<script src="plotly.min.js" charset="utf-8"></script>\n')
    return body.replace("</head>", tag + "</head>", 1)


def _md_inline(text: str) -> str:
    text = html.escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", text)


def render(out: Path = REPORT) -> list[Path]:
    """Write the report; return the pages written."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PLOTLY_JS, out / "plotly.min.js")
    write_geo_assets(out)  # world base map for plotly.js maps, offline
    exp = exporter()
    pages: list[Path] = []
    entries = []
    for path in notebook_paths():
        nb = nbformat.read(path, as_version=4)
        body, _ = exp.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        page = out / f"{path.stem}.html"
        page.write_text(_offline(body), encoding="utf-8")
        pages.append(page)
        title, question = title_and_question(nb)
        entries.append((path, page, title, question))
    items = "\n".join(
        f'<li><a href="{p.name}">{html.escape(t or nb.stem)}</a>'
        f'<br><span class="q">{_md_inline(q)}</span>'
        f'<br><span class="src">{html.escape(rel(nb))}</span></li>'
        for nb, p, t, q in entries
    )
    index = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Networks in STEM education — research compendium</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; max-width: 52rem; margin: 2rem auto;
       line-height: 1.45; color: #222; padding: 0 1rem; }}
li {{ margin-bottom: 1rem; }} .q {{ color: #333; }} .src {{ color: #777; font-size: 90%; }}
</style></head><body>
<h1>Networks in STEM education — research compendium</h1>
<p>Rendered notebooks, executed top to bottom by <code>make report</code>. Every table and
figure names the source rows it is drawn from; synthetic data are labelled as such at the
top of the notebook that uses them.</p>
<ol>
{items}
</ol>
</body></html>
"""
    (out / "index.html").write_text(index, encoding="utf-8")
    return [out / "index.html", *pages]


def main(argv: list[str]) -> int:
    for p in render():
        print(f"wrote {rel(p)}")
    from netlib.cases import sources

    if not sources.available():
        print(f"WARNING: {sources.unavailable_reason()}. The report is complete but notebook 00 "
              "lists the source documents from references.bib only, and the verbatim check "
              "of the quotes was not run.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
