"""Load and validate a researcher's own trial data (one row per unit, e.g. per student).

:func:`load_trial` reads a CSV and :func:`check_trial` a data frame; both return a
:class:`Trial` (``.data``, ``.rejected``, ``.rows_in``, ``.summary()``). The caller names
the columns' roles — ``outcome``, ``treatment`` (0/1, or any two values with ``treated=``
naming the treated one), and for a cluster design ``cluster`` (the unit of assignment) and
optionally ``block`` (the stratum within which assignment was random); other columns are
kept as text, or as numbers if listed in ``covariates``.

Problems are reported like every loader of the compendium (:class:`netlib.DataError`
naming file, line, column, value and what was expected):

* row problems — treatment not 0/1 (or, with ``treated=``, missing), a missing or
  non-numeric outcome, a missing cluster or block id, a non-numeric covariate;
* treatment coding (``treated=``) — the treated value absent from the column, or more than
  two distinct values (the error lists them);
* cluster problems (``design="cluster"``) — a cluster whose units are not all in the same
  arm (mixed assignment), a cluster id that appears in two blocks;
* design problems — only one arm, or fewer than ``min_clusters_per_arm`` clusters (or units)
  in an arm. These always raise: the data cannot be analysed as the design says.

With ``strict=False`` row and cluster problems move the rows to ``Trial.rejected``
(file, line, column, value, reason; a mixed cluster is rejected whole) with a
:class:`netlib.RejectedRowsWarning`; rows in = rows kept + rows rejected, always.

The rejected rows are *not* stored in ``Trial.data.attrs``: pandas compares the ``attrs`` of
the frames it combines, and a data frame there makes ordinary calls such as ``merge`` or
``astype`` fail with "the truth value of a DataFrame is ambiguous". ``data.attrs`` holds
only the source file, the design and the column roles.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from netlib.data.errors import DataError, RejectedRowsWarning
from netlib.data.paths import rel
from netlib.data.schema import Column, Schema, parse_number
from netlib.data.validate import REJECTED_COLUMNS, decode, read_header, validate_text

DESIGNS = ("individual", "cluster")


def _number(text: str) -> float | None:
    """A finite number in ASCII digits (:func:`netlib.data.schema.parse_number`), else None."""
    return parse_number(text)


@dataclass(frozen=True)
class Trial:
    """Validated trial data: the kept rows, the rejected ones, and where they came from.

    ``data``: one row per kept unit, treatment coded 0/1 (``attrs``: ``source_file``,
    ``design``, ``roles`` — no data frames); ``rejected``: file, line, column, value,
    reason of every row not kept; ``rows_in``: data rows read; ``lines``: the file line of
    each row of ``data``; ``treated``: the value of the treatment column coded 1 when the
    caller named it (``None`` for a 0/1 column), ``control``: the value coded 0 (likewise);
    ``data.attrs["arms"]`` names both (``{"treated": "Catholic", "control": "Public"}``,
    or ``{"treated": 1, "control": 0}`` for a 0/1 column). Always ``rows_in == len(data) +
    len(rejected)``.
    """

    data: pd.DataFrame
    rejected: pd.DataFrame
    rows_in: int
    source: str
    design: str
    roles: dict[str, object]
    lines: tuple[int, ...]
    treated: object | None = None
    control: object | None = None

    def __post_init__(self) -> None:
        assert self.rows_in == len(self.data) + len(self.rejected)  # every row accounted for

    def summary(self) -> pd.Series:
        """Rows in, kept and rejected; units (and clusters) per arm."""
        t = self.roles["treatment"]
        out: dict[str, object] = {"file": self.source, "design": self.design,
                                  "rows in": self.rows_in, "kept": len(self.data),
                                  "rejected": len(self.rejected)}
        if self.treated is not None:
            out["treated value"] = self.treated
            out["control value"] = self.control
        for arm, name in ((1, "treated"), (0, "control")):
            sub = self.data[self.data[t] == arm]
            out[f"{name} units"] = len(sub)
            if self.design == "cluster" and self.roles.get("cluster"):
                out[f"{name} clusters"] = int(sub[self.roles["cluster"]].nunique())
        return pd.Series(out, dtype=object)


def load_trial(
    path: str | Path, *, outcome: str, treatment: str, design: str = "individual",
    cluster: str | None = None, block: str | None = None, covariates: Sequence[str] = (),
    min_clusters_per_arm: int = 2, strict: bool = True, treated: object | None = None,
) -> Trial:
    """Read ``path`` (UTF-8 CSV with a header) and validate it as trial data (see module).

    ``treated``: the value of the ``treatment`` column that marks the treated arm (e.g.
    ``treated="Catholic"``); every other value is the control arm, and the column is recoded
    to 1/0. Without it the column must hold 0 and 1.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError("file not found", file=rel(path), expected="a CSV file of trial data")
    text = decode(path, path.read_bytes())  # one read; a Latin-1 file gets the usual message
    header = read_header(rel(path), text)
    missing = [c for c in (outcome, treatment, cluster, block, *covariates)
               if c is not None and c not in header]
    if missing:
        raise DataError(f"missing column {missing[0]}", file=rel(path), line=1,
                        column=missing[0], expected=f"the columns named in the call, "
                        f"among {header}")
    schema = Schema(name="trial", file=path.name,
                    columns=tuple(Column(h, required=False) for h in header))
    result = validate_text(rel(path), text, schema)
    raw = result.data.astype("string").fillna("")
    lines = result.lines
    return check_trial(raw, outcome=outcome, treatment=treatment, design=design,
                       cluster=cluster, block=block, covariates=covariates,
                       min_clusters_per_arm=min_clusters_per_arm, strict=strict,
                       file=rel(path), lines=lines, treated=treated)


def check_trial(
    df: pd.DataFrame, *, outcome: str, treatment: str, design: str = "individual",
    cluster: str | None = None, block: str | None = None, covariates: Sequence[str] = (),
    min_clusters_per_arm: int = 2, strict: bool = True, file: str = "<data frame>",
    lines: Sequence[int] | None = None, treated: object | None = None,
) -> Trial:
    """Validate trial data held in a data frame (cells may be text or numbers); see
    :func:`load_trial` for ``treated``."""
    if design not in DESIGNS:
        raise ValueError(f"design must be one of {DESIGNS}")
    if design == "cluster" and cluster is None:
        raise ValueError("a cluster design needs cluster=")
    for c in (outcome, treatment, cluster, block, *covariates):
        if c is not None and c not in df.columns:
            raise DataError(f"missing column {c}", file=file, line=1, column=c,
                            expected=f"one of the columns {list(df.columns)}")
    lines = list(lines) if lines is not None else list(range(2, len(df) + 2))
    text = df.astype("string").fillna("").apply(lambda s: s.str.strip())
    control: object | None = None
    if treated is not None:
        text[treatment], control = _recode_treatment(text[treatment], treated, treatment,
                                                     file, lines)
    kept_rows: list[int] = []
    rejected: list[dict[str, object]] = []

    for i in range(len(text)):
        row = text.iloc[i]
        problems: list[tuple[str, str, str, str]] = []  # column, value, problem, expected
        t = row[treatment]
        if treated is not None and t == "":
            problems.append((treatment, t, "missing treatment",
                             f"{str(treated)!r} (treated) or the control value"))
        elif _number(t) not in (0.0, 1.0):
            problems.append((treatment, t, "treatment is not binary",
                             "0 (control) or 1 (treatment)"))
        y = row[outcome]
        if y == "":
            problems.append((outcome, y, "missing outcome", "a number"))
        elif _number(y) is None:
            problems.append((outcome, y, "outcome is not a number", "a number"))
        for role, col in (("cluster", cluster), ("block", block)):
            if col is not None and row[col] == "":
                problems.append((col, row[col], f"missing {role} id", f"a {role} id"))
        for c in covariates:
            if row[c] != "" and _number(row[c]) is None:
                problems.append((c, row[c], "covariate is not a number", "a number (or empty)"))
        if problems:
            col, val, prob, exp = problems[0]
            if strict:
                raise DataError(prob, file=file, line=lines[i], column=col, value=val,
                                expected=exp)
            rejected.append({"file": file, "line": lines[i], "column": col, "value": val,
                             "reason": "; ".join(f"{c}: {p}" for c, _, p, _ in problems)})
            continue
        kept_rows.append(i)

    kept = text.iloc[kept_rows].reset_index(drop=True)
    kept_lines = [lines[i] for i in kept_rows]
    out = pd.DataFrame({c: kept[c] for c in text.columns})
    out[outcome] = [parse_number(v) for v in kept[outcome]]
    out[outcome] = out[outcome].astype("float64")
    out[treatment] = [int(parse_number(v) or 0) for v in kept[treatment]]
    for c in covariates:
        out[c] = pd.array([parse_number(v) if v != "" else None for v in kept[c]],
                          dtype="Float64").astype("float64")

    if cluster is not None and design == "cluster":
        out, kept_lines = _check_clusters(out, kept_lines, treatment, cluster, block, strict,
                                          file, rejected)

    _check_design(out, treatment, cluster if design == "cluster" else None,
                  min_clusters_per_arm, file)
    rej = pd.DataFrame(rejected, columns=REJECTED_COLUMNS).sort_values("line",
                                                                        ignore_index=True)
    roles = {"outcome": outcome, "treatment": treatment, "cluster": cluster, "block": block,
             "covariates": list(covariates)}
    out.attrs.clear()
    arms = ({"treated": 1, "control": 0} if treated is None
            else {"treated": str(treated).strip(), "control": control})
    out.attrs.update(source_file=file, design=design, roles=roles, arms=arms)
    trial = Trial(data=out, rejected=rej, rows_in=len(df), source=file, design=design,
                  roles=roles, lines=tuple(int(x) for x in kept_lines), treated=treated,
                  control=control)
    if len(rej):
        warnings.warn(f"{file}: {len(rej)} of {len(df)} rows not kept; see "
                      ".rejected for each line and reason", RejectedRowsWarning,
                      stacklevel=2)
    return trial


def _recode_treatment(values: pd.Series, treated: object, column: str, file: str,
                      lines: Sequence[int]) -> tuple[pd.Series, str | None]:
    """Text treatment column -> "1" (the ``treated`` value) / "0" (the other value, returned
    as the control value; None if every row is treated); empty cells stay empty (a missing
    treatment, a row problem)."""
    want = str(treated).strip()
    present = values[values != ""]
    distinct = list(dict.fromkeys(present))  # in order of first appearance
    if len(distinct) > 2:
        third = distinct[2]
        line = lines[int((values == third).to_numpy().argmax())]
        raise DataError(f"treatment has {len(distinct)} distinct values {distinct}",
                        file=file, line=line, column=column, value=third,
                        expected=f"two values: the treated value {want!r} and one control "
                        "value")
    if want not in distinct:
        raise DataError(f"treated value {want!r} not found in column {column!r}", file=file,
                        column=column, value=want,
                        expected=f"one of the values present, {distinct}")
    others = [v for v in distinct if v != want]
    return (values.where(values == "", (values == want).map({True: "1", False: "0"})),
            others[0] if others else None)


def _check_clusters(
    out: pd.DataFrame, lines: list[int], treatment: str, cluster: str, block: str | None,
    strict: bool, file: str, rejected: list[dict[str, object]],
) -> tuple[pd.DataFrame, list[int]]:
    line_of = pd.Series(lines, index=out.index)
    bad = pd.Series(False, index=out.index)
    arms = out.groupby(cluster)[treatment].agg(["min", "max", "size", "sum"])
    for cid, r in arms[arms["min"] != arms["max"]].iterrows():
        rows = out.index[out[cluster] == cid]
        first_t = int(line_of[rows[out.loc[rows, treatment] == 1]].min())
        first_c = int(line_of[rows[out.loc[rows, treatment] == 0]].min())
        reason = (f"cluster {cid!r} has mixed assignment: {int(r['sum'])} treated and "
                  f"{int(r['size'] - r['sum'])} control units (first on lines {first_t} "
                  f"and {first_c})")
        if strict:
            raise DataError(reason, file=file, line=max(first_t, first_c), column=treatment,
                            value=str(cid), expected="every unit of a cluster in the same "
                            "arm (treatment is assigned to whole clusters)")
        bad.loc[rows] = True
    if block is not None:
        nb = out.groupby(cluster)[block].nunique()
        for cid in nb[nb > 1].index:
            rows = out.index[(out[cluster] == cid) & ~bad]
            if not len(rows):
                continue
            reason = (f"cluster {cid!r} appears in {int(nb[cid])} blocks "
                      f"({sorted(out.loc[rows, block].unique())})")
            if strict:
                raise DataError(reason, file=file, line=int(line_of[rows].min()), column=block,
                                value=str(cid), expected="each cluster inside one block")
            bad.loc[rows] = True
    for i in out.index[bad]:
        rejected.append({"file": file, "line": int(line_of[i]), "column": cluster,
                         "value": out.loc[i, cluster],
                         "reason": f"{cluster}: cluster rejected whole (mixed assignment or "
                                   "in several blocks)"})
    keep = ~bad
    return out.loc[keep].reset_index(drop=True), [int(x) for x in line_of[keep]]


def _check_design(out: pd.DataFrame, treatment: str, cluster: str | None, k: int,
                  file: str) -> None:
    arms = set(out[treatment].unique())
    if arms != {0, 1}:
        raise DataError("treatment is not binary: only one arm present after validation",
                        file=file, column=treatment, value=sorted(arms),
                        expected="units in both arms, 0 and 1")
    if cluster is None:
        counts = out.groupby(treatment).size()
        what = "units"
    else:
        counts = out.groupby(treatment)[cluster].nunique()
        what = "clusters"
    if counts.min() < k:
        raise DataError(f"too few {what}: {counts.get(1, 0)} treated and {counts.get(0, 0)} "
                        "control", file=file, column=cluster or treatment,
                        value={"treated": int(counts.get(1, 0)),
                               "control": int(counts.get(0, 0))},
                        expected=f"at least {k} {what} in each arm")
