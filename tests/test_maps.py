"""Map markers kept apart (netlib.viz.maps) and the enlarged Europe panel of notebook 03."""

import base64
import json
import math

import numpy as np
import pytest

from netlib.data.paths import NOTEBOOKS
from netlib.viz import maps, plot


def test_mercator_matches_the_inverse_gudermannian_form():
    # Independent form of the same projection (Snyder 1987, eq. 7-2 and its equivalent
    # y = asinh(tan phi)): the two must agree; lat 0 is the equator y = 0.
    lat = np.array([-60.0, -12.5, 0.0, 45.0, 64.5])
    x, y = maps.mercator(lat, [0.0, 10.0, -62.0, 180.0, 26.0])
    assert np.allclose(y, np.arcsinh(np.tan(np.radians(lat))))
    assert np.allclose(x, np.radians([0.0, 10.0, -62.0, 180.0, 26.0]))
    back_lat, back_lon = maps.inverse_mercator(x, y)
    assert np.allclose(back_lat, lat) and np.allclose(back_lon, [0.0, 10.0, -62.0, 180.0, 26.0])


def test_pixels_per_unit_fills_the_tighter_direction():
    # 0..60 degrees of longitude is pi/3 units wide; 0..1 radian-equivalent of latitude
    lat_hi = math.degrees(2 * math.atan(math.exp(1.0)) - math.pi / 2)  # y = 1
    ppu = maps.pixels_per_unit([0.0, lat_hi], [0.0, 60.0], 300, 500)
    assert ppu == pytest.approx(min(300 / (math.pi / 3), 500 / 1.0))


def test_separate_guarantees_the_distance_and_is_deterministic():
    # five markers at one place, two at a neighbouring place, one far away
    lat = [51.2] * 5 + [52.5, 52.5, -12.0]
    lon = [10.4] * 5 + [13.4, 13.4, -62.0]
    d = 0.05
    assert maps.min_distance(lat, lon) == 0.0  # the input hides markers
    a = maps.separate(lat, lon, d)
    b = maps.separate(lat, lon, d)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert maps.min_distance(*a) >= d
    assert (a[0][-1], a[1][-1]) == pytest.approx((-12.0, -62.0))  # the lone marker stays
    # markers move only locally: within a few distances of where they were
    x0, y0 = maps.mercator(lat, lon)
    x1, y1 = maps.mercator(*a)
    assert np.hypot(x1 - x0, y1 - y0).max() < 4 * d


def test_markers_sharing_a_place_sit_on_a_circle_of_neighbours_d_apart():
    k, d = 6, 0.1
    lat, lon = maps.separate([0.0] * k, [0.0] * k, d)
    x, y = maps.mercator(lat, lon)
    r = d / (2 * math.sin(math.pi / k))
    assert np.allclose(np.hypot(x, y), r)
    assert maps.min_distance(lat, lon) == pytest.approx(d)


EUROPE_COUNTRIES = {"Austria", "Finland", "France", "Germany", "Italy", "United Kingdom"}


def values(v):
    """A plotly JSON array: a list, or a typed array {"dtype", "bdata"} (base64)."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def map_spec():
    nb = json.loads((NOTEBOOKS / "03_idos_peers.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            spec = out.get("data", {}).get("application/vnd.plotly.v1+json")
            if spec and "geo2" in spec["layout"]:
                return spec
    raise AssertionError("notebook 03 has no map with a second (Europe) panel")


def test_notebook_03_europe_panel_shows_every_european_peer_legibly():
    from netlib import load

    peers = load.load_all()["idos_peers"]
    european = set(peers.loc[peers["headquarters_country"].isin(EUROPE_COUNTRIES),
                             "organisation_en"])
    assert european  # the data has peers headquartered in Europe
    spec = map_spec()
    lay = spec["layout"]
    geo2 = lay["geo2"]
    assert geo2["projection"]["type"] == "mercator"
    lat_rng, lon_rng = geo2["lataxis"]["range"], geo2["lonaxis"]["range"]
    panel = [tr for tr in spec["data"] if tr.get("geo") == "geo2" and tr.get("mode") == "markers"]
    shown = {tr["legendgroup"] for tr in panel}
    assert european <= shown, f"missing from the Europe panel: {european - shown}"
    lat = [v for tr in panel for v in values(tr["lat"])]
    lon = [v for tr in panel for v in values(tr["lon"])]
    assert all(lat_rng[0] <= a <= lat_rng[1] for a in lat)
    assert all(lon_rng[0] <= o <= lon_rng[1] for o in lon)
    # the panel's size in the static image: its domain of the plot area
    m = lay["margin"]
    width = (geo2["domain"]["x"][1] - geo2["domain"]["x"][0]) * (plot.STATIC_WIDTH - m["l"] - m["r"])
    height = (geo2["domain"]["y"][1] - geo2["domain"]["y"][0]) * (lay["height"] - m["t"] - m["b"])
    px = maps.min_distance(lat, lon) * maps.pixels_per_unit(lat_rng, lon_rng, width, height)
    largest = max(tr["marker"]["size"] for tr in panel)
    assert px >= largest, f"two markers only {px:.1f} px apart (markers {largest} px wide)"
