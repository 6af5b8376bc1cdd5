"""The rendered report works offline: local plotly.js, no remote scripts, figures drawn."""

import os
import re
import shutil
import subprocess
import tempfile

import pytest

from netlib.tooling import report
from netlib.tooling.notebooks import notebook_paths
from netlib.viz import plot


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    pages = report.render(out)
    return out, pages


def test_index_and_one_page_per_notebook(rendered):
    out, pages = rendered
    names = {p.name for p in pages}
    assert "index.html" in names
    assert {f"{p.stem}.html" for p in notebook_paths()} <= names
    index = (out / "index.html").read_text(encoding="utf-8")
    for p in notebook_paths():
        assert f'href="{p.stem}.html"' in index


def test_pages_load_only_local_scripts(rendered):
    out, pages = rendered
    assert (out / "plotly.min.js").stat().st_size > 1_000_000
    for page in pages:
        text = page.read_text(encoding="utf-8")
        srcs = re.findall(r'<script[^>]+src="([^"]+)"', text)
        assert all(not s.startswith(("http:", "https:", "//")) for s in srcs), (page, srcs)


def test_hide_input_cells_show_no_code(rendered):
    out, _ = rendered
    text = re.sub(r"<[^>]+>", "", (out / "00_sources.html").read_text(encoding="utf-8"))
    assert "plot.show(" not in text  # the plotting cell is tagged hide-input
    assert "load.load_provenance()" in text  # ordinary cells keep their code


def _figures_in(path) -> int:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return sum("application/vnd.plotly.v1+json" in o.get("data", {})
               for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.skipif(plot.chromium_path() is None and not os.environ.get("CI"),
                    reason="no Chromium: run `make chromium` (never skipped in CI)")
@pytest.mark.parametrize("nb_path", notebook_paths(), ids=lambda p: p.stem)
def test_figures_are_drawn_offline_in_a_headless_browser(rendered, nb_path):
    out, _ = rendered
    profile = tempfile.mkdtemp()
    try:
        dom = subprocess.run(
            [plot.chromium_path(), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
             "--virtual-time-budget=8000", "--dump-dom",
             (out / f"{nb_path.stem}.html").as_uri()],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert 'class="main-svg"' in dom
    # every figure of the notebook is drawn by the local plotly.js, none left as a PNG only
    assert dom.count('class="plot-container') == _figures_in(nb_path)
    # maps draw their base map from the vendored topojson (no CDN): land paths exist
    if '"type": "scattergeo"' in nb_path.read_text(encoding="utf-8"):
        assert '<g class="layer land"><path d="M' in dom
