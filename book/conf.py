"""Sphinx configuration of the reviewer's site (``make report``; see netlib/tooling/report.py).

The sources are assembled by ``python -m netlib.tooling.report`` into ``build/site/src``
(the pages of this folder, the committed executed notebooks, the data cards) and built with
this folder as configuration directory. Nothing is executed (``nb_execution_mode = "off"``)
and nothing is fetched: the theme, MathJax (from the ``sphinx-mathjax-offline`` wheel),
plotly.js and the world base map of maps are files of the site.
"""

from __future__ import annotations

import datetime as _dt
import importlib.util
import os
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import sphinxcontrib.bibtex.plugin
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as _Unsrt
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

ROOT = Path(os.environ.get("NETLIB_ROOT") or Path(__file__).resolve().parents[1])
HERE = Path(__file__).resolve().parent
# the assembled sources (netlib.tooling.report.stage); paths below that are not pages are
# resolved against this folder, so they are given in full
SRC = Path(os.environ.get("NETLIB_SITE_SRC") or ROOT / "build" / "site" / "src")

_meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _git_commit() -> str:
    try:
        sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return sha + ("+local changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# --- project -------------------------------------------------------------------------
project = "Networks in STEM education — a research compendium"
author = "the compendium's authors (see CITATION.cff)"
version = release = _meta["version"]
commit = os.environ.get("NETLIB_SITE_COMMIT") or _git_commit()
build_date = (_dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), _dt.UTC)
              if os.environ.get("SOURCE_DATE_EPOCH") else _dt.datetime.now(_dt.UTC))
copyright = f"{build_date.year}, {author}"
language = "en"

extensions = ["myst_nb", "sphinxcontrib.bibtex", "sphinx.ext.mathjax"]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "_extra", "_plotly"]
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]  # the plotly JSON: its HTML twin is shown

# --- notebooks: render the committed outputs, never execute ----------------------------
nb_execution_mode = "off"
# generated Markdown outputs (IPython.display.Markdown) are MyST too: citations, math
nb_render_markdown_format = "myst"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "html_image",
                          "smartquotes", "substitution"]
# "$2.4 million ... $3 million" is money, not math: a $ next to a space or digit is text
myst_dollarmath_allow_space = False
myst_dollarmath_allow_digits = False
myst_heading_anchors = 3

# --- references ------------------------------------------------------------------------


class NetlibStyle(_Unsrt):
    """pybtex's unsrt style, reading biblatex's ``@report`` as ``@techreport``; labels
    author–year-like ("Kru99") rather than numbers, so that the per-page bibliographies and
    the References page give each work one label."""

    default_label_style = "alpha"

    def get_report_template(self, e):  # noqa: ANN001, ANN201 - pybtex's signature
        return self.get_techreport_template(e)


register_plugin("pybtex.style.formatting", "netlib", NetlibStyle)


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class RoundAuthorYear(AuthorYearReferenceStyle):
    """Author–year citations in round brackets: (Krueger, 1999), Krueger (1999)."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)


sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing",
                                            "author_year_round", RoundAuthorYear)
bibtex_bibfiles = [str(SRC / "references.bib")]
bibtex_default_style = "netlib"
bibtex_reference_style = "author_year_round"
# a page's own {bibliography} (":filter: docname in docnames") repeats entries of the
# References page (":all:"); citations link to the bibliography of their own page
suppress_warnings.append("bibtex.duplicate_citation")

# --- math: MathJax 3 from the sphinx-mathjax-offline wheel, copied into _static ---------
_mj = importlib.util.find_spec("sphinx-mathjax-offline")
MATHJAX_STATIC = Path(_mj.origin).parent / "static" if _mj and _mj.origin else None
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {"tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]}}

# --- HTML --------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Networks in STEM education"
html_static_path = ["_static", str(SRC / "_plotly")] + ([str(MATHJAX_STATIC)] if MATHJAX_STATIC else [])
html_extra_path = [str(SRC / "_extra")]
html_css_files = ["netlib.css"]
# plotly.js and the world base map, local, on the pages with figures (their own scripts
# call window.Plotly): see _plotly_where_needed
PLOTLY_FILES = ("plotly-geo-assets.js", "plotly.min.js")
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "search_bar_text": "Search the compendium…",
    "extra_footer": (
        f'<p class="netlib-build">Version {version} · commit <code>{commit}</code> · '
        f'built {build_date:%Y-%m-%d %H:%M} UTC from the committed, executed notebooks '
        "(nothing re-run) · "
        '<a href="cite.html">How to cite</a></p>'
    ),
}
html_context = {"default_mode": "light"}
html_show_search_summary = False  # it would fetch() each hit, which file:// pages may not


def _plotly_where_needed(app, pagename, templatename, context, doctree):  # noqa: ANN001
    """Load plotly.js (4.6 MB) and the base map only on pages that hold a figure."""
    if "netlib-figure" in context.get("body", ""):
        for name in PLOTLY_FILES:
            app.add_js_file(name, charset="utf-8")


def setup(app):  # noqa: ANN001, ANN201 - Sphinx's signature
    app.connect("html-page-context", _plotly_where_needed)
