"""Quantitative facts of the seeds with their qualifiers turned into explicit bounds.

A fact is stated with a qualifier (``facts.csv``: exact, about, more_than, at_least,
less_than, at_most, range); "plus de 200" is ``more_than`` 200, a strict lower bound. Analyses
use the bounds, never the bare number.
"""

from __future__ import annotations

import pandas as pd

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


def fact_bounds(facts: pd.DataFrame) -> pd.DataFrame:
    """Add ``lower``, ``lower_inclusive``, ``upper``, ``approximate`` from the qualifier."""
    out = facts.copy()
    lo, lo_inc, hi, approx = [], [], [], []
    for q, v, vh in zip(out["qualifier"], out["value"], out["value_high"], strict=True):
        lsrc, linc, hsrc, ap = BOUNDS[q]
        vals = {"value": v, "value_high": vh, None: pd.NA}
        lo.append(vals[lsrc])
        lo_inc.append(pd.NA if linc is None else linc)
        hi.append(vals[hsrc])
        approx.append(ap)
    out["lower"] = pd.array(lo, dtype="Float64")
    out["lower_inclusive"] = pd.array(lo_inc, dtype="boolean")
    out["upper"] = pd.array(hi, dtype="Float64")
    out["approximate"] = approx
    return out
