"""Pseudonymisation of respondent ids and suppression of small cells.

* :func:`pseudonym` — keyed hash (HMAC-SHA-256) of an id, truncated to 10 hex digits and
  prefixed ``R-``. The same id gets the same pseudonym under the same key, so ties still
  join to respondents. The key is ``$NETLIB_PSEUDONYM_KEY``; the default key is public and
  only fit for the synthetic data — with a real export, set your own secret key, otherwise
  guessable ids (names, e-mails) could be re-identified by hashing candidates.
* :func:`suppress_small` — replace counts below a threshold (default 5, a common rule in
  official statistics) by ``"<5"`` in published tables, so that no cell singles out a
  handful of people.
"""

from __future__ import annotations

import hashlib
import hmac
import os

import pandas as pd

DEFAULT_KEY = "netlib-public-key-for-synthetic-data"
SMALL_CELL = 5


def pseudonym_key() -> bytes:
    return os.environ.get("NETLIB_PSEUDONYM_KEY", DEFAULT_KEY).encode("utf-8")


def pseudonym(value: str, key: bytes | None = None) -> str:
    """``R-`` + first 10 hex digits of HMAC-SHA-256(key, value)."""
    digest = hmac.new(key or pseudonym_key(), value.encode("utf-8"), hashlib.sha256)
    return "R-" + digest.hexdigest()[:10]


def pseudonymise(series: pd.Series, key: bytes | None = None) -> pd.Series:
    """Pseudonyms for a column of ids (missing values stay missing)."""
    k = key or pseudonym_key()
    uniques = series.dropna().unique()
    mapping = {v: pseudonym(str(v), k) for v in uniques}
    if len(set(mapping.values())) != len(mapping):  # 40-bit hashes: practically never
        raise ValueError("pseudonym collision; use a longer pseudonym")
    return series.map(mapping).astype("string")


def suppress_small(table: pd.DataFrame, threshold: int = SMALL_CELL) -> pd.DataFrame:
    """Copy of a count table with every numeric cell in ``1..threshold-1`` shown as ``"<k"``.

    Zeros stay (an empty cell reveals nobody); the result is for display, not computation.
    """
    out = table.astype(object).copy()
    numeric = table.select_dtypes("number").columns
    for col in numeric:
        small = (table[col] > 0) & (table[col] < threshold)
        out.loc[small, col] = f"<{threshold}"
    return out
