"""The reviewer's site (``make report``): built from the committed notebooks, offline.

The site is built once per module into a temporary folder. The static checks read its
HTML; the browser checks open every page in the Debian Chromium (driven by playwright, no
browser download) with all network blocked — every request that is not a file of the site
is refused and recorded — and assert that it loads nothing from outside, logs no console
error, draws every plotly figure (maps with their land), typesets every formula, and that
the site's search finds a page.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from netlib.tooling import report
from netlib.tooling.notebooks import notebook_paths
from netlib.viz import plot

BOOK = report.BOOK


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    report.render(out)
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def _text(page: Path, sep: str = " ") -> str:
    """The page's text, whitespace collapsed (``sep=""`` keeps highlighted code whole)."""
    body = re.sub(r"<!--.*?-->", "", page.read_text(encoding="utf-8"), flags=re.S)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", sep, body)).split())


# --- what the index says -------------------------------------------------------------------


def test_title_and_question_reads_the_whole_wrapped_paragraph():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# 99 — A title\n\n**Question.** Does a question\nwrapped over three\nlines survive?"
        "\n\nNext paragraph.")])
    assert report.title_and_question(nb) == (
        "99 — A title", "**Question.** Does a question wrapped over three lines survive?")


def test_index_lists_every_notebook_with_its_full_question(site):
    index = _text(site / "index.html")
    for path in notebook_paths():
        title, question = report.title_and_question(nbformat.read(path, as_version=4))
        assert title and title.replace("'", "’") in index.replace("'", "’"), path.name
        # the paragraph's last words are there: the question is not cut at a line break
        plain = re.sub(r"[*`]", "", question).replace("'", "’").replace('"', "“")
        tail = " ".join(plain.split()[-4:]).rstrip("?")
        assert tail.replace("“", "") in index.replace("'", "’").replace("“", "").replace(
            "”", "").replace('"', ""), (path.name, tail)
        assert f'href="notebooks/{path.stem}.html"' in (site / "index.html").read_text()


def test_every_notebook_is_a_page_titled_by_its_first_heading(site):
    for path in notebook_paths():
        page = site / "notebooks" / f"{path.stem}.html"
        title, _ = report.title_and_question(nbformat.read(path, as_version=4))
        head = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert html.unescape(head.group(1)).startswith(title[:20].replace("'", "’")) or \
            html.unescape(head.group(1)).startswith(title[:20]), (path.name, head.group(1))


def test_footer_has_version_commit_and_date(site):
    import tomllib

    version = tomllib.loads((report.ROOT / "pyproject.toml").read_text())["project"]["version"]
    text = _text(site / "index.html")
    assert re.search(rf"Version {re.escape(version)} · commit .+? · built \d{{4}}-\d\d-\d\d",
                     text), text[-600:]


def test_cite_data_and_references_pages(site):
    cite = _text(site / "cite.html", sep="")
    assert "@software{stem_networks_compendium" in cite and "version = {0.1.0}" in cite
    assert (site / "CITATION.cff").is_file()
    data = (site / "data.html").read_text(encoding="utf-8")
    for name in ("data/raw/datapackage.json", "data/processed/datapackage.json"):
        assert f'href="{name}"' in data and (site / name).is_file()
    raw = json.loads((site / "data/raw/datapackage.json").read_text())
    for res in raw["resources"]:
        assert f'href="data/raw/{res["path"]}"' in data and (site / "data/raw" / res["path"]
                                                              ).is_file(), res["path"]
    assert "Network exports for Gephi" in data
    refs = _text(site / "references.html")
    for key_text in ("Introduction to Econometrics", "PowerUp!", "Analyse du réseau social"):
        assert key_text in refs


def test_pages_load_only_local_files(site):
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|img|iframe)[^>]+src="([^"]+)"', text) + re.findall(
            r'<link[^>]+href="([^"]+)"', text)
        remote = [u for u in loaded if u.startswith(("http:", "https:", "//"))]
        assert not remote, (page.name, remote)
    assert (site / "_static" / "plotly.min.js").stat().st_size > 1_000_000
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()


def _tiny_site(tmp_path: Path, cells: list, pages: dict[str, str]) -> tuple[str, str]:
    """Build a one-notebook site with the site's configuration; return the notebook's page
    and Sphinx's warnings."""
    import io

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = tmp_path / "src"
    (src / "_plotly").mkdir(parents=True)
    (src / "_extra").mkdir()
    shutil.copyfile(report.ROOT / "references.bib", src / "references.bib")
    toc = "\n".join(["nb", *pages])
    (src / "index.md").write_text(f"# Tiny\n\n```{{toctree}}\n{toc}\n```\n", encoding="utf-8")
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})
    nbformat.write(nb, src / "nb.ipynb")
    os.environ["NETLIB_SITE_SRC"] = str(src)
    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(str(src), str(BOOK), str(tmp_path / "out"), str(tmp_path / "dt"), "html",
                     status=None, warning=warnings, freshenv=True)
        app.build()
    return (tmp_path / "out" / "nb.html").read_text(encoding="utf-8"), warnings.getvalue()


def test_hidden_input_has_a_toggle_and_removed_cells_are_gone(tmp_path):
    """A ``hide-input`` cell keeps its code in a closed toggle above its output; a
    ``remove-cell`` cell is not on the page."""
    cells = [nbformat.v4.new_markdown_cell("# A notebook"),
             nbformat.v4.new_code_cell("hidden_code_marker = 1", metadata={"tags": ["hide-input"]},
                                       outputs=[nbformat.v4.new_output(
                                           "stream", text="visible output marker\n")]),
             nbformat.v4.new_code_cell("removed_code_marker = 2",
                                       metadata={"tags": ["remove-cell"]})]
    page, _ = _tiny_site(tmp_path, cells, {})
    assert "visible output marker" in page and "removed_code_marker" not in page
    toggle = re.search(r'<details class="[^"]*hide[^"]*above-input[^"]*">(.*?)</details>',
                       page, re.S)
    assert toggle and "hidden_code_marker" in toggle.group(1)
    assert page.count("hidden_code_marker") == 1


def test_a_page_ends_with_its_own_references(tmp_path):
    """A {cite} in a markdown cell and in a generated Markdown output, and a closing
    ``{bibliography}`` filtered to the page, next to a references page listing all: the
    page lists exactly the works it cites, with no duplicate-citation warning."""
    bib = "## References\n\n```{bibliography}\n:filter: docname in docnames\n```"
    cells = [nbformat.v4.new_markdown_cell("# Cited\n\nAs {cite:p}`krueger_1999` found."),
             nbformat.v4.new_code_cell("display(Markdown(...))", outputs=[nbformat.v4.new_output(
                 "display_data", data={"text/markdown": "See {cite:t}`hedges_2007`.",
                                       "text/plain": "<Markdown>"})]),
             nbformat.v4.new_markdown_cell(bib)]
    page, warnings = _tiny_site(tmp_path, cells, {
        "refs": "# References\n\n```{bibliography}\n:all:\n```\n"})
    assert "WARNING" not in warnings, warnings
    text = _text(tmp_path / "out" / "nb.html")
    assert "( Krueger, 1999 )" in text and "Hedges ( 2007 )" in text
    refs = page[page.index('id="references"'):].lower()
    assert "experimental estimates of education production functions" in refs
    assert "effect sizes in cluster-randomized designs" in refs
    assert "introduction to econometrics" not in refs  # not cited on this page
    cite_links = re.findall(r'<a class="reference internal" href="([^"]*)" title="[^"]*'
                            r'(?:Krueger|Hedges)', page)
    assert cite_links and all(h.startswith("#") for h in cite_links), cite_links  # local


# --- in a browser, offline -------------------------------------------------------------------

needs_browser = pytest.mark.skipif(
    plot.chromium_path() is None and not os.environ.get("CI"),
    reason="no Chromium: run `make chromium` (never skipped in CI)")
# raw TeX left on a page: \( \[ or $x$ with no space inside the dollars (money like
# "$2.4 million" starts with a digit and is not math)
RAW_MATH = re.compile(r"\\\(|\\\[|\$[^\s$\d][^$\n]{0,80}?[^\s$\\]\$")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=plot.chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run",
                  "--host-resolver-rules=MAP * ~NOTFOUND"])
        yield b
        b.close()


class Visit:
    """One page opened with every non-file request refused; what it logged and asked for."""

    def __init__(self, browser, url: str, wait_ms: int = 500):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url, wait_until="load", timeout=120_000)
        self.page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        self.page.wait_for_timeout(wait_ms)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self):
        self.context.close()


def _prose(page) -> str:
    """The visible text of the page's article, without code (R's ``star$id`` is no TeX)."""
    return page.evaluate("""() => {
        const main = (document.querySelector('main') || document.body).cloneNode(true);
        main.querySelectorAll('pre, code, .highlight, script, style').forEach(e => e.remove());
        return main.innerText; }""")


def _site_pages(site: Path) -> list[str]:
    return [str(p.relative_to(site)) for p in _pages(site)]


@needs_browser
@pytest.mark.parametrize("nb_path", notebook_paths(), ids=lambda p: p.stem)
def test_notebook_page_offline_in_a_browser(site, browser, nb_path):
    page_file = site / "notebooks" / f"{nb_path.stem}.html"
    visit = Visit(browser, page_file.as_uri())
    try:
        p = visit.page
        assert not visit.blocked, visit.blocked
        assert not visit.errors, visit.errors
        figures = p.locator(".netlib-figure").count()
        assert p.locator(".netlib-figure .main-svg").count() >= figures
        assert p.locator(".netlib-figure .plot-container").count() == figures
        if '"type": "scattergeo"' in nb_path.read_text(encoding="utf-8"):
            assert p.locator(".netlib-figure g.layer.land path").count() > 0
        text = _prose(p)
        assert not RAW_MATH.findall(text), RAW_MATH.findall(text)[:5]
        if 'class="math' in page_file.read_text(encoding="utf-8"):
            assert p.locator("mjx-container").count() > 0
    finally:
        visit.close()


@needs_browser
def test_every_other_page_offline_in_a_browser(site, browser):
    problems = {}
    for name in _site_pages(site):
        if name.startswith("notebooks/"):
            continue
        visit = Visit(browser, (site / name).as_uri(), wait_ms=0)
        text = _prose(visit.page)
        bad = visit.blocked + visit.errors + RAW_MATH.findall(text)
        if bad:
            problems[name] = bad
        visit.close()
    assert not problems, problems


@needs_browser
def test_search_finds_a_known_page(site, browser):
    visit = Visit(browser, (site / "search.html").as_uri() + "?q=Holley")
    try:
        visit.page.wait_for_selector("#search-results ul li a", timeout=60_000)
        links = visit.page.eval_on_selector_all("#search-results ul li a",
                                                "els => els.map(e => e.href)")
        assert any(link.endswith("notebooks/01_network_structures.html") for link in links), \
            links
        assert not visit.blocked and not visit.errors, (visit.blocked, visit.errors)
    finally:
        visit.close()
