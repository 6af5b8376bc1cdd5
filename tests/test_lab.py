"""``make lab``: JupyterLab draws maps offline, and opening and saving a notebook written
by ``netlib.tooling.notebooks`` leaves its file byte for byte the same.

(Once a figure is drawn live, plotly's Lab renderer stores a fresh PNG of it in the output,
so the notebook is saved before that; ``make lab`` turns autosave off for this reason.)

A Jupyter server is started on 127.0.0.1 (root = a copy of the repository's layout: the
vendored base map under netlib/assets/ and a notebook executed by the project's runner),
with ``--allow-root`` when running as root as ``make lab`` adds it; the Debian Chromium
(playwright, no browser download) opens the notebook with every request off the loopback
refused, waits for the map's land to be drawn, saves with Ctrl+S and the file is compared.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from netlib.tooling.notebooks import execute
from netlib.viz import plot

pytestmark = pytest.mark.skipif(
    plot.chromium_path() is None and not os.environ.get("CI"),
    reason="no Chromium: run `make chromium` (never skipped in CI)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    (root / "netlib" / "assets").mkdir(parents=True)
    shutil.copyfile(plot.ASSETS / "world_110m.json",
                    root / "netlib" / "assets" / "world_110m.json")
    nb_path = root / "map.ipynb"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# A map"),
        nbformat.v4.new_code_cell(
            "import plotly.graph_objects as go\nfrom netlib.viz import plot\n"
            "fig = go.Figure(go.Scattergeo(lat=[48.1, 47.0], lon=[-2.8, 15.4]))\n"
            "fig.update_geos(showland=True)\n"
            "plot.show(fig, caption='two points')"),  # with its PNG, as committed figures
        nbformat.v4.new_code_cell("{'zero': 0.0, 'half': 0.5}")])
    nbformat.write(nb, nb_path)
    execute(nb_path)
    port = _free_port()
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
            "--ip=127.0.0.1", f"--notebook-dir={root}", "--IdentityProvider.token=",
            "--ServerApp.password=", "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=True"]
    if os.getuid() == 0:
        args.append("--allow-root")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".jupyter-config"),
           "JUPYTERLAB_WORKSPACES_DIR": str(root / ".jupyter-ws")}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"JupyterLab did not start: {proc.stderr.read()[-2000:]}")
                time.sleep(0.5)
        yield url, nb_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_lab_draws_the_map_offline_and_saving_changes_nothing(lab):
    sync_api = pytest.importorskip("playwright.sync_api")
    url, nb_path = lab
    before = nb_path.read_bytes()
    off_host: list[str] = []

    served: list[str] = []

    def route(r):
        if r.request.url.startswith((url, "data:", "blob:", "about:")):
            served.append(r.request.url)
            r.continue_()
        else:
            off_host.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=plot.chromium_path(),
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.route("**/*", route)
            page.goto(f"{url}/lab/tree/{nb_path.name}", timeout=180_000)
            page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=180_000)
            page.wait_for_timeout(2000)  # the kernel is up and its kernelspec stamped
            # File > Save, before any figure is drawn live (and without touching a cell)
            page.locator(".lm-MenuBar-itemLabel", has_text="File").click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Save( Notebook)?$")).click()
            page.wait_for_timeout(3000)
            after_save = nb_path.read_bytes()
            # plotly's renderer shows the figure's PNG and draws the live figure when the
            # pointer comes over it; the live map fetches its base map from the server
            output = page.wait_for_selector(
                ".jp-OutputArea-output img, .jp-OutputArea-output .js-plotly-plot",
                timeout=180_000)
            box = output.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_selector(".js-plotly-plot g.layer.land path", timeout=180_000)
        finally:
            browser.close()
    assert not [u for u in off_host if "world_110m" in u or "cdn" in u], off_host
    assert f"{url}/files/netlib/assets/world_110m.json" in served
    after = after_save
    if after != before:
        import difflib

        diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                    "as written", "as saved by JupyterLab", lineterm="", n=1)
        pytest.fail("\n".join(list(diff)[:60]))
