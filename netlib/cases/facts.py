"""Quantitative facts of the seeds with their qualifiers turned into explicit bounds.

A fact is stated with a qualifier (``facts.csv``: exact, about, more_than, at_least,
less_than, at_most, range); "plus de 200" is ``more_than`` 200, a strict lower bound. Analyses
use the bounds, never the bare number.

**Approximate numbers.** No source says how approximate its "environ", "about" or
"demi-douzaine" is, so "about *v*" gets the bounds of a stated convention rather than the
point *v*: :math:`[v(1 - r), v(1 + r)]` with the relative tolerance
:data:`ABOUT_TOLERANCE` :math:`r` (10 %), both ends inclusive; for counts (``unit`` =
``count``) the bounds are rounded outward to whole numbers, and at least one unit either side
(so "about 6" is 5–7, "environ 30" 27–33, "environ 40 %" 36–44 %). The tolerance is ours, a
modelling choice flagged by ``approximate = True``; a reader who wants another passes
``about_tolerance=``.
"""

from __future__ import annotations

import math

import pandas as pd

ABOUT_TOLERANCE = 0.10
"""Relative half-width of the bounds given to an approximate ("about") fact."""

BOUNDS = {
    # qualifier: (lower from value?, lower inclusive?, upper from value?, approximate?)
    "exact": ("value", True, "value", False),
    "about": ("value", True, "value", True),
    "more_than": ("value", False, None, False),
    "at_least": ("value", True, None, False),
    "less_than": (None, None, "value", False),
    "at_most": (None, None, "value", False),
    "range": ("value", True, "value_high", False),
}


def about_bounds(value: float, unit: str | None = None,
                 tolerance: float = ABOUT_TOLERANCE) -> tuple[float, float]:
    """Bounds of "about ``value``": ``value`` × (1 ∓ ``tolerance``); for a count rounded
    outward to whole numbers and at least one unit either side (module docstring)."""
    lo, hi = value * (1 - tolerance), value * (1 + tolerance)
    if unit == "count":
        lo, hi = float(min(math.floor(lo), value - 1)), float(max(math.ceil(hi), value + 1))
    return lo, hi


def fact_bounds(facts: pd.DataFrame, *, about_tolerance: float = ABOUT_TOLERANCE) -> pd.DataFrame:
    """Add ``lower``, ``lower_inclusive``, ``upper``, ``approximate`` from the qualifier
    (``about`` facts: :func:`about_bounds` with ``about_tolerance``)."""
    out = facts.copy()
    lo, lo_inc, hi, approx = [], [], [], []
    units = out["unit"] if "unit" in out else [None] * len(out)
    for q, v, vh, u in zip(out["qualifier"], out["value"], out["value_high"], units, strict=True):
        lsrc, linc, hsrc, ap = BOUNDS[q]
        vals = {"value": v, "value_high": vh, None: pd.NA}
        if q == "about":
            low, high = about_bounds(float(v), u, about_tolerance)
            vals = {"value": low, "value_high": high, None: pd.NA}
            hsrc = "value_high"
        lo.append(vals[lsrc])
        lo_inc.append(pd.NA if linc is None else linc)
        hi.append(vals[hsrc])
        approx.append(ap)
    out["lower"] = pd.array(lo, dtype="Float64")
    out["lower_inclusive"] = pd.array(lo_inc, dtype="boolean")
    out["upper"] = pd.array(hi, dtype="Float64")
    out["approximate"] = approx
    return out


def record_check(checked: pd.Series) -> pd.Series:
    """How a public-record fact was checked, from its ``checked`` text (``rct_facts.csv``).

    ``"yes"`` — the row quotes the record it was verified against (text starts with
    ``verified``); ``"bibliographic details only"`` — the reference was verified but not the
    number; ``"no"`` — taken from the brief, the primary record not opened.
    """
    text = checked.fillna("").astype(str)
    out = pd.Series("no", index=checked.index, dtype="object")
    out[text.str.contains("bibliographic details verified")] = "bibliographic details only"
    out[text.str.startswith("verified")] = "yes"
    return out
