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
Counts below a threshold (default 5, a common rule in official statistics) are withheld
in published tables, so that no cell singles out a handful of people; published tables go
through :func:`protect` / :func:`publish_counts` (below), which add the complementary
suppression that keeps a withheld count from being worked out from the totals published
next to it (:func:`suppress` gives a display copy).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
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
    # hmac.digest: the one-shot C routine, the same value as hmac.new(...).digest()
    return "R-" + hmac.digest(key, msg, "sha256").hex()[:PSEUDONYM_HEX]


def pseudonyms(values: Iterable[str], key: bytes, scope: str = "") -> list[str]:
    """:func:`pseudonym` of each of ``values``, about three times quicker on many values.

    HMAC (RFC 2104) is H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)) with K the key zero-padded to the
    block (hashed first when longer): the hash states after the two padded keys — and,
    inside, after the scope — are computed once and copied for each value, instead of
    being recomputed by every call. Same values as :func:`pseudonym` (tested against
    :func:`hmac.new`).
    """
    block = hashlib.sha256().block_size
    k = hashlib.sha256(key).digest() if len(key) > block else key
    k = k.ljust(block, b"\0")
    inner = hashlib.sha256(bytes(x ^ 0x36 for x in k))
    inner.update(scope.encode("utf-8") + b"\x1f")
    outer = hashlib.sha256(bytes(x ^ 0x5C for x in k))
    new_inner, new_outer = inner.copy, outer.copy
    out = []
    for value in values:
        i = new_inner()
        i.update(value.encode("utf-8"))
        o = new_outer()
        o.update(i.digest())
        out.append("R-" + o.hexdigest()[:PSEUDONYM_HEX])
    return out


def pseudonymise(series: pd.Series, key: bytes, scope: str = "", *,
                 memo: dict[str, str] | None = None) -> pd.Series:
    """Pseudonyms for a column of ids, each distinct id hashed once (missing stays missing):
    the column is factorised, the distinct ids hashed, the pseudonyms taken back to the rows.

    ``memo``: a dict shared by the calls for one key and scope (e.g. the respondents' ids
    and the two id columns of the ties), so that an id seen in an earlier call is not
    hashed again. Raises :class:`DataError` if two distinct ids get the same pseudonym.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = [str(v) for v in uniques]
    if memo is None:
        names = pseudonyms(texts, key, scope)  # each distinct id once
    else:
        new = [t for t in texts if t not in memo]
        memo.update(zip(new, pseudonyms(new, key, scope), strict=True))
        names = [memo[t] for t in texts]
    if len(set(names)) != len(names):
        raise DataError("pseudonym collision: two different ids got the same pseudonym",
                        expected="distinct pseudonyms; use another key or scope")
    mapped = pd.array(names, dtype="string").take(codes, allow_fill=True)
    return pd.Series(mapped, index=series.index, name=series.name, dtype="string")


# ---------------------------------------------------------------------------------------
# Disclosure control for published count tables: primary + complementary cell suppression
# ---------------------------------------------------------------------------------------
#
# Method (Hundepool, Domingo-Ferrer, Franconi, Giessing, Schulte Nordholt, Spicer & de Wolf,
# *Statistical Disclosure Control*, Wiley 2012, ch. 4 "Magnitude tabular data" and ch. 5
# "Frequency tables", sections on cell suppression and auditing):
#
# * a table is a vector x of cells; everything published about it is a set of linear
#   forms f·x — the cells themselves (unit vectors), the row and column totals, the grand
#   total, the sum of a cell and its mirror in a symmetric table, any class total (a named
#   sum of cells). :func:`published_forms` builds them.
# * primary suppression: every published form whose value is in 1 … threshold−1 is
#   withheld. Zeros stay (an empty cell singles out nobody).
# * complementary suppression, pass 1 (the classical rule): a published total with exactly
#   one withheld member would give that member away (total minus the rest), so a second
#   member is withheld — the smallest non-zero one (the total itself if it has no other
#   non-zero member and is not known from elsewhere); a withheld total whose members are
#   all shown is re-added by withholding its smallest non-zero member. The same rule runs
#   one level up in a hierarchy: over the sub-totals that partition a total (row totals in
#   the grand total). Iterate until stable.
# * pass 2 (audit): a withheld form g is recoverable iff g lies in the row space of the
#   published forms P (then g·x follows from P·x by linear algebra); equivalently g is
#   orthogonal to the null space of P. While some withheld form is recoverable, withhold the
#   smallest non-zero published form whose removal makes it unrecoverable (if no single one
#   does, the first whose removal lowers the rank of P, and audit again). This also covers
#   interactions the pass-1 rule misses (mirror cells and class totals together with row
#   and column totals). The result is safe, not minimal: no optimisation of the information
#   lost (as τ-ARGUS's hypercube or optimal methods do) is attempted.
#
# * laminar systems: when the published sums form a laminar family (any two of their sets
#   of cells are nested or disjoint: cells, node totals inside type totals, rows inside a
#   grand total…), the audit is skipped if, after pass 1, every total's equation over its
#   children (its maximal published sub-sums and the cells outside them) has no withheld
#   member or at least two (pass 1 is re-run with these equations first if needed). Then no
#   withheld item is recoverable: each item lies in at most two such equations (as a child
#   of the smallest sum containing it, and its own), so the items and equations form a
#   forest; setting any withheld item's perturbation to 1 and, in each equation reached,
#   compensating with another withheld member (one exists) propagates without ever
#   returning to an equation, giving a vector in the null space of the published forms
#   that moves that item — so it is not determined. This is the classical argument that
#   the one-dimensional rule suffices for hierarchical tables (Hundepool et al. 2012,
#   §4.4; Cox 1980, "Suppression methodology and statistical disclosure control", JASA 75,
#   377–385). Forms are stored sparse (scipy.sparse), so such systems scale to hundreds of
#   thousands of cells; the general audit (dense SVD) is for the small tables that need it.
#
# What this does not protect: interval (not exact) inference — e.g. that a withheld cell is
# at most the row total — and the attacker's knowledge that counts are integers (no
# protection levels are imposed); linkage with tables outside the declared forms.

SUPPRESSED = "suppressed"
COUNTS_CLASS = "netlib-counts"
COUNTS_NOTE = ("[counts] '{label}' = a count from 1 to {top}, or a count withheld so that "
               "such a count cannot be worked out from the totals shown (complementary "
               "suppression); zeros are shown.")


@dataclass(frozen=True)
class Disclosure:
    """What :func:`protect` decided for one table.

    ``cells``: boolean DataFrame (True = withheld); ``totals``: boolean Series over the
    published totals by name (``"row total: r"``, ``"column total: c"``, ``"grand total"``,
    ``"pair: a ↔ b"``, group names); ``primary``: the cells withheld because they are small
    (the others in ``cells`` are complementary); ``names``/``forms``/``values``: the linear
    forms behind every published item (one row per item; cells first, in row-major order).
    ``sparse_forms`` holds them (scipy sparse, items × cells); ``forms`` is the dense copy.
    ``audited``: whether the linear-algebra audit ran (False: a laminar system that pass 1
    provably protects, see the comment above :data:`SUPPRESSED`).
    """

    cells: pd.DataFrame
    totals: pd.Series
    primary: pd.DataFrame
    names: tuple[str, ...]
    sparse_forms: object  # scipy.sparse.csr_array, items × cells
    values: np.ndarray  # one value per item
    threshold: int
    audited: bool = True

    @property
    def forms(self) -> np.ndarray:
        """The forms as a dense array (items × cells) — for small tables and tests."""
        return self.sparse_forms.toarray()  # type: ignore[attr-defined]

    @property
    def withheld(self) -> object:
        """Boolean numpy array over all items (cells then totals)."""
        return np.concatenate([self.cells.to_numpy().ravel(), self.totals.to_numpy()])

    @property
    def n_suppressed(self) -> int:
        return int(self.cells.to_numpy().sum() + self.totals.to_numpy().sum())


def published_forms(
    table: pd.DataFrame, *, margins: str | None = None, symmetric: bool = False,
    groups: dict[str, list[tuple[object, object]]] | None = None,
) -> tuple[list[str], object]:
    """Names and linear forms (items × cells, a ``scipy.sparse.csr_array``) of what is
    published about ``table``.

    ``margins``: ``None``, ``"total"`` (grand total only), ``"rows"``, ``"columns"`` or
    ``"both"`` (the row and/or column totals, each with the grand total). ``symmetric``:
    for a square table with the same labels on both axes, the pair sums ``x[a,b] + x[b,a]``
    (a ≠ b) are published. ``groups``: named class totals, each a list of (row, column)
    labels summed.
    """
    from scipy import sparse

    R, C = table.shape
    rows, cols = list(table.index), list(table.columns)
    cell = {(r, c): i * C + j for i, r in enumerate(rows) for j, c in enumerate(cols)}
    names = [f"cell: {r} × {c}" for r in rows for c in cols]
    members: list[np.ndarray] = []  # the cells of each extra item
    if margins not in (None, "total", "rows", "columns", "both"):
        raise ValueError(f"margins must be None, 'total', 'rows', 'columns' or 'both'; "
                         f"got {margins!r}")
    if margins in ("rows", "both"):
        for i, r in enumerate(rows):
            names.append(f"row total: {r}")
            members.append(np.arange(i * C, (i + 1) * C))
    if margins in ("columns", "both"):
        for j, c in enumerate(cols):
            names.append(f"column total: {c}")
            members.append(np.arange(j, R * C, C))
    if margins is not None:
        names.append("grand total")
        members.append(np.arange(R * C))
    if symmetric:
        if rows != cols:
            raise ValueError("symmetric=True needs the same labels on rows and columns")
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                names.append(f"pair: {a} ↔ {b}")
                members.append(np.array([cell[a, b], cell[b, a]]))
    for name, cells_of in (groups or {}).items():
        names.append(str(name))
        members.append(np.unique(np.array([cell[tuple(rc)] for rc in cells_of],
                                          dtype=np.int64)))
    n = R * C
    lengths = np.array([1] * n + [len(m) for m in members], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    indices = np.concatenate([np.arange(n), *members]) if members else np.arange(n)
    F = sparse.csr_array((np.ones(len(indices)), indices.astype(np.int64), indptr),
                         shape=(len(names), n))
    return names, F


def recoverable(forms: object, published: object, targets: object | None = None,
                tol: float = 1e-8) -> object:
    """Which items can be computed exactly from the published ones.

    Item *g* is recoverable iff its form lies in the row space of the published forms, i.e.
    is orthogonal to their null space. ``published``/``targets`` are boolean masks over the
    rows of ``forms``; returns a boolean array over all items (False where not a target).
    """
    from scipy.linalg import null_space

    F = forms.toarray() if hasattr(forms, "toarray") else np.asarray(forms, dtype=float)
    pub = np.asarray(published, dtype=bool)
    tgt = ~pub if targets is None else np.asarray(targets, dtype=bool)
    P = F[pub]
    N = null_space(P) if P.size else np.eye(F.shape[1])
    out = np.zeros(len(F), dtype=bool)
    if N.size == 0:  # everything is determined
        out[tgt] = True
        return out
    proj = np.abs(F[tgt] @ N).max(axis=1)
    out[np.flatnonzero(tgt)] = proj < tol * np.maximum(1.0, np.abs(F[tgt]).sum(axis=1))
    return out


def _known_mask(names: list[str], known: object) -> object:
    if isinstance(known, str):
        known = (known,)
    known = tuple(known or ())
    kinds = {"rows": "row total: ", "columns": "column total: ", "total": "grand total"}
    exact = set(known)
    prefixes = tuple(kinds[k] for k in known if k in kinds)
    return np.array([n in exact or (bool(prefixes) and n.startswith(prefixes))
                     for n in names], dtype=bool)


def protect(
    table: pd.DataFrame, threshold: int = SMALL_CELL, *, margins: str | None = None,
    symmetric: bool = False, groups: dict[str, list[tuple[object, object]]] | None = None,
    known: object = (),
) -> Disclosure:
    """Primary and complementary suppression of a count table (method: see the comment
    above this section; Hundepool et al. 2012, ch. 4).

    ``margins``, ``symmetric``, ``groups`` declare what is published besides the cells (see
    :func:`published_forms`); ``known`` names totals that are public anyway (e.g.
    ``"total"`` when the caption gives the number of respondents, ``"columns"`` for all
    column totals): they are never withheld, and the cells are protected against them.
    Cells may be fractional (weighted counts): 0 < value < threshold is small.
    """
    values_cells = table.to_numpy(dtype=float)
    names, F = published_forms(table, margins=margins, symmetric=symmetric, groups=groups)
    sparse_forms = F
    x = values_cells.ravel()
    v = F @ x
    n_cells = x.size
    fixed = _known_mask(names, known)
    eps = 1e-9
    primary = (v > eps) & (v < threshold - eps) & ~fixed
    withheld = primary.copy()
    is_cell = np.arange(len(names)) < n_cells
    F.sort_indices()
    tot = np.flatnonzero(~is_cell)

    def members(t: int) -> np.ndarray:
        return F.indices[F.indptr[t]:F.indptr[t + 1]]

    def first(cands: np.ndarray) -> int:
        # smallest non-zero first; cells before totals at equal value; zeros last
        return int(cands[np.lexsort((cands, v[cands], ~is_cell[cands], v[cands] <= eps))[0]])

    def order(cands: object) -> list[int]:
        return sorted(cands, key=lambda k: (v[k] <= eps, not is_cell[k], v[k], k))

    # pass 1: the classical rule for every total (one withheld member -> withhold another),
    # over its cells and, in a hierarchy, over the sub-totals that partition it (the row
    # totals of a grand total; the node totals of a type total)
    rules = [(int(t), members(t)) for t in tot]
    S = (F[tot] != 0).astype(np.int64)  # supports of the totals, sparse
    size = np.asarray(S.sum(axis=1)).ravel()
    overlap = (S @ S.T).toarray() if len(tot) else np.zeros((0, 0), dtype=np.int64)
    inside = overlap == size[:, None]  # inside[s, t]: s ⊆ t
    equal = inside & inside.T
    if len(tot) > 1:
        for j, t in enumerate(tot):
            subs = [i for i in np.flatnonzero(inside[:, j]) if i != j and not equal[i, j]]
            top = [i for i in subs if not any(k != i and inside[i, k] and not equal[i, k]
                                              for k in subs)]
            if top and np.allclose(np.asarray(F[tot[top]].sum(axis=0)).ravel(),
                                   F[[t]].toarray().ravel()):
                rules.append((int(t), tot[top]))
    laminar = bool(((overlap == 0) | inside | inside.T).all())
    children = _laminar_children(F, tot, size, inside, equal) if laminar else []

    def apply(rule_list: list[tuple[int, np.ndarray]], with_self: bool = False) -> bool:
        """One sweep of the rule; ``with_self``: the total is one of the equation's
        members (children equations). Returns whether anything was withheld."""
        changed = False
        for t, m in rule_list:
            wm = withheld[m]
            n_hidden = int(wm.sum())
            if not ((not withheld[t] and n_hidden == 1) or (withheld[t] and n_hidden == 0)):
                continue
            shown = m[~wm & ~fixed[m]]
            nonzero = shown[v[shown] > eps]
            if len(nonzero):
                pick = first(nonzero)
            elif not withheld[t] and not fixed[t]:
                pick = int(t)
            elif len(shown):
                pick = first(shown)
            else:
                continue  # left to the audit below
            withheld[pick] = True
            changed = True
        return changed

    while apply(rules):
        pass
    # laminar systems: the children equations with 0 or >= 2 withheld members prove that
    # nothing is recoverable (comment above SUPPRESSED); enforce them, then check
    audited = True
    if laminar:
        while apply(children) | apply(rules):
            pass
        audited = not all(int(withheld[m].sum()) + bool(withheld[t]) != 1
                          for t, m in children)

    # pass 2: audit by linear algebra; fix what is still recoverable
    if audited:
        F = F.toarray()
    while audited:
        rec = recoverable(F, ~withheld, withheld)
        if not rec.any():
            break
        g = int(np.flatnonzero(rec)[0])
        S = F != 0
        touching = S[g] | S[(S @ S[g]) & ~withheld & ~is_cell].any(axis=0)
        near = {int(k) for k in np.flatnonzero((S @ touching) & ~withheld & ~fixed)}
        rest = [k for k in range(len(names)) if not withheld[k] and not fixed[k]
                and k not in near]
        candidates = order(near) + order(rest)
        only_g = np.eye(len(names), dtype=bool)[g]
        for k in candidates:
            trial = withheld.copy()
            trial[k] = True
            if not recoverable(F, ~trial, only_g)[g]:
                withheld[k] = True
                break
        else:
            # no single cell will do: withhold the first candidate that removes information
            # (lowers the rank of the published equations) and audit again
            rank = np.linalg.matrix_rank(F[~withheld])
            for k in candidates:
                trial = withheld.copy()
                trial[k] = True
                if np.linalg.matrix_rank(F[~trial]) < rank:
                    withheld[k] = True
                    break
            else:  # every single item is redundant: withhold the first, audit again
                if not candidates:
                    raise ValueError(f"cannot protect {names[g]!r}: it follows from the "
                                     "totals declared known")
                withheld[candidates[0]] = True

    cells = pd.DataFrame(withheld[:n_cells].reshape(table.shape), index=table.index,
                         columns=table.columns)
    prim = pd.DataFrame(primary[:n_cells].reshape(table.shape), index=table.index,
                        columns=table.columns)
    totals = pd.Series(withheld[n_cells:], index=pd.Index(names[n_cells:], dtype=object),
                       dtype=bool)
    return Disclosure(cells=cells, totals=totals, primary=prim, names=tuple(names),
                      sparse_forms=sparse_forms, values=v, threshold=threshold,
                      audited=audited)


def _laminar_children(F: object, tot: np.ndarray, size: np.ndarray, inside: np.ndarray,
                      equal: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """For a laminar family of totals: each total and its children — the totals just below
    it and the cells whose smallest enclosing total it is (a total's equation
    ``total = sum of children``). Of two totals with the same cells, the later is the child
    of the earlier."""
    T = len(tot)
    order_key = np.lexsort((-np.arange(T), size))  # ascending size, later index first
    rank = np.empty(T, dtype=np.int64)
    rank[order_key] = np.arange(T)
    below = inside & (rank[:, None] < rank[None, :])  # below[a, b]: a strictly under b
    parent = np.full(T, -1)
    for a in range(T):
        above = np.flatnonzero(below[a])
        if len(above):
            parent[a] = above[np.argmin(rank[above])]
    # each cell's smallest enclosing total
    n_cells = F.shape[1]
    cell_parent = np.full(n_cells, -1)
    cell_rank = np.full(n_cells, T)
    for a in range(T):
        m = F.indices[F.indptr[tot[a]]:F.indptr[tot[a] + 1]]
        closer = rank[a] < cell_rank[m]
        cell_parent[m[closer]] = a
        cell_rank[m[closer]] = rank[a]
    out = []
    for a in range(T):
        kids = np.concatenate([tot[parent == a], np.flatnonzero(cell_parent == a)])
        out.append((int(tot[a]), np.sort(kids).astype(np.int64)))
    return out


def disclosure_mask(table: pd.DataFrame, threshold: int = SMALL_CELL, **kwargs: object
                    ) -> pd.DataFrame:
    """Boolean mask of the cells of ``table`` to withhold (:func:`protect`'s ``cells``)."""
    return protect(table, threshold, **kwargs).cells  # type: ignore[arg-type]


def _fmt(value: object, decimals: int) -> object:
    if isinstance(value, int | float | np.integer | np.floating) and not pd.isna(value):
        return int(round(float(value))) if decimals == 0 else round(float(value), decimals)
    return value


def suppress(table: pd.DataFrame, mask: pd.DataFrame | None = None,
             threshold: int = SMALL_CELL, *, decimals: int = 0, label: str = SUPPRESSED,
             **kwargs: object) -> pd.DataFrame:
    """Display copy of ``table``: withheld cells (``mask``, or :func:`disclosure_mask` with
    ``kwargs``) replaced by ``label``, the others rounded to ``decimals``."""
    if mask is None:
        mask = disclosure_mask(table, threshold, **kwargs)
    out = table.astype(object).copy()
    for col in table.columns:
        out[col] = [label if m else _fmt(val, decimals)
                    for val, m in zip(table[col], mask[col], strict=True)]
    return out


class CountTable:
    """A published count table: the suppressed display frame, marked for the disclosure
    scanner (``tests/test_disclosure.py``).

    HTML: ``<table class="dataframe netlib-counts" data-netlib-counts="[positions]">`` —
    the positions of the count columns among the data columns; text: the frame followed by
    :data:`COUNTS_NOTE`.
    """

    def __init__(self, frame: pd.DataFrame, counts: list[object], disclosure: Disclosure | None,
                 threshold: int, caption: str | None = None, note: str | None = None) -> None:
        self.frame = frame
        self.counts = counts
        self.disclosure = disclosure
        self.threshold = threshold
        self.caption = caption
        self._note = note

    @property
    def note(self) -> str:
        """The footnote: :data:`COUNTS_NOTE`, or the one given (tables of statistics
        computed from counts, e.g. means over few ties, with ``counts=[]``)."""
        return self._note or COUNTS_NOTE.format(label=SUPPRESSED, top=self.threshold - 1)

    def _repr_html_(self) -> str:
        import html
        import json

        positions = [list(self.frame.columns).index(c) for c in self.counts]
        body = self.frame.to_html(classes=[COUNTS_CLASS], na_rep="")
        attrs = (f' data-netlib-counts="{json.dumps(positions)}"'
                 f' data-netlib-threshold="{self.threshold}"')
        body = body.replace("<table ", "<table" + attrs + " ", 1)
        cap = f"<p><b>{html.escape(self.caption)}</b></p>" if self.caption else ""
        return f'{cap}{body}<p class="{COUNTS_CLASS}-note"><small>{html.escape(self.note)}</small></p>'

    def __repr__(self) -> str:
        head = f"{self.caption}\n" if self.caption else ""
        return f"{head}{self.frame.to_string()}\n{self.note}"


def publish_counts(
    table: pd.DataFrame, counts: list[object] | None = None, threshold: int = SMALL_CELL, *,
    derived: dict[object, object] | None = None, disclosure: Disclosure | None = None,
    mask: pd.DataFrame | None = None, show_totals: bool = False, decimals: int = 0, caption: str | None = None,
    **kwargs: object,
) -> CountTable:
    """The one way to publish a count table: suppressed, marked, with its note.

    ``counts``: the count columns (default: every numeric column); the others are shown as
    they are, except the ``derived`` ones — ``{column: count column or list of them}`` —
    which are withheld in every row where one of their count columns is (a share of a known
    total, an index computed from the count, … would reveal it). ``disclosure``: a decision
    made elsewhere (e.g. jointly with a companion table); otherwise :func:`protect` runs on
    the count columns with ``kwargs`` (``margins``, ``symmetric``, ``groups``, ``known``).
    ``mask``: instead, a ready boolean mask over the count columns (e.g. taken from the
    totals of a companion table's decision).
    ``show_totals`` appends the declared row/column totals (withheld ones marked).
    """
    counts = list(table.select_dtypes("number").columns) if counts is None else list(counts)
    sub = table[counts].astype(float)
    d = disclosure
    if d is None and mask is None and len(sub):
        d = protect(sub, threshold, **kwargs)  # type: ignore[arg-type]
    if mask is None:
        mask = d.cells if d is not None else pd.DataFrame(False, index=sub.index,
                                                           columns=sub.columns)
    shown = suppress(sub, mask, threshold, decimals=decimals)
    out = table.astype(object).copy()
    for c in counts:
        out[c] = shown[c]
    for col, src in (derived or {}).items():
        src_cols = [src] if not isinstance(src, list | tuple) else list(src)
        hide = mask[src_cols].any(axis=1)
        out[col] = [SUPPRESSED if h else val for val, h in zip(out[col], hide, strict=True)]
    if show_totals and d is not None:
        out = _with_totals(out, sub, d, counts, decimals)
    return CountTable(out, counts, d, threshold, caption)


def _with_totals(out: pd.DataFrame, sub: pd.DataFrame, d: Disclosure, counts: list[object],
                 decimals: int) -> pd.DataFrame:
    totals = d.totals
    out = out.copy()
    if any(str(n).startswith("row total: ") for n in totals.index):
        out["total"] = [SUPPRESSED if totals.get(f"row total: {r}", False)
                        else _fmt(sub.loc[r].sum(), decimals) for r in sub.index]
    if any(str(n).startswith("column total: ") for n in totals.index) or (
            "grand total" in totals.index):
        row: dict[object, object] = dict.fromkeys(out.columns, "")
        for c in counts:
            key = f"column total: {c}"
            if key in totals.index:
                row[c] = SUPPRESSED if totals[key] else _fmt(sub[c].sum(), decimals)
        if "total" in out.columns or "column total: " not in " ".join(map(str, totals.index)):
            row["total"] = (SUPPRESSED if totals.get("grand total", False)
                            else _fmt(sub.to_numpy().sum(), decimals))
        out.loc["total"] = pd.Series(row)
    return out


def count_meta(fields: list[str], suppressed: int, threshold: int = SMALL_CELL) -> dict:
    """``meta`` for a plotly trace that carries counts (what the disclosure scanner reads):
    ``fields`` are the trace's count arrays (``"z"``, ``"x"``, ``"y"``), already suppressed
    (withheld values None, hover text saying so)."""
    return {"netlib": "counts", "count_fields": list(fields), "suppressed": int(suppressed),
            "threshold": int(threshold)}
