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

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from netlib.data.errors import DataError
from netlib.data.validate import REJECTED_COLUMNS, Validated, read_records, validate_text
from netlib.privacy import pseudonymise
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
    """

    name: str
    text: str
    origins: list[tuple[str, int]] | None = None

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
            n_rej = int((self.rejected["table"] == name).sum()) if "table" in self.rejected \
                else int((self.rejected["file"] == self.files.get(name)).sum())
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


def one_line_records(fname: str, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and records of ``text``, refusing a record that runs over several lines: no
    cell of the survey contract holds a line break, so it is an unbalanced double quote —
    and the lines it swallowed (other people's ids) must not be shown as one cell's value."""
    header, records, _ = read_records(fname, text)
    for line, fields in records:
        if any("\n" in f or "\r" in f for f in fields):
            raise DataError(
                "a quoted cell runs over several lines (an unbalanced double quote?)",
                file=fname, line=line,
                expected="one line per record; the cell is not shown, since the lines it "
                "swallowed may hold identifiers")
    return header, records


def _all_ids(header: list[str], records: list[tuple[int, list[str]]], col: str) -> set[str]:
    """Every non-empty value of ``col`` in the records, valid or not."""
    j = header.index(col)
    return {fields[j].strip() for _, fields in records} - {""}


def _check_respondents(v: Validated, fname: str, profile: SurveyProfile,
                       strict: bool) -> tuple[pd.DataFrame, list]:
    df = v.data.copy()
    df["line"] = v.lines
    extra: list[dict[str, object]] = []
    n_inst = df["institutions"].str.count(";") + 1
    limit = profile.max_institutions
    too_many = (n_inst > limit) if limit is not None else pd.Series(False, index=df.index)
    for _, r in df[too_many].iterrows():
        _reject(extra, fname, int(r["line"]), "institutions", r["institutions"],
                f"more than {limit} institutions", strict, f"1 to {limit} institution types")
    df = df[~too_many].copy()
    df["n_institutions"] = (df["institutions"].str.count(";") + 1).astype("Int64")
    return df, extra


def _first_line(df: pd.DataFrame, cols: list[str], mask: pd.Series) -> pd.Series:
    """For rows in ``mask``: the line of the first row with the same values of ``cols``."""
    sub = df.loc[mask, [*cols, "line"]]
    return sub.groupby(cols, sort=False, dropna=False)["line"].transform("first")


def _check_ties(v: Validated, fname: str, respondents: pd.DataFrame, rejected_resp: set,
                profile: SurveyProfile, strict: bool) -> tuple[pd.DataFrame, list]:
    """Checks between ties and respondents, as array operations over the whole table.

    In order (a row gets the first reason that applies): tie from an unknown (or rejected)
    respondent; tie to one; self-tie; duplicate tie — the same respondent, contact and
    relation (contact = ``alter_key``, else ``alter_id``), or, for a contact with neither, a
    row identical to an earlier one; a contact described differently (region or
    institution) from its first row. In strict mode the first problem in file order raises.
    """
    df = v.data.copy()
    df["line"] = np.asarray(v.lines, dtype=np.int64)
    known = set(respondents["respondent_id"])
    rows: list[tuple[int, str, object, str, str]] = []  # line, column, value, why, expected
    alive = pd.Series(True, index=df.index)

    def drop(mask: pd.Series, column: str, values: pd.Series, why: pd.Series | str,
             expected: str) -> None:
        nonlocal alive
        mask = mask & alive
        if not mask.any():
            return
        whys = why[mask] if isinstance(why, pd.Series) else pd.Series(why, index=df.index)[mask]
        for line, value, w in zip(df.loc[mask, "line"], values[mask], whys, strict=True):
            rows.append((int(line), column, value, w, expected))
        alive = alive & ~mask

    ego, alter = df["respondent_id"], df["alter_id"]
    has_alter = alter.notna()
    ego_known = ego.isin(known)
    drop(~ego_known, "respondent_id", ego, pd.Series(np.where(
        ego.isin(rejected_resp), "tie from a respondent whose row was rejected",
        "tie from an unknown respondent"), index=df.index),
        "a respondent_id of respondents.csv")
    alter_known = alter.isin(known) | ~has_alter
    drop(~alter_known, "alter_id", alter, pd.Series(np.where(
        alter.isin(rejected_resp), "tie to a respondent whose row was rejected",
        "tie to an unknown respondent"), index=df.index),
        "empty, or a respondent_id of respondents.csv")
    drop(has_alter & (alter == ego).fillna(False), "alter_id", alter, "self-tie",
         "a contact other than the respondent")

    key = df["alter_key"].fillna(df["alter_id"])
    df["_key"] = key
    by_id = df["alter_key"].isna() & has_alter
    by_key = df["alter_key"].notna()
    for mask, cols, column, expected in (
            (by_id, ["respondent_id", "alter_id", "content"], "respondent_id,alter_id",
             "one row per pair of respondents and relation"),
            (by_key, ["respondent_id", "alter_key", "content"], "respondent_id,alter_key",
             "one row per contact and relation")):
        m = mask & alive
        dup = pd.Series(False, index=df.index)
        dup[m] = df.loc[m].duplicated(cols, keep="first")
        if dup.any():
            first = _first_line(df, cols, m)
            values = df["respondent_id"] + "," + df[cols[1]]
            why = "duplicate tie (first on line " + first.reindex(df.index).fillna(0).astype(
                "int64").astype(str) + ")"
            drop(dup, column, values, why, expected)
    contract = [c for c in df.columns if c not in ("line", "_key")]
    m = ~key.notna() & alive
    dup = pd.Series(False, index=df.index)
    dup[m] = df.loc[m].duplicated(contract, keep="first")
    if dup.any():
        first = _first_line(df, contract, m)
        why = "duplicate tie (same row as line " + first.reindex(df.index).fillna(0).astype(
            "int64").astype(str) + ")"
        drop(dup, "respondent_id", ego, why, "distinct rows")
    # one contact, one description: region and institutions as in its first row (only a
    # contact named in several rows can be described two ways)
    m = key.notna() & alive
    if m.any():
        m = m & df[["respondent_id", "_key"]].where(m).duplicated(keep=False) & m
    if m.any():
        for col in ("alter_region", "alter_institution"):
            m = m & alive
            firstval = df.loc[m].groupby(["respondent_id", "_key"], sort=False)[col] \
                .transform("first")
            differs = pd.Series(False, index=df.index)
            differs[m] = (df.loc[m, col] != firstval).fillna(False).to_numpy()
            if differs.any():
                first = _first_line(df, ["respondent_id", "_key"], m)
                why = ("the same contact is described differently (" + col + ") on line "
                       + first.reindex(df.index).fillna(0).astype("int64").astype(str))
                drop(differs, "alter_key", key, why, f"the same {col} in every row of one "
                     "contact")
    rows.sort(key=lambda r: r[0])
    if strict and rows:
        line, column, value, why, expected = rows[0]
        raise DataError(why, file=fname, line=line, column=column, value=value,
                        expected=expected)
    extra = [{"file": fname, "line": line, "column": column, "value": value,
              "reason": f"{column}: {why}"} for line, column, value, why, _ in rows]
    kept = df[alive].drop(columns="_key").copy()
    return kept, extra


def _all_keys(header: list[str], records: list[tuple[int, list[str]]]) -> set[tuple[str, str]]:
    """Every (respondent, contact key) of the ties' records, valid or not."""
    pos = {h: i for i, h in enumerate(header)}
    out = set()
    for _, f in records:
        ego = f[pos["respondent_id"]].strip()
        k = f[pos["alter_key"]].strip() if "alter_key" in pos else ""
        k = k or (f[pos["alter_id"]].strip() if "alter_id" in pos else "")
        if k:
            out.add((ego, k))
    return out


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
    rows.sort(key=lambda r: r[0])
    if strict and rows:
        line, column, value, why, expected = rows[0]
        raise DataError(why, file=fname, line=line, column=column, value=value,
                        expected=expected)
    extra = [{"file": fname, "line": line, "column": column, "value": value,
              "reason": f"{column}: {why}"} for line, column, value, why, _ in rows]
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


def _primary(institutions: pd.Series) -> pd.Series:
    return institutions.str.split(";").str[0].astype("string")


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
    try:
        current = r_tab
        r_header, r_records = one_line_records(r_tab.name, r_tab.text)
        current = t_tab
        t_header, t_records = one_line_records(t_tab.name, t_tab.text)
        if a_tab is not None:
            current = a_tab
            one_line_records(a_tab.name, a_tab.text)
        current = r_tab
        rv = validate_text(r_tab.name, r_tab.text, respondents_schema(profile), strict=strict)
        respondents, r_extra = _check_respondents(rv, r_tab.name, profile, strict)
        all_resp_ids = _all_ids(r_header, r_records, "respondent_id")
        rejected_resp = all_resp_ids - set(respondents["respondent_id"])
        current = t_tab
        tv = validate_text(t_tab.name, t_tab.text, ties_schema(profile), strict=strict)
        ties, t_extra = _check_ties(tv, t_tab.name, respondents, rejected_resp, profile,
                                    strict)
        if a_tab is not None:
            current = a_tab
            av = validate_text(a_tab.name, a_tab.text, alter_ties_schema(profile),
                               strict=strict)
            ties["_key"] = ties["alter_key"].fillna(ties["alter_id"])
            alter_ties, a_extra = _check_alter_ties(
                av, a_tab.name, ties, set(respondents["respondent_id"]), rejected_resp, strict,
                _all_keys(t_header, t_records))
            ties = ties.drop(columns="_key")
    except DataError as err:
        masked = _masked(err, key, scope, current)
    if masked is not None:  # raised outside the handler: the raw error is not its context
        raise masked

    parts = [("respondents", r_tab, rv.rejected), ("respondents", r_tab, r_extra),
             ("ties", t_tab, tv.rejected), ("ties", t_tab, t_extra)]
    rows_in = {"respondents": rv.rows_in, "ties": tv.rows_in}
    assert rows_in["respondents"] == len(respondents) + len(rv.rejected) + len(r_extra)
    assert rows_in["ties"] == len(ties) + len(tv.rejected) + len(t_extra)
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

    region = dict(zip(respondents["respondent_id"], respondents["region"], strict=True))
    ties = ties.drop(columns="line").reset_index(drop=True)
    ties["ego_region"] = ties["respondent_id"].map(region).astype("string")
    ties["within_region"] = (ties["alter_region"] == ties["ego_region"]).astype(bool)
    ties["alter_is_respondent"] = ties["alter_id"].notna()
    score, per_year = profile.frequency_score, profile.contacts_per_year
    if profile.frequencies is not None and all(float(s).is_integer() for s in score.values()):
        ties["frequency_score"] = ties["frequency"].map(
            {k: int(s) for k, s in score.items()}).astype("Int64")
    else:
        ties["frequency_score"] = ties["frequency"].map(score).astype("Float64")
    if per_year and all(float(s).is_integer() for s in per_year.values()):
        ties["contacts_per_year"] = ties["frequency"].map(
            {k: int(s) for k, s in per_year.items()}).astype("Int64")
    else:
        ties["contacts_per_year"] = ties["frequency"].map(per_year).astype("Float64")
    ties["alter_key"] = pseudonymise(ties["alter_key"].fillna(ties["alter_id"]), key, scope)
    ties["alter_institutions"] = ties["alter_institution"].astype("string")
    ties["alter_institution"] = _primary(ties["alter_institution"])
    ties["respondent_id"] = pseudonymise(ties["respondent_id"], key, scope)
    ties["alter_id"] = pseudonymise(ties["alter_id"], key, scope)
    respondents = respondents.drop(columns="line").reset_index(drop=True)
    respondents["respondent_id"] = pseudonymise(respondents["respondent_id"], key, scope)
    respondents = respondents.sort_values(["region", "respondent_id"]).reset_index(drop=True)
    ties = ties.sort_values(["ego_region", "respondent_id", "alter_region",
                             "alter_institution"], kind="stable").reset_index(drop=True)
    files = {"respondents": r_tab.name, "ties": t_tab.name}
    out = Survey(respondents=respondents, ties=ties, rejected=rejected, source=source,
                 synthetic=synthetic, label=label, rows_in=rows_in, files=files,
                 profile=profile, importer=importer)
    if a_tab is not None:
        files["alter_ties"] = a_tab.name
        at = alter_ties.drop(columns="line").reset_index(drop=True)
        for c in ("respondent_id", "alter_a", "alter_b"):
            at[c] = pseudonymise(at[c], key, scope)
        # one orientation: alter_a < alter_b (the ties are undirected)
        swap = at["alter_a"] > at["alter_b"]
        at.loc[swap, ["alter_a", "alter_b"]] = at.loc[swap, ["alter_b", "alter_a"]].to_numpy()
        out.alter_ties = at.sort_values(["respondent_id", "alter_a", "alter_b"]).reset_index(
            drop=True)
    return out
