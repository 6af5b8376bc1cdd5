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
