"""Alter linking: find the contacts who are themselves respondents.

Three keys, in the code book (:mod:`netlib.survey.codebook`):

* ``respondent.link`` + ``alter.link`` — the same variable asked of both (an e-mail address,
  a study id): an alter whose key equals a respondent's key *is* that respondent;
* ``alter.link_names`` + ``alter.name`` — a name → respondent table (columns ``name`` and
  ``respondent_id``) the researcher made from the roster: an alter whose name is in it is
  that respondent.

Keys are compared after trimming, Unicode NFC and case folding (``Anna.Muster@Schule.at`` is
``anna.muster@schule.at``); names also with inner white space collapsed. A key or name that
belongs to two respondents links nobody (it is counted as *ambiguous*). The keys and names are
used here and then dropped: they never reach a returned frame, a message or an output — the
result is only the respondent id of the linked alter (pseudonymised like every id).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from netlib.data.errors import DataError
from netlib.survey.codebook import Codebook
from netlib.survey.rows import read_export


def normalise_key(raw: str) -> str:
    """Trimmed, NFC, case-folded, inner white space collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", raw).strip()).casefold()


@dataclass
class Linker:
    """Maps an alter's link key (or name) to a respondent id; counts what it did."""

    by_key: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)
    counts: Counter = field(default_factory=Counter)

    def add(self, key: str, respondent: str) -> None:
        k = normalise_key(key)
        if not k:
            return
        if k in self.by_key and self.by_key[k] != respondent:
            self.ambiguous.add(k)
        self.by_key[k] = respondent

    def link(self, key: str) -> str:
        """The respondent id for ``key``, or ``""`` (not a respondent, empty or ambiguous)."""
        k = normalise_key(key)
        if not k:
            self.counts["no key"] += 1
            return ""
        if k in self.ambiguous:
            self.counts["ambiguous"] += 1
            return ""
        rid = self.by_key.get(k, "")
        self.counts["linked" if rid else "not a respondent"] += 1
        return rid

    @property
    def active(self) -> bool:
        return bool(self.by_key)

    def summary(self) -> dict[str, int]:
        return {k: int(v) for k, v in sorted(self.counts.items())}


def linker(codebook: Codebook, respondents: list[tuple[str, str]]) -> tuple[Linker, str | None]:
    """A :class:`Linker` from ``(respondent id, link key)`` pairs or the code book's name
    table, and the alter variable to look up (``None``: no linking)."""
    lk = Linker()
    alter_var = codebook.alter.get("link")
    if codebook.alter.get("link_names") is not None:
        path = codebook.path(codebook.alter["link_names"])
        if not path.is_file():
            raise DataError("name → respondent table not found", file=path.name,
                            expected="a CSV with columns name and respondent_id")
        table = read_export(path.name, path.read_bytes(), path)
        if not {"name", "respondent_id"} <= set(table.header):
            raise DataError("name → respondent table needs columns name and respondent_id",
                            file=path.name, expected="columns name, respondent_id")
        for _, row in table.rows:
            lk.add(row["name"], row["respondent_id"].strip())
        return lk, str(codebook.alter.get("name", "name"))
    if alter_var is None or codebook.respondent.get("link") is None:
        return lk, None
    for rid, key in respondents:
        lk.add(key, rid)
    return lk, str(alter_var)
