r"""Map markers that stay apart: positions in the Mercator plane, spread and separated.

A map that puts several markers at one place (several organisations in one country, two
headquarters in one city) hides all but the top one; neighbouring places (a country's
centre and its capital) overlap at a small scale. :func:`separate` moves markers, as little
as it can and deterministically, until every pair is at least a given distance apart in
the *projected* plane, so that the guarantee holds on screen: on a Mercator map (plotly geo
``projection_type="mercator"``) screen distance is the projected distance times one scale
factor (pixels per projected unit, :func:`pixels_per_unit`).

The (spherical) Mercator projection, in radians of the unit sphere:

.. math:: x = \lambda, \qquad y = \ln \tan\left(\frac{\pi}{4} + \frac{\varphi}{2}\right)

(Snyder, J. P. (1987). *Map Projections — A Working Manual*. USGS Professional Paper 1395,
eqs. 7-1 and 7-2; inverse eq. 7-4: :math:`\varphi = 2 \arctan e^{y} - \pi/2`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def mercator(lat: Sequence[float], lon: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Projected (x, y) of points given in degrees (Snyder 1987, eqs. 7-1, 7-2)."""
    phi = np.radians(np.asarray(lat, dtype=float))
    lam = np.radians(np.asarray(lon, dtype=float))
    return lam, np.log(np.tan(np.pi / 4 + phi / 2))


def inverse_mercator(x: Sequence[float], y: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) in degrees of projected points (Snyder 1987, eq. 7-4)."""
    y = np.asarray(y, dtype=float)
    return (np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2),
            np.degrees(np.asarray(x, dtype=float)))


def pixels_per_unit(lat_range: Sequence[float], lon_range: Sequence[float],
                    width_px: float, height_px: float) -> float:
    """Screen pixels per projected unit of a Mercator map showing ``lat_range`` ×
    ``lon_range`` in a ``width_px`` × ``height_px`` box: the box is filled along the
    tighter of the two directions (the map keeps its aspect ratio)."""
    x, y = mercator(lat_range, lon_range)
    return float(min(width_px / abs(x[1] - x[0]), height_px / abs(y[1] - y[0])))


def min_distance(lat: Sequence[float], lon: Sequence[float]) -> float:
    """Smallest distance between two of the points in the Mercator plane (inf for < 2)."""
    x, y = mercator(lat, lon)
    if len(x) < 2:
        return float("inf")
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    return float(d[np.triu_indices(len(x), 1)].min())


def separate(lat: Sequence[float], lon: Sequence[float], distance: float, *,
             max_rounds: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """Marker positions (lat, lon in degrees), every pair at least ``distance`` apart in the
    Mercator plane.

    1. The k points that share one position are put on a circle around it whose radius
       :math:`r = d / (2 \\sin(\\pi/k))` makes neighbours on the circle exactly ``d``
       apart (the first at the top, then clockwise, in the order given).
    2. Pairs still closer than ``d`` (neighbouring places) are pushed apart symmetrically
       along the line joining them, pair by pair in a fixed order, until none is — a
       deterministic relaxation. A lone point far from all others does not move.

    ``RuntimeError`` if ``max_rounds`` sweeps do not reach the distance (not seen for a
    few dozen points; the sweeps converge because every push removes an overlap).
    """
    x, y = mercator(lat, lon)
    x, y = x.copy(), y.copy()
    n = len(x)
    if distance <= 0 or n < 2:
        return inverse_mercator(x, y)
    groups: dict[tuple[float, float], list[int]] = {}
    for i in range(n):
        groups.setdefault((round(float(x[i]), 12), round(float(y[i]), 12)), []).append(i)
    for members in groups.values():
        k = len(members)
        if k < 2:
            continue
        r = distance / (2 * np.sin(np.pi / k))
        for j, i in enumerate(members):
            a = 2 * np.pi * j / k
            x[i] += r * np.sin(a)
            y[i] += r * np.cos(a)
    target = distance * (1 + 1e-6)  # push a hair further than asked: floating-point room
    for _ in range(max_rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = x[j] - x[i], y[j] - y[i]
                d = float(np.hypot(dx, dy))
                if d >= distance:
                    continue
                if d == 0.0:  # cannot happen after step 1; a fixed direction keeps it exact
                    dx, dy, d = 0.0, 1.0, 1.0
                    push = target / 2
                else:
                    push = (target - d) / 2
                ux, uy = dx / d, dy / d
                x[i] -= push * ux
                y[i] -= push * uy
                x[j] += push * ux
                y[j] += push * uy
                moved = True
        if not moved:
            return inverse_mercator(x, y)
    raise RuntimeError(f"separate: markers not {distance} apart after {max_rounds} rounds")
