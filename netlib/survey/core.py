"""From survey tables to a validated, pseudonymised :class:`Survey` — shared by every reader.

Every way in (a survey folder or workbook, a Network Canvas export, a wide export, egor's
files) first produces the *survey tables* of :mod:`netlib.survey.contract` as CSV text
(:class:`SurveyTable`), each record remembering the file and line it came from in the
original export. :func:`build_survey` then validates them against the profile's schemas,
applies the checks between tables, pseudonymises every identifier and adds derived columns.

Row-level problems are *rejected rows* (or raise with ``strict=True``), reported with the
file and line **of the original export**: unknown category, missing value, too many
institutions, duplicate respondent, tie from or to an unknown respondent, self-tie, duplicate
tie (the same pair *and* relation), one contact described differently in two rows, alter tie
to a contact the respondent did not name. For each table, rows in = kept + rejected.
"""

from __future__ import annotations

import functools
import gc
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from netlib.data.errors import DataError
from netlib.data.int_keys import stable_argsort
from netlib.data.validate import (
    REJECTED_COLUMNS,
    Table,
    Validated,
    read_table,
    splits,
    validate_table,
)
from netlib.privacy import pseudonymise, pseudonyms
from netlib.survey.contract import alter_ties_schema, respondents_schema, ties_schema
from netlib.survey.profile import IMST_PROFILE, SurveyProfile

ID_COLUMNS = ("respondent_id", "alter_id", "alter_key", "alter_a", "alter_b")
PAIR_COLUMNS = ("respondent_id,alter_id", "respondent_id,alter_key", "alter_a,alter_b")
TABLES = ("respondents", "ties", "alter_ties")


@dataclass
class SurveyTable:
    """One survey table as CSV text, named ``name`` in messages.

    ``origins[i]`` is the ``(file, line)`` in the original export of the *i*-th record, when
    the text was converted from another layout (then every record is on one line of
    ``text``, after a one-line header); ``None`` when ``text`` is the file itself.
    ``raw``: the bytes of ``text`` (the file's, without a byte-order mark), when read from
    a file — the reader then need not encode the text again; ``text`` is None when the
    file (a large one) was not decoded: ``decoded()`` decodes it when a reader needs the
    text, and says what is wrong with bytes that are not UTF-8.
    """

    name: str
    text: str | None
    origins: list[tuple[str, int]] | None = None
    raw: bytes | None = field(default=None, repr=False)
    decoded: Callable[[], str] | None = field(default=None, repr=False, compare=False)

    def where(self, line: int | None) -> tuple[str, int | None]:
        """The original file and line of the record on ``line`` of :attr:`text`."""
        if self.origins is None or line is None or not 2 <= line < len(self.origins) + 2:
            return self.name, line
        return self.origins[line - 2]


@dataclass
class Survey:
    """A validated survey: kept rows, rejected rows, and where it came from.

    ``ties`` has one row per named contact and relation; ``alter_ties`` (possibly empty)
    the ties among a respondent's contacts; :attr:`alters` one row per contact.
    """

    respondents: pd.DataFrame
    ties: pd.DataFrame
    rejected: pd.DataFrame
    source: str
    synthetic: bool
    label: str = ""
    rows_in: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # table -> name used in messages
    alter_ties: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["respondent_id", "alter_a", "alter_b", "relation", "weight"]))
    profile: SurveyProfile = IMST_PROFILE
    importer: str = "survey folder"
    linking: dict[str, int] = field(default_factory=dict)  # how alters were linked

    def summary(self) -> pd.Series:
        """Rows in, kept and rejected per table (the invariant in = kept + rejected)."""
        out = {}
        for name in TABLES:
            if name not in self.rows_in:
                continue
            kept = getattr(self, name)
            n_rej = int((self.rejected["table"] == name).sum())
            out[f"{name}: rows in"] = self.rows_in[name]
            out[f"{name}: kept"] = len(kept)
            out[f"{name}: rejected"] = n_rej
        return pd.Series(out)

    @property
    def alters(self) -> pd.DataFrame:
        """One row per contact of each respondent: the rows of ``ties`` with one
        ``alter_key`` merged (``relations`` ';'-joined, the highest ``frequency_score``);
        a row without a key is a contact of its own."""
        t = self.ties
        keyed = t["alter_key"].notna()
        first = t[keyed].drop_duplicates(["respondent_id", "alter_key"]).copy()
        g = t[keyed].groupby(["respondent_id", "alter_key"], sort=False)
        rel = g["content"].agg(lambda s: ";".join(sorted(set(s)))).rename("relations")
        first = first.merge(rel.reset_index(), on=["respondent_id", "alter_key"], how="left")
        if t["frequency_score"].notna().any():
            best = g["frequency_score"].max().rename("frequency_score").reset_index()
            first = first.drop(columns="frequency_score").merge(
                best, on=["respondent_id", "alter_key"], how="left")
        single = t[~keyed].copy()
        single["relations"] = single["content"]
        out = pd.concat([first, single], ignore_index=True)
        out["n_relations"] = out["relations"].str.count(";") + 1
        return out.drop(columns=["content"]).reset_index(drop=True)


def _reject(rows: list[dict[str, object]], fname: str, line: int, column: str, value: object,
            reason: str, strict: bool, expected: str) -> None:
    if strict:
        raise DataError(reason, file=fname, line=line, column=column, value=value,
                        expected=expected)
    rows.append({"file": fname, "line": line, "column": column, "value": value,
                 "reason": f"{column}: {reason}"})


def one_line_table(fname: str, text: str | None, raw: bytes | None = None,
                   threads: int | None = None,
                   decoded: Callable[[], str] | None = None) -> Table:
    """The table of ``text`` (:func:`netlib.data.validate.read_table`), refusing a record that
    runs over several lines: no cell of the survey contract holds a line break, so it is an
    unbalanced double quote — and the lines it swallowed (other people's ids) must not be
    shown as one cell's value. (A text read by the fast path has no quotes: nothing to do.)"""
    table = read_table(fname, text, raw, threads, decoded)
    if not table.fast:
        rows = [i for j in range(len(table.header)) for i, f in enumerate(table.cells[j])
                if "\n" in f or "\r" in f]
        if rows:
            raise DataError(
                "a quoted cell runs over several lines (an unbalanced double quote?)",
                file=fname, line=int(table.lines[min(rows)]),
                expected="one line per record; the cell is not shown, since the lines it "
                "swallowed may hold identifiers")
    return table


def _column_set(table: Table, col: str) -> set[str]:
    """Every non-empty value of ``col`` in the table, valid or not (stripped)."""
    if col not in table.header:
        return set()
    j = table.header.index(col)
    distinct = table.coded[j][1] if table.coded else pd.unique(table.cells[j])
    return {str(x).strip() for x in distinct} - {""}


def _rejections(rows: list[tuple[int, str, object, str, str]], fname: str, strict: bool
                ) -> list[dict[str, object]]:
    """Rejected rows ``(line, column, value, why, expected)`` as rejected-row records, in file
    order; in strict mode the first one raises instead."""
    rows.sort(key=lambda r: r[0])
    if strict and rows:
        line, column, value, why, expected = rows[0]
        raise DataError(why, file=fname, line=line, column=column, value=value,
                        expected=expected)
    return [{"file": fname, "line": line, "column": column, "value": value,
             "reason": f"{column}: {why}"} for line, column, value, why, _ in rows]


def _check_respondents(v: Validated, fname: str, profile: SurveyProfile,
                       strict: bool) -> tuple[pd.DataFrame, list]:
    df = v.data.copy()
    df["line"] = v.lines
    extra: list[dict[str, object]] = []
    # institutions per row, counted once per distinct list (-1: missing)
    codes, uniques = _coded(v, "institutions")
    per = np.array([u.count(";") + 1 for u in uniques], dtype=np.int64)
    n_inst = _lookup(per, codes)
    limit = profile.max_institutions
    too_many = (n_inst > limit) if limit is not None else np.zeros(len(df), dtype=bool)
    for _, r in df[too_many].iterrows():
        _reject(extra, fname, int(r["line"]), "institutions", r["institutions"],
                f"more than {limit} institutions", strict, f"1 to {limit} institution types")
    if too_many.any():
        df, n_inst = df[~too_many].copy(), n_inst[~too_many]
    df["n_institutions"] = pd.arrays.IntegerArray(np.maximum(n_inst, 0), n_inst < 0)
    return df, extra


def _first_line(df: pd.DataFrame, cols: list[str], mask: pd.Series) -> pd.Series:
    """For rows in ``mask``: the line of the first row with the same values of ``cols``."""
    sub = df.loc[mask, [*cols, "line"]]
    return sub.groupby(cols, sort=False, dropna=False)["line"].transform("first")


def _objects(values: pd.Series) -> np.ndarray:
    """The column as an object array (missing: None): pandas hashes these directly, much
    faster than through the string extension type."""
    return values.to_numpy(dtype=object, na_value=None)


def _permutation(keys: list[np.ndarray]) -> np.ndarray:
    """The stable order of rows by ``keys`` (sorted codes, first key first; -1 = missing,
    placed last): one stable sort of the keys combined in mixed radix when they fit in 63
    bits (the order of the tuples), else a lexsort."""
    ranks = [np.where(k < 0, k.max(initial=0) + 1, k) if k.min(initial=0) < 0 else k
             for k in keys]
    radices = [int(r.max(initial=0)) + 1 for r in ranks]
    if math.prod(radices) >= 1 << 62:
        return np.lexsort(ranks[::-1])
    combined = np.zeros(len(ranks[0]) if ranks else 0, dtype=np.int64)
    for r, radix in zip(ranks, radices, strict=True):  # in place: no temporaries
        combined *= radix
        combined += r
    return stable_argsort(combined)


# A column as integer codes and its distinct values: ``values[codes[i]]`` is row i's value,
# code -1 a missing one; equal values have equal codes (see ``Validated.codes``).
Coded = tuple[np.ndarray, np.ndarray]


def _coded(v: Validated, col: str, rows: np.ndarray | None = None) -> Coded:
    """Column ``col`` of ``v`` as :data:`Coded` (from validation; factorised otherwise),
    restricted to positions ``rows`` when given."""
    if v.codes is not None and col in v.codes:
        codes, uniques = v.codes[col]
    else:
        codes, uniques = pd.factorize(_objects(v.data[col]), use_na_sentinel=True)
        codes = codes.astype(np.int64)
    return (codes if rows is None else codes[rows]), np.asarray(uniques, dtype=object)


def _lookup(table: np.ndarray, codes: np.ndarray, missing: int = -1) -> np.ndarray:
    """``table[codes]``, and ``missing`` where the code is -1 (no value): one gather from
    the table with ``missing`` appended (code -1 takes the last entry)."""
    return np.append(np.asarray(table, dtype=np.int64), np.int64(missing))[codes]


# from this many rows on, :func:`_gathered` takes the columns in two threads
GATHER_THREADS_ROWS = 200_000


def _gathered(arrays: list[np.ndarray], order: np.ndarray) -> dict[int, np.ndarray]:
    """``a[order]`` of each of ``arrays`` (numeric), keyed by ``id(a)`` (an array given
    twice is taken once); in two threads for long arrays (numpy releases the GIL while it
    gathers numbers)."""
    distinct = list({id(a): a for a in arrays}.values())
    if len(order) < GATHER_THREADS_ROWS or len(distinct) < 2:
        return {id(a): a[order] for a in distinct}
    with ThreadPoolExecutor(max_workers=2) as pool:
        taken = list(pool.map(lambda a: a[order], distinct))
    return {id(a): t for a, t in zip(distinct, taken, strict=True)}


def _names_at(names: np.ndarray, at: np.ndarray) -> np.ndarray:
    """``names[at]`` as an object array, None where ``at`` is -1 (as :func:`_lookup`: one
    gather from the names with None appended)."""
    return np.append(np.asarray(names, dtype=object), None)[at]


def _filled(a: Coded, b: Coded) -> Coded:
    """:data:`Coded` of ``a.fillna(b)``: the two columns' values in one vocabulary."""
    (ac, au), (bc, bu) = a, b
    if not len(au):  # a has no value (an absent column): b, whose values are distinct
        return bc, np.asarray(bu, dtype=object)
    fc, fu = pd.factorize(np.concatenate([au, bu]).astype(object), use_na_sentinel=True)
    out = np.where(ac >= 0, _lookup(fc, ac), _lookup(fc, np.where(bc >= 0, bc + len(au), -1)))
    return out, np.asarray(fu, dtype=object)


def _ranked(c: Coded) -> np.ndarray:
    """Codes in the order of the sorted values (missing: -1), for :func:`_permutation`."""
    codes, uniques = c
    rank = np.empty(len(uniques), dtype=np.int64)
    # as fixed-width unicode: the same order as comparing the str objects, much quicker
    rank[np.argsort(np.asarray(uniques, dtype=str), kind="stable")] = np.arange(len(uniques))
    return _lookup(rank, codes)


def _series(c: Coded, index: pd.Index, name: str, dtype: str) -> pd.Series:
    """The column of :data:`Coded` ``c`` as a Series of ``dtype`` (one conversion per
    distinct value)."""
    codes, uniques = c
    # the array has the dtype already: a Series of it is not given the dtype again (which
    # would check every value)
    return pd.Series(pd.array(list(uniques), dtype=dtype).take(codes, allow_fill=True),
                     index=index, name=name, copy=False)


def _texts(v: Validated, col: str) -> Callable[[np.ndarray], np.ndarray]:
    """The values of column ``col`` of ``v`` at given positions (missing: None), from its
    codes — for the few rows a message or a rejected row shows."""
    codes, uniques = v.codes[col]
    table = np.append(np.asarray(uniques, dtype=object), None)  # code -1 → None

    def at(sel: np.ndarray) -> np.ndarray:
        return table[codes[sel]]

    return at


def _check_ties(v: Validated, fname: str, respondents: pd.DataFrame, rejected_resp: set,
                profile: SurveyProfile, strict: bool, found: dict | None = None
                ) -> tuple[np.ndarray, list]:
    """Checks between ties and respondents, as array operations over the whole table
    (integer codes: one hash lookup per distinct value, no Python loop over rows); ``v``
    may hold codes only (validated with ``frame=False``). Returns which rows are kept (a
    mask over ``v``'s rows) and the rejected ones.

    In order (a row gets the first reason that applies): tie from an unknown (or rejected)
    respondent; tie to one; self-tie; duplicate tie — the same respondent, contact and
    relation (contact = ``alter_key``, else ``alter_id``), or, for a contact with neither, a
    row identical to an earlier one; a contact described differently (region or
    institution) from its first row. In strict mode the first problem in file order raises.
    ``found``: a dict given to receive the lookups made on the way (the respondents' ids
    as an index, each distinct ``respondent_id`` and ``alter_id``'s position in it, and
    the contact keys as codes) so that the caller need not repeat them.
    """
    if v.codes is None:  # a frame validated elsewhere: its columns as codes
        v = replace(v, codes={c: _coded(v, c) for c in v.data.columns})
    n = len(v.lines)
    line = np.asarray(v.lines, dtype=np.int64)
    rows: list[tuple[int, str, object, str, str]] = []  # line, column, value, why, expected
    alive = np.ones(n, dtype=bool)

    def drop(mask: np.ndarray, column: str, values: Callable[[np.ndarray], np.ndarray],
             why: object, expected: str) -> None:
        """Reject the rows of ``mask`` still alive; ``values`` and ``why`` functions of the
        selected positions (one value, one reason per row), or ``why`` a string."""
        nonlocal alive
        sel = np.flatnonzero(mask & alive)
        if not len(sel):
            return
        whys = why(sel) if callable(why) else [why] * len(sel)
        for ln, value, w in zip(line[sel], values(sel), whys, strict=True):
            rows.append((int(ln), column, value, w, expected))
        alive = alive & ~(mask & alive)

    def first_lines(codes: np.ndarray, sel: np.ndarray) -> np.ndarray:
        """For each position of ``sel`` (file order): the line of the first position of
        ``sel`` with the same code."""
        u, inv = np.unique(codes, return_inverse=True)
        first = np.full(len(u), -1, dtype=np.int64)
        first[inv[::-1]] = np.arange(len(sel))[::-1]
        return line[sel[first[inv]]]

    resp_ids = (found["respondents"] if found and "respondents" in found else
                pd.Index(respondents["respondent_id"].astype(object)))
    rejected = pd.Index(sorted(rejected_resp), dtype=object)
    ego, alter = _texts(v, "respondent_id"), _texts(v, "alter_id")
    ego_cd, alter_cd = _coded(v, "respondent_id"), _coded(v, "alter_id")
    # each distinct id looked up once among the respondents
    ego_at, alter_at = resp_ids.get_indexer(ego_cd[1]), resp_ids.get_indexer(alter_cd[1])
    ego_c = _lookup(ego_at, ego_cd[0])
    has_alter = alter_cd[0] >= 0
    alter_c = np.where(has_alter, _lookup(alter_at, alter_cd[0]),
                       -2)
    drop(ego_c < 0, "respondent_id", ego,
         lambda sel: np.where(rejected.get_indexer(ego(sel)) >= 0,
                              "tie from a respondent whose row was rejected",
                              "tie from an unknown respondent"),
         "a respondent_id of respondents.csv")
    drop(has_alter & (alter_c == -1), "alter_id", alter,
         lambda sel: np.where(rejected.get_indexer(alter(sel)) >= 0,
                              "tie to a respondent whose row was rejected",
                              "tie to an unknown respondent"),
         "empty, or a respondent_id of respondents.csv")
    drop(has_alter & (alter_c == ego_c), "alter_id", alter, "self-tie",
         "a contact other than the respondent")

    key_cd = _filled(_coded(v, "alter_key"), alter_cd)
    key_table = np.append(key_cd[1], None)

    def key(sel: np.ndarray) -> np.ndarray:
        return key_table[key_cd[0][sel]]

    ego_codes = ego_cd[0]
    content_c = _coded(v, "content")[0]
    has_key = _coded(v, "alter_key")[0] >= 0
    key_c = key_cd[0]

    def combined(*parts: np.ndarray) -> np.ndarray:
        """One integer code per row for a tuple of codes (-1: missing): mixed-radix, and
        re-coded (factorised) only when the next radix would overflow 64 bits."""
        out = parts[0] + 1
        top = int(out.max(initial=0)) + 1  # out < top
        for p in parts[1:]:
            radix = int(p.max(initial=0)) + 2
            if top * radix >= 1 << 62:
                out = pd.factorize(out)[0].astype(np.int64)
                top = int(out.max(initial=0)) + 1
            out = out * np.int64(radix) + (p + 1)
            top *= radix
        return out

    for mask, col_b, column, expected in (
            (~has_key & has_alter, "alter_id", "respondent_id,alter_id",
             "one row per pair of respondents and relation"),
            (has_key, "alter_key", "respondent_id,alter_key",
             "one row per contact and relation")):
        m = mask & alive
        if not m.any():
            continue
        codes = combined(ego_codes, key_c, content_c)
        sel = np.flatnonzero(m)
        dup_local = pd.Series(codes[sel]).duplicated(keep="first").to_numpy()
        if dup_local.any():
            dup = np.zeros(n, dtype=bool)
            dup[sel[dup_local]] = True
            firsts = first_lines(codes[sel], sel)
            lookup = dict(zip(sel[dup_local], firsts[dup_local], strict=True))
            other = _texts(v, col_b)
            drop(dup, column,
                 lambda s, b=other: np.array([f"{e},{x}" for e, x in zip(ego(s), b(s),
                                                                         strict=True)],
                                             dtype=object),
                 lambda s, lk=lookup: [f"duplicate tie (first on line {lk[i]})" for i in s],
                 expected)
    m = (key_c < 0) & alive
    if m.any():
        # identical rows: one code per row from the codes of every column
        sel = np.flatnonzero(m)
        group = combined(*[_coded(v, c, sel)[0] for c in v.codes])
        dup_local = pd.Series(group).duplicated(keep="first").to_numpy()
        if dup_local.any():
            firsts = first_lines(group, sel)
            dup = np.zeros(n, dtype=bool)
            dup[sel[dup_local]] = True
            lookup = dict(zip(sel[dup_local], firsts[dup_local], strict=True))
            drop(dup, "respondent_id", ego,
                 lambda s, lk=lookup: [f"duplicate tie (same row as line {lk[i]})"
                                       for i in s], "distinct rows")
    # one contact, one description: region and institutions as in its first row (only a
    # contact named in several rows can be described two ways)
    pair = combined(ego_codes, key_c)
    m = (key_c >= 0) & alive
    if m.any():
        sel = np.flatnonzero(m)
        rep = pd.Series(pair[sel]).duplicated(keep=False).to_numpy()
        sel = sel[rep]
        for col in ("alter_region", "alter_institution"):
            sel = sel[alive[sel]]
            if not len(sel):
                break
            vals = _coded(v, col, sel)[0]
            u, inv = np.unique(pair[sel], return_inverse=True)
            first = np.full(len(u), -1, dtype=np.int64)
            first[inv[::-1]] = np.arange(len(sel))[::-1]  # first row of each contact
            differs = vals != vals[first[inv]]
            if differs.any():
                mask = np.zeros(n, dtype=bool)
                mask[sel[differs]] = True
                lookup = dict(zip(sel[differs], line[sel[first[inv]]][differs], strict=True))
                drop(mask, "alter_key", key,
                     lambda s, c=col, lk=lookup: [
                         f"the same contact is described differently ({c}) on line {lk[i]}"
                         for i in s],
                     f"the same {col} in every row of one contact")
    extra = _rejections(rows, fname, strict)
    if found is not None:  # the lookups, for the caller to reuse
        found.update(respondents=resp_ids, respondent_id=ego_at, alter_id=alter_at,
                     key=key_cd)
    return alive, extra


def _all_keys(table: Table) -> set[tuple[str, str]]:
    """Every (respondent, contact key) of the ties' records, valid or not."""
    h = table.header
    ego = pd.Series(table.cells[h.index("respondent_id")], dtype=object).str.strip()
    key = (pd.Series(table.cells[h.index("alter_key")], dtype=object).str.strip()
           if "alter_key" in h else pd.Series("", index=ego.index, dtype=object))
    if "alter_id" in h:
        aid = pd.Series(table.cells[h.index("alter_id")], dtype=object).str.strip()
        key = key.where(key != "", aid)
    ok = key != ""
    return set(zip(ego[ok], key[ok], strict=True))


def _check_alter_ties(v: Validated, fname: str, ties: pd.DataFrame, known: set,
                      rejected_resp: set, strict: bool,
                      all_keys: set[tuple[str, str]] | None = None
                      ) -> tuple[pd.DataFrame, list]:
    """Alter ties must join two different contacts the respondent named (by key); a
    duplicate is the same unordered pair and relation. Array operations over the table; in
    strict mode the first problem in file order raises."""
    df = v.data.copy()
    df["line"] = np.asarray(v.lines, dtype=np.int64)
    keyed = ties[ties["_key"].notna()]
    named = pd.MultiIndex.from_arrays([keyed["respondent_id"].astype(object),
                                       keyed["_key"].astype(object)]).unique()
    every = set(all_keys or ())
    rows: list[tuple[int, str, object, str, str]] = []
    alive = pd.Series(True, index=df.index)

    def drop(mask: pd.Series, column: str, values: pd.Series, why: pd.Series | str,
             expected: str) -> None:
        nonlocal alive
        mask = mask & alive
        if not mask.any():
            return
        whys = why[mask] if isinstance(why, pd.Series) else [why] * int(mask.sum())
        for line, value, w in zip(df.loc[mask, "line"], values[mask], whys, strict=True):
            rows.append((int(line), column, value, w, expected))
        alive = alive & ~mask

    ego = df["respondent_id"]
    drop(~ego.isin(known), "respondent_id", ego, pd.Series(np.where(
        ego.isin(rejected_resp), "alter tie of a respondent whose row was rejected",
        "alter tie of an unknown respondent"), index=df.index),
        "a respondent_id of respondents.csv")
    for col in ("alter_a", "alter_b"):
        pairs = pd.MultiIndex.from_arrays([ego.astype(object), df[col].astype(object)])
        missing = pd.Series(~pairs.isin(named), index=df.index)
        if (missing & alive).any():
            sel = missing & alive
            why = pd.Series("", index=df.index)
            why[sel] = [("a contact whose ties were rejected" if (e, x) in every else
                         "not a contact this respondent named")
                        for e, x in zip(ego[sel], df.loc[sel, col], strict=True)]
            drop(missing, col, df[col], why,
                 "the alter_key (or alter_id) of one of the respondent's ties")
    drop(df["alter_a"] == df["alter_b"], "alter_b", df["alter_b"],
         "tie of a contact with itself", "two different contacts")
    lo = np.minimum(df["alter_a"].astype(object), df["alter_b"].astype(object))
    hi = np.maximum(df["alter_a"].astype(object), df["alter_b"].astype(object))
    key = pd.DataFrame({"e": ego.astype(object), "lo": lo, "hi": hi,
                        "r": df["relation"].astype(object).fillna(""), "line": df["line"]})
    m = alive.copy()
    dup = pd.Series(False, index=df.index)
    dup[m] = key.loc[m].duplicated(["e", "lo", "hi", "r"], keep="first")
    if dup.any():
        first = key.loc[m].groupby(["e", "lo", "hi", "r"], sort=False)["line"].transform("first")
        why = "duplicate alter tie (first on line " + first.reindex(df.index).fillna(0).astype(
            "int64").astype(str) + ")"
        drop(dup, "alter_a,alter_b", df["alter_a"] + "," + df["alter_b"], why,
             "one row per pair of contacts and relation")
    extra = _rejections(rows, fname, strict)
    return df[alive].copy(), extra


def _masked(err: DataError, key: bytes, scope: str, table: SurveyTable | None) -> DataError:
    """The same error with any identifier in it replaced by its pseudonym, placed in the
    original export (file and line).

    The value of an id column is pseudonymised; a raw record (a ragged line) is not shown,
    since it holds ids.
    """
    value = err.value
    problem = err.problem
    col = err.column or ""
    if col in ID_COLUMNS and value is not None:
        value = pseudonymise(pd.Series([str(value)]), key, scope).iloc[0]
    elif col in PAIR_COLUMNS and value is not None:
        value = ",".join(pseudonymise(pd.Series(str(value).split(",")), key, scope))
    elif col == "" and value is not None:
        value = None
        problem += " (the record is not shown: it may hold identifiers)"
    fname, line = err.file, err.line
    if table is not None and err.file == table.name:
        fname, line = table.where(err.line)
    return DataError(problem, file=fname, line=line, column=err.column, value=value,
                     expected=err.expected, hint=err.hint)


class _Pseudonyms:
    """Pseudonyms of one survey's ids: each distinct id hashed once, whichever column it is
    in (a respondent's id in respondents, ties and alter ties)."""

    def __init__(self, key: bytes, scope: str) -> None:
        self.key, self.scope = key, scope
        self._ids = pd.Index([], dtype=object)  # the ids hashed so far …
        self._names = np.array([], dtype=object)  # … and their pseudonyms
        self._made: set[str] = set()

    def of(self, uniques: np.ndarray) -> np.ndarray:
        """The pseudonyms of distinct ids, hashing those not seen yet; refuse a collision
        with any pseudonym made so far."""
        pos = (self._ids.get_indexer(uniques) if len(self._ids)
               else np.full(len(uniques), -1, dtype=np.intp))
        new = pos < 0
        if new.any():
            fresh_ids = uniques[new]
            made = pseudonyms(fresh_ids, self.key, self.scope)
            fresh = set(made)
            if len(fresh) != len(made) or not fresh.isdisjoint(self._made):
                raise DataError("pseudonym collision: two different ids got the same "
                                "pseudonym", expected="distinct pseudonyms; use another key "
                                "or scope")
            self._made |= fresh
            pos[new] = len(self._ids) + np.arange(len(made))
            self._ids = self._ids.append(pd.Index(fresh_ids, dtype=object))
            self._names = np.concatenate([self._names, np.array(made, dtype=object)])
        return self._names[pos]

    def __call__(self, values: pd.Series) -> pd.Series:
        codes, uniques = pd.factorize(_objects(values), use_na_sentinel=True)
        mapped = pd.array(self.of(np.asarray(uniques, dtype=object)), dtype="string")
        return pd.Series(mapped.take(codes, allow_fill=True), index=values.index,
                         name=values.name, dtype="string")



@dataclass
class _Respondents:
    """The respondents' side of a survey: validated, checked, then hashed and ordered."""

    validated: Validated
    kept: pd.DataFrame  # kept rows, indexed by their position in ``validated``, with line
    extra: list  # rows rejected by the checks
    kept_ids: set
    rejected_ids: set  # ids of rejected rows
    index: pd.Index  # the kept ids, in the order of ``kept`` (hash table built)
    names: np.ndarray | None = None  # their pseudonyms …
    frame: pd.DataFrame | None = None  # … the published frame, ordered …
    region: Coded | None = None  # … the region codes of ``kept``'s rows …
    place: np.ndarray | None = None  # … and each kept row's place in ``frame``


def _respondents(tab: SurveyTable, table: Table, profile: SurveyProfile, strict: bool
                 ) -> _Respondents:
    """The respondents validated and checked."""
    rv = validate_table(tab.name, table, respondents_schema(profile), strict=strict)
    respondents, r_extra = _check_respondents(rv, tab.name, profile, strict)
    ids = respondents["respondent_id"].to_numpy(dtype=object)
    kept_ids = set(ids)
    # the ids of rejected rows (none when every row is kept)
    rejected_resp = (_column_set(table, "respondent_id") - kept_ids
                     if len(respondents) < rv.rows_in else set())
    index = pd.Index(ids, dtype=object)
    _ = index.is_unique  # builds the index's hash table now
    return _Respondents(rv, respondents, r_extra, kept_ids, rejected_resp, index)


def _hashed(side: _Respondents, pseudo: _Pseudonyms) -> None:
    """Pseudonymise the kept respondents (each id hashed once) and order them by region
    and pseudonym: fills ``names``, ``frame``, ``region`` and ``place``."""
    names = pseudo.of(side.index.to_numpy(dtype=object))
    r_pos = side.kept.index.to_numpy()
    frame = side.kept.drop(columns="line").reset_index(drop=True)
    region = _coded(side.validated, "region", r_pos)
    resp_p = (np.arange(len(names)), names)
    frame["respondent_id"] = _series(resp_p, frame.index, "respondent_id", "string")
    r_order = _permutation([_ranked(region), _ranked(resp_p)])
    place = np.empty(len(r_order), dtype=np.int64)
    place[r_order] = np.arange(len(r_order))
    side.names, side.region, side.place = names, region, place
    side.frame = frame.iloc[r_order].reset_index(drop=True)


def _without_cyclic_gc(f: Callable) -> Callable:
    """Run ``f`` with Python's cyclic garbage collector paused (and restored after).

    Loading a large survey allocates millions of container objects; each allocation burst
    triggers a collection that traverses every object alive in the process — in a notebook
    kernel holding graphs and frames, most of the load's time. The loader makes no
    reference cycles, so nothing waits for the collector; reference counting frees as
    usual. (The pause is process-wide while the loader runs.)
    """
    @functools.wraps(f)
    def run(*args: object, **kwargs: object) -> object:
        was = gc.isenabled()
        gc.disable()
        try:
            return f(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return run


@_without_cyclic_gc
def build_survey(tables: dict[str, SurveyTable], profile: SurveyProfile, *, key: bytes,
                 scope: str, strict: bool, source: str, synthetic: bool, label: str = "",
                 importer: str = "survey folder") -> Survey:
    """Validate ``tables`` (``respondents``, ``ties`` and optionally ``alter_ties``) under
    ``profile`` and return the pseudonymised :class:`Survey` (see the module docstring).

    Adds to ``ties``: ``ego_region``, ``within_region`` (contact in the respondent's own
    region), ``alter_is_respondent``, ``frequency_score`` and ``contacts_per_year`` (from the
    profile's frequency scale; missing when it is open), ``alter_key`` (pseudonymised; the
    contact's ``alter_id`` when it has no key of its own) and ``alter_institutions`` (all of
    the contact's institutions; ``alter_institution`` keeps the main, first-listed one).
    """
    r_tab, t_tab = tables["respondents"], tables["ties"]
    a_tab = tables.get("alter_ties")
    masked: DataError | None = None
    current: SurveyTable | None = None
    pseudo = _Pseudonyms(key, scope)
    # a ties file for the splitter (which releases the GIL) is read in a thread of its own
    # while the respondents are read, checked and their ids hashed; errors are raised in
    # the order of a sequential run: reading respondents, ties, alter ties, then checks
    pool = ThreadPoolExecutor(max_workers=1) if splits(t_tab.raw) else None
    side: _Respondents | None = None
    hash_error: DataError | None = None
    try:
        current = r_tab
        ties_read = (pool.submit(one_line_table, t_tab.name, t_tab.text, t_tab.raw, None,
                                 t_tab.decoded)
                     if pool is not None else None)
        r_table = one_line_table(r_tab.name, r_tab.text, r_tab.raw, None, r_tab.decoded)
        later: DataError | None = None
        if ties_read is not None:
            try:
                side = _respondents(r_tab, r_table, profile, strict)
            except DataError as err:  # raised after any error in reading the ties
                later = err
            if side is not None:
                try:
                    _hashed(side, pseudo)
                except DataError as err:  # raised where a sequential load hashes
                    hash_error = err
        current = t_tab
        t_table = (ties_read.result() if ties_read is not None else
                   one_line_table(t_tab.name, t_tab.text, t_tab.raw, None, t_tab.decoded))
        a_table = None
        if a_tab is not None:
            current = a_tab
            a_table = one_line_table(a_tab.name, a_tab.text, a_tab.raw, None, a_tab.decoded)
        current = r_tab
        if later is not None:
            raise later
        if side is None:
            side = _respondents(r_tab, r_table, profile, strict)
        rv, respondents, r_extra = side.validated, side.kept, side.extra
        kept_ids, rejected_resp = side.kept_ids, side.rejected_ids
        current = t_tab
        t_schema = ties_schema(profile)
        tv = validate_table(t_tab.name, t_table, t_schema, strict=strict, frame=False)
        found: dict = {"respondents": side.index}
        alive, t_extra = _check_ties(tv, t_tab.name, respondents, rejected_resp, profile,
                                     strict, found)
        t_pos = np.flatnonzero(alive)  # the kept ties, in file order
        if a_tab is not None:
            current = a_tab
            av = validate_table(a_tab.name, a_table, alter_ties_schema(profile),
                                strict=strict)
            index = pd.RangeIndex(len(t_pos))
            named = pd.DataFrame({
                "respondent_id": _series(_coded(tv, "respondent_id", t_pos), index, "",
                                         "string"),
                "_key": _series(_filled(_coded(tv, "alter_key", t_pos),
                                        _coded(tv, "alter_id", t_pos)), index, "", "string")})
            alter_ties, a_extra = _check_alter_ties(
                av, a_tab.name, named, kept_ids, rejected_resp,
                strict, _all_keys(t_table))
    except DataError as err:
        masked = _masked(err, key, scope, current)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    if masked is not None:  # raised outside the handler: the raw error is not its context
        raise masked

    parts = [("respondents", r_tab, rv.rejected), ("respondents", r_tab, r_extra),
             ("ties", t_tab, tv.rejected), ("ties", t_tab, t_extra)]
    rows_in = {"respondents": rv.rows_in, "ties": tv.rows_in}
    assert rows_in["respondents"] == len(respondents) + len(rv.rejected) + len(r_extra)
    assert rows_in["ties"] == len(t_pos) + len(tv.rejected) + len(t_extra)
    if a_tab is not None:
        parts += [("alter_ties", a_tab, av.rejected), ("alter_ties", a_tab, a_extra)]
        rows_in["alter_ties"] = av.rows_in
        assert av.rows_in == len(alter_ties) + len(av.rejected) + len(a_extra)
    frames = []
    for name, tab, rej in parts:
        rej = rej if isinstance(rej, pd.DataFrame) else pd.DataFrame(rej,
                                                                     columns=REJECTED_COLUMNS)
        rej = rej.copy()
        if tab.origins is not None and len(rej):
            where = [tab.where(int(x)) for x in rej["line"]]
            rej["file"] = [w[0] for w in where]
            rej["line"] = [w[1] for w in where]
        rej["table"] = name
        frames.append(rej)
    nonempty = [f.astype({"value": object}) for f in frames if len(f)]
    rejected = (pd.concat(nonempty, ignore_index=True) if nonempty else
                pd.DataFrame({c: pd.Series(dtype=object) for c in [*REJECTED_COLUMNS, "table"]}))

    # pseudonymise every id before anything leaves this function
    ids_in_value = rejected["column"].isin(ID_COLUMNS) & rejected["value"].notna()
    rejected["value"] = rejected["value"].astype(object)
    if ids_in_value.any():
        rejected.loc[ids_in_value, "value"] = pseudonymise(
            rejected.loc[ids_in_value, "value"].astype(str), key, scope).astype(object)
    pair = rejected["column"].isin(PAIR_COLUMNS)
    rejected.loc[pair, "value"] = [
        ",".join(pseudonymise(pd.Series(v.split(",")), key, scope).tolist())
        for v in rejected.loc[pair, "value"]
    ]
    rejected = rejected.sort_values(["file", "line"], kind="stable").reset_index(drop=True)
    rejected = rejected[[*REJECTED_COLUMNS, "table"]]

    # derived columns and pseudonyms from the validated codes: each distinct value is
    # looked up, mapped or hashed once; the ties' frame is built once, in its final order
    if hash_error is not None:
        raise hash_error
    if side.names is None:
        _hashed(side, pseudo)
    resp_names, respondents, r_reg, place = side.names, side.frame, side.region, side.place
    cols: dict[str, tuple[Coded | np.ndarray, str]] = {
        c.name: (_coded(tv, c.name, t_pos), c.pandas_dtype()) for c in t_schema.columns}
    ego_cd = cols["respondent_id"][0]
    ego_row = _lookup(found["respondent_id"], ego_cd[0])  # every kept tie has a respondent
    ego_reg = (r_reg[0][ego_row], r_reg[1])
    cols["ego_region"] = (ego_reg, "string")
    # within region: the contact's region code, in the respondents' region vocabulary,
    # equals the respondent's (a missing region is not within)
    t_reg = cols["alter_region"][0]
    alter_reg = _lookup(pd.Index(r_reg[1]).get_indexer(t_reg[1]), t_reg[0])
    cols["within_region"] = ((alter_reg >= 0) & (alter_reg == ego_reg[0]), "bool")
    aid_cd = cols["alter_id"][0]
    cols["alter_is_respondent"] = (aid_cd[0] >= 0, "bool")
    score, per_year = profile.frequency_score, profile.contacts_per_year
    freq = cols["frequency"][0]

    def mapped(mapping: dict) -> tuple[Coded, str]:
        whole = all(float(x).is_integer() for x in mapping.values())
        table = [None if u not in mapping else (int(mapping[u]) if whole else mapping[u])
                 for u in freq[1]]
        return (freq[0], np.array(table, dtype=object)), "Int64" if whole else "Float64"

    if profile.frequencies is not None and all(float(s).is_integer() for s in score.values()):
        cols["frequency_score"] = mapped(score)
    else:
        cols["frequency_score"] = ((freq[0], np.array([score.get(u) for u in freq[1]],
                                                      dtype=object)), "Float64")
    cols["contacts_per_year"] = mapped(per_year) if per_year else (
        (freq[0], np.array([per_year.get(u) for u in freq[1]], dtype=object)), "Float64")
    # each respondent's id hashed once; the ties' ids that are respondents' take theirs,
    # the other contact keys are hashed
    ego_p = (ego_cd[0], _names_at(resp_names, found["respondent_id"]))
    aid_p = (aid_cd[0], _names_at(resp_names, found["alter_id"]))
    key_codes, key_ids = found["key"]
    key_at = found["respondents"].get_indexer(key_ids)
    key_names = _names_at(resp_names, key_at)
    others = key_at < 0
    key_names[others] = pseudo.of(key_ids[others])
    key_p = (key_codes[t_pos], key_names)
    cols["alter_key"] = (key_p, "string")
    inst = cols["alter_institution"][0]
    cols["alter_institutions"] = (inst, "string")
    if profile.multi_alter_institutions:
        inst = (inst[0], np.array([u.split(";")[0] for u in inst[1]], dtype=object))
        cols["alter_institution"] = (inst, "string")
    cols["respondent_id"] = (ego_p, "string")
    cols["alter_id"] = (aid_p, "string")
    # respondents by region and pseudonym (:func:`_hashed`); ties by their respondent's
    # place in that order (the same order as by the respondent's region and pseudonym:
    # pseudonyms are distinct), then the contact's region and institution, then file order
    order = _permutation([place[ego_row], _ranked(t_reg), _ranked(inst)])
    index = pd.RangeIndex(len(order))
    ordered = _gathered([c[0] if isinstance(c, tuple) else c for c, _ in cols.values()],
                        order)
    ties = pd.DataFrame({
        name: (_series((ordered[id(c[0])], c[1]), index, name, dtype) if isinstance(c, tuple)
               else pd.Series(ordered[id(c)], index=index, name=name, dtype=dtype))
        for name, (c, dtype) in cols.items()}, copy=False)
    files = {"respondents": r_tab.name, "ties": t_tab.name}
    out = Survey(respondents=respondents, ties=ties, rejected=rejected, source=source,
                 synthetic=synthetic, label=label, rows_in=rows_in, files=files,
                 profile=profile, importer=importer)
    if a_tab is not None:
        files["alter_ties"] = a_tab.name
        at = alter_ties.drop(columns="line").reset_index(drop=True)
        for c in ("respondent_id", "alter_a", "alter_b"):
            at[c] = pseudo(at[c])
        # one orientation: alter_a < alter_b (the ties are undirected)
        swap = at["alter_a"] > at["alter_b"]
        at.loc[swap, ["alter_a", "alter_b"]] = at.loc[swap, ["alter_b", "alter_a"]].to_numpy()
        out.alter_ties = at.sort_values(["respondent_id", "alter_a", "alter_b"]).reset_index(
            drop=True)
    return out
