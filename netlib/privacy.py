"""Pseudonymisation of respondent ids and suppression of small cells.

Pseudonyms
----------
:func:`pseudonym` is a keyed hash: ``"R-"`` + the first :data:`PSEUDONYM_HEX` hex digits of
HMAC-SHA-256(key, scope ‖ 0x1F ‖ id) (RFC 2104; NIST SP 800-107). Without the key, nobody can
test a guessed id (a name, an e-mail address, ``R001``) against a pseudonym; with the same key
and scope the same person gets the same pseudonym, so ties still join to respondents.

* **Key policy** (:func:`resolve_key`): the key is the user's — passed as ``key=`` or read
  from ``$NETLIB_PSEUDONYM_KEY`` — and must have at least :data:`MIN_KEY_BYTES` bytes. A survey
  that is not labelled synthetic is refused without one. Only data labelled synthetic may use
  the public :data:`SYNTHETIC_KEY`, which is then used whatever the environment holds, so that
  setting a key for real work never changes the shipped data's processed files or notebooks.
* **Scope**: surveys are pseudonymised in a scope (by default the survey's folder or workbook
  name), so pseudonyms of two surveys cannot be linked even under one key; pass the same
  ``scope`` to link waves of one panel on purpose.
* **Length**: 20 hex digits = 80 bits. For *n* ids the chance of any collision is about
  n²/2⁸¹ (birthday bound): 4·10⁻¹³ at a million respondents. A collision, however unlikely,
  raises :class:`~netlib.data.errors.DataError` instead of merging two people.

Suppression
-----------
:func:`suppress_small` replaces counts below a threshold (default 5, a common rule in
official statistics) by ``"<5"`` in published tables, so that no cell singles out a handful
of people.
"""

from __future__ import annotations

import hashlib
import hmac
import os

import pandas as pd

from netlib.data.errors import DataError

KEY_ENV = "NETLIB_PSEUDONYM_KEY"
MIN_KEY_BYTES = 16
# Public, documented key for data labelled synthetic only (it protects nobody).
SYNTHETIC_KEY = b"netlib-public-key-for-synthetic-data"
PSEUDONYM_HEX = 20
SMALL_CELL = 5
KEY_HINT = (
    f"Set a secret of at least {MIN_KEY_BYTES} bytes that only you hold, e.g. "
    f"`export {KEY_ENV}=\"$(python -c 'import secrets; print(secrets.token_urlsafe(32))')\"` "
    "(keep it with the data: the same key gives the same pseudonyms), or pass key=... . "
    "Without a secret key anyone could hash guessed ids (names, e-mails, R001…) and "
    "re-identify respondents."
)


def resolve_key(key: str | bytes | None = None, *, synthetic: bool = False,
                source: str | None = None) -> bytes:
    """The pseudonymisation key: ``key``, else :data:`SYNTHETIC_KEY` for synthetic data, else
    ``$NETLIB_PSEUDONYM_KEY``; raise :class:`DataError` when none is set or it is too short.

    The key itself never appears in a message.
    """
    if key is None and synthetic:
        return SYNTHETIC_KEY
    origin = "key=" if key is not None else f"${KEY_ENV}"
    if key is None:
        key = os.environ.get(KEY_ENV)
        if key is None or key == "":
            raise DataError(
                "no pseudonymisation key: a survey of real people needs a secret key",
                file=source, expected=f"{KEY_ENV} set, or key=..., of at least "
                f"{MIN_KEY_BYTES} bytes (only data labelled synthetic may go without)",
                hint=KEY_HINT)
    k = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(k) < MIN_KEY_BYTES:
        raise DataError(
            f"pseudonymisation key from {origin} is too short ({len(k)} bytes)",
            file=source, expected=f"at least {MIN_KEY_BYTES} bytes", hint=KEY_HINT)
    return k


def pseudonym(value: str, key: bytes, scope: str = "") -> str:
    """``R-`` + first :data:`PSEUDONYM_HEX` hex digits of HMAC-SHA-256(key, scope ‖ 0x1F ‖ value)."""
    msg = scope.encode("utf-8") + b"\x1f" + value.encode("utf-8")
    return "R-" + hmac.new(key, msg, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]


def pseudonymise(series: pd.Series, key: bytes, scope: str = "") -> pd.Series:
    """Pseudonyms for a column of ids, each distinct id hashed once (missing stays missing).

    Raises :class:`DataError` if two distinct ids get the same pseudonym.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    names = [pseudonym(str(v), key, scope) for v in uniques]
    if len(set(names)) != len(names):
        raise DataError("pseudonym collision: two different ids got the same pseudonym",
                        expected="distinct pseudonyms; use another key or scope")
    mapped = pd.array(names, dtype="string").take(codes, allow_fill=True)
    return pd.Series(mapped, index=series.index, name=series.name, dtype="string")


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
