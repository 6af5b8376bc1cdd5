"""One house style for plotly figures, and a ``show`` that works for every reader.

:func:`show` publishes one display bundle per figure with four representations:

* ``application/vnd.plotly.v1+json`` — rendered interactively by JupyterLab (plotly's
  bundled lab extension);
* ``text/html`` — a ``<div>`` holding a static PNG, plus a script that replaces it by the
  interactive figure when ``window.Plotly`` exists. The rendered report loads a local copy
  of plotly.js (no CDN), so figures are interactive offline; where scripts cannot run
  (GitHub, nbviewer without JS, a sanitising viewer) the PNG stays;
* ``image/png`` — the static image itself (kaleido driving a Chromium from the OS), made
  within :data:`STATIC_TIMEOUT` seconds and only for figures of at most
  :data:`STATIC_MAX_POINTS` plotted points; otherwise it is left out and the HTML says why
  (the interactive figure is still there), so that a large figure never fails a notebook;
* ``text/plain`` — the caption, the only part nbval compares (the others are volatile
  and excluded in ``conftest.py``).

The colour sequence is Okabe & Ito's colour-blind-safe palette (Okabe & Ito 2008,
*Color Universal Design*).
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import html
import json
import shutil
import warnings
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
# Paul Tol's "muted" scheme, after Okabe–Ito, for figures with more than eight categories
# (Tol, P. (2021). Colour schemes. SRON/EPS/TN/09-002).
TOL_MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677",
             "#882255", "#AA4499", "#DDDDDD")
CATEGORICAL = OKABE_ITO + TOL_MUTED  # 18 distinct colours


def categorical_palette(categories: Any, fixed: Any = None) -> dict[Any, str]:
    """A colour for every category, no two alike.

    ``fixed`` colours (category → colour) are kept; the other categories take, in order, the
    colours of :data:`CATEGORICAL` not already used, and beyond those evenly spaced hues of a
    perceptually ordered scale (plotly's Turbo), so any number of categories gets distinct
    colours. A ``fixed`` colour given to two categories raises ``ValueError``.
    """
    cats = list(dict.fromkeys(categories))
    fixed = {c: v for c, v in dict(fixed or {}).items() if c in cats}
    used = [v.lower() for v in fixed.values()]
    if len(set(used)) < len(used):
        raise ValueError("categorical_palette: two categories share a fixed colour")
    free = [c for c in CATEGORICAL if c.lower() not in used]
    rest = [c for c in cats if c not in fixed]
    if len(rest) > len(free):
        from plotly.colors import sample_colorscale

        extra = sample_colorscale("Turbo", [i / max(len(rest) - len(free) - 1, 1)
                                            for i in range(len(rest) - len(free))])
        free += [c for c in extra if c.lower() not in used]
    return {**fixed, **dict(zip(rest, free, strict=False))}


STATIC_WIDTH = 860
STATIC_HEIGHT = 480
# Static export bounds: kaleido needs minutes for a node-link figure of a million ties.
STATIC_MAX_POINTS = 200_000
STATIC_TIMEOUT = 60.0  # seconds

_axis = dict(
    showgrid=True, gridcolor="#e6e6e6", zeroline=False, linecolor="#444444",
    ticks="outside", tickcolor="#444444", title=dict(standoff=8), automargin=True,
)
HOUSE = go.layout.Template(
    layout=dict(
        font=dict(family="Source Sans Pro, Helvetica, Arial, sans-serif", size=13,
                  color="#222222"),
        colorway=list(OKABE_ITO),
        paper_bgcolor="white",
        plot_bgcolor="white",
        title=dict(x=0.0, xref="paper", xanchor="left", font=dict(size=16)),
        xaxis=_axis,
        yaxis=_axis,
        legend=dict(bgcolor="rgba(255,255,255,0.8)"),
        margin=dict(l=70, r=30, t=70, b=60),
        hoverlabel=dict(font_size=12),
    )
)
pio.templates["netlib"] = HOUSE
pio.templates.default = "netlib"

_server: dict[str, Any] = {"started": False, "error": None}

ASSETS = __import__("pathlib").Path(__file__).parents[1] / "assets"
GEO_ASSETS_JS = "plotly-geo-assets.js"
# Where JupyterLab's plotly renderer fetches the base map of a map from (plotly.js asks
# ``topojsonURL + "world_110m.json"``; its default is a CDN): the vendored file, served by
# the Jupyter server of ``make lab`` (root = the repository) under /files/. The site and
# kaleido hand plotly.js the map itself (window.PlotlyGeoAssets), which it prefers.
LAB_TOPOJSON_URL = "/files/netlib/assets/"
GEO_TRACES = ("scattergeo", "choropleth")


def geo_assets_js() -> str:
    """JavaScript defining ``window.PlotlyGeoAssets`` with the vendored world base map.

    plotly.js looks there before downloading ``world_110m.json`` from its CDN, so maps
    (``scattergeo``, ``choropleth``) draw offline — in the report and in kaleido.
    """
    topo = (ASSETS / "world_110m.json").read_text(encoding="utf-8")
    return ("window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
            f"window.PlotlyGeoAssets.topojson['world_110m'] = {topo};\n")


def write_geo_assets(directory: Any) -> Any:
    """Write :data:`GEO_ASSETS_JS` into ``directory``; return its path."""
    from pathlib import Path

    path = Path(directory) / GEO_ASSETS_JS
    path.write_text(geo_assets_js(), encoding="utf-8")
    return path


def chromium_path() -> str | None:
    """The Chromium kaleido will drive, or None (see ``tools/ensure-chromium.sh``)."""
    import os

    for c in (os.environ.get("BROWSER_PATH"), "chromium", "chromium-browser", "google-chrome"):
        if c and shutil.which(c):
            return shutil.which(c)
    return None


def local_mathjax() -> str | None:
    """MathJax's ``tex-svg.js`` from the ``sphinx-mathjax-offline`` wheel (the site's copy), or
    None. kaleido's page loads MathJax from a CDN unless it is given a file: offline, that
    request stalls the first static export by seconds; without MathJax ``$…$`` labels would
    stay raw TeX in the PNG."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if not (spec and spec.origin):
        return None
    path = Path(spec.origin).parent / "static" / "mathjax" / "tex-svg.js"
    return str(path) if path.is_file() else None


def _start_server() -> str | None:
    """Start kaleido's persistent browser once per process; return an error text or None."""
    if _server["started"] or _server["error"]:
        return _server["error"]
    if chromium_path() is None:
        _server["error"] = "no Chromium found (run `make chromium`, or set BROWSER_PATH)"
        return _server["error"]
    try:
        import tempfile

        import kaleido

        geo = write_geo_assets(tempfile.mkdtemp(prefix="netlib-geo-"))
        page = kaleido.PageGenerator(mathjax=local_mathjax() or False, others=[str(geo)])
        kaleido.start_sync_server(page_generator=page, silence_warnings=True)
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _server["started"] = True
    except Exception as exc:  # pragma: no cover - depends on the OS browser
        _server["error"] = f"kaleido could not start Chromium: {exc}"
    return _server["error"]


def static_png(fig: go.Figure, width: int | None = None, height: int | None = None) -> bytes:
    """PNG bytes of ``fig`` (raises RuntimeError with the reason when no browser is usable)."""
    err = _start_server()
    if err:
        raise RuntimeError(err)
    w = width or fig.layout.width or STATIC_WIDTH
    h = height or fig.layout.height or STATIC_HEIGHT
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "kopts ignored when using a server"
        return fig.to_image(format="png", width=w, height=h, scale=1)


def n_points(spec: dict[str, Any]) -> int:
    """Plotted points of a figure spec: the longest coordinate array of each trace,
    summed (a heatmap counts its cells); numpy data, which plotly writes as typed arrays
    (``{"dtype", "bdata", "shape"}``), counts too."""
    total = 0
    for tr in spec.get("data", []):
        longest = 0
        for key in ("x", "y", "z", "lat", "lon", "values"):
            val = tr.get(key)
            if isinstance(val, dict) and "bdata" in val:  # plotly's typed array (numpy data)
                shape = str(val.get("shape", "")).replace(" ", "")
                size = (int(np.prod([int(d) for d in shape.split(",")])) if shape else
                        len(base64.b64decode(val["bdata"])) // np.dtype(val["dtype"]).itemsize)
                longest = max(longest, size)
            elif isinstance(val, list):
                size = sum(len(r) if isinstance(r, list) else 1 for r in val)
                longest = max(longest, size)
        total += longest
    return total


def bounded_png(fig: go.Figure, points: int, timeout: float | None = None) -> bytes:
    """:func:`static_png` within bounds: RuntimeError saying why when the figure has more
    than :data:`STATIC_MAX_POINTS` points or the export takes longer than ``timeout``
    (default :data:`STATIC_TIMEOUT`) seconds."""
    import concurrent.futures

    if points > STATIC_MAX_POINTS:
        raise RuntimeError(f"skipped: the figure has {points} points, more than "
                           f"{STATIC_MAX_POINTS} (the interactive figure shows them)")
    limit = STATIC_TIMEOUT if timeout is None else timeout
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(static_png, fig).result(timeout=limit)
    except concurrent.futures.TimeoutError:
        raise RuntimeError(f"not made within {limit:.0f} s") from None
    finally:
        pool.shutdown(wait=False)


def figure_id(spec: dict[str, Any]) -> str:
    """Deterministic element id from the figure's content (stable notebook diffs)."""
    blob = json.dumps(spec, sort_keys=True).encode()
    return "netlib-fig-" + hashlib.sha1(blob).hexdigest()[:12]


def bundle(fig: go.Figure, caption: str | None = None, static: bool = True) -> dict[str, Any]:
    """The display bundle described in the module docstring."""
    spec = json.loads(fig.to_json())
    spec["config"] = {"responsive": True, "displaylogo": False}
    if any(str(k).startswith("geo") for k in spec.get("layout", {})) or any(
            t.get("type") in GEO_TRACES for t in spec.get("data", [])):
        spec["config"]["topojsonURL"] = LAB_TOPOJSON_URL
    title = caption or (fig.layout.title.text if fig.layout.title.text else "figure")
    fid = figure_id(spec)
    out: dict[str, Any] = {"text/plain": f"[Figure] {title}"}
    out["application/vnd.plotly.v1+json"] = spec
    png_html = ""
    if static:
        try:
            png = base64.b64encode(bounded_png(fig, n_points(spec))).decode("ascii")
            out["image/png"] = png
            png_html = (
                f'<img src="data:image/png;base64,{png}" alt="{html.escape(title)}" '
                'style="max-width:100%;height:auto"/>'
            )
        except RuntimeError as exc:
            png_html = (
                f'<p style="color:#a00">Static image unavailable: {html.escape(str(exc))}.</p>'
            )
    spec_js = json.dumps(spec).replace("</", "<\\/")  # no '</script>' inside the script
    script = (
        "<script type=\"text/javascript\">(function(){"
        f"var el=document.getElementById('{fid}');"
        "if(!el||!window.Plotly){return;}"
        f"var s={spec_js};"
        "el.innerHTML='';window.Plotly.newPlot(el,s.data,s.layout,s.config);"
        "})();</script>"
    )
    out["text/html"] = f'<div id="{fid}" class="netlib-figure">{png_html}</div>{script}'
    return out


def show(fig: go.Figure, caption: str | None = None, static: bool = True) -> None:
    """Display ``fig`` for every kind of reader (see module docstring)."""
    from IPython.display import display

    display(bundle(fig, caption=caption, static=static), raw=True)


def save(fig: go.Figure, path: str, width: int | None = None, height: int | None = None) -> None:
    """Write a static PNG of ``fig`` to ``path``."""
    with open(path, "wb") as fh:
        fh.write(static_png(fig, width, height))

