"""Generic table loading: validate a file against its :class:`~netlib.data.schema.Schema`.

Every loader

* verifies the file's sha256 against ``data/raw/datapackage.json`` (only for files under
  ``data/raw``; a researcher's own file passed as ``path`` is not checked);
* raises :class:`netlib.DataError` naming file, line, column, bad value and what was
  expected;
* with ``strict=False``, keeps the valid rows and returns the others in
  ``df.attrs["rejected"]`` (file, line, column, value, reason), warning with
  :class:`netlib.RejectedRowsWarning` — rows are never dropped silently.

:func:`check_refs` is the foreign-key check that case loaders use across tables, and
:func:`load_processed` reads a built table of ``data/processed`` after checking its hash.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from netlib.data import package, provenance
from netlib.data.errors import DataError, RejectedRowsWarning
from netlib.data.paths import PROCESSED, RAW, rel
from netlib.data.schema import Schema
from netlib.data.validate import read_validated


class RejectedRows(pd.DataFrame):
    """The rejected rows of a load (file, line, column, value, reason), kept in ``df.attrs``.

    A plain DataFrame in ``attrs`` breaks ordinary pandas calls on the loaded frame:
    ``merge``, ``astype`` and ``concat`` compare the ``attrs`` of their inputs with ``==``,
    which a DataFrame answers elementwise ("truth value … is ambiguous"). This subclass
    answers ``==`` with one bool (:meth:`pandas.DataFrame.equals`) and survives pandas' deep
    copies; everything derived from it (filters, columns) is a plain DataFrame again.
    """

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def _constructor_from_mgr(self, mgr, axes) -> pd.DataFrame:  # type: ignore[no-untyped-def]
        return pd.DataFrame._from_mgr(mgr, axes=axes)

    def __eq__(self, other: object) -> bool:  # type: ignore[override]
        return isinstance(other, pd.DataFrame) and self.equals(other)

    def __ne__(self, other: object) -> bool:  # type: ignore[override]
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict | None = None) -> RejectedRows:
        return RejectedRows(pd.DataFrame(self).copy(deep=True))


def load_table(
    schema: Schema, path: str | Path | None = None, *, strict: bool = True, verify: bool = True
) -> pd.DataFrame:
    """Load the table described by ``schema`` from ``path`` (default ``data/raw/<file>``)."""
    path = Path(path) if path is not None else RAW / schema.file
    if verify:
        provenance.verify(path)
    result = read_validated(path, schema, strict=strict)
    df = result.data
    df.attrs["source_file"] = rel(path)
    df.attrs["rejected"] = RejectedRows(result.rejected)
    df.attrs["lines"] = result.lines
    if len(result.rejected):
        warnings.warn(
            f"{rel(path)}: {len(result.rejected)} of {result.rows_in} rows not kept; "
            "see df.attrs['rejected'] for each line and reason",
            RejectedRowsWarning,
            stacklevel=2,
        )
    return df



def reject_rows(
    df: pd.DataFrame, bad: pd.Series, column: str, reason: str, *, strict: bool,
    value: pd.Series | None = None, expected: str | None = None,
) -> pd.DataFrame:
    """Apply a check that involves several cells of a row (or several rows) after loading.

    ``bad`` flags the failing rows of ``df`` (as loaded by :func:`load_table`, with
    ``df.attrs['lines']``). In strict mode the first one raises :class:`DataError` naming
    file, line, column, value and ``expected``; otherwise the failing rows move to
    ``df.attrs['rejected']`` with their line and ``reason``, with a
    :class:`RejectedRowsWarning`, so that rows in = rows kept + rows rejected still holds.
    """
    bad = bad.fillna(False).astype(bool).to_numpy()
    if not bad.any():
        return df
    lines = list(df.attrs.get("lines", range(2, len(df) + 2)))
    file = df.attrs.get("source_file")
    values = (value if value is not None else df[column]).astype("string").fillna("")
    if strict:
        i = int(bad.argmax())
        raise DataError(reason, file=file, line=lines[i], column=column,
                        value=values.iloc[i], expected=expected)
    rej = pd.DataFrame({
        "file": file, "line": [ln for ln, b in zip(lines, bad, strict=True) if b],
        "column": column, "value": list(values[bad]), "reason": f"{column}: {reason}",
    })
    kept = df.loc[~bad].reset_index(drop=True)
    kept.attrs = dict(df.attrs)
    kept.attrs["lines"] = [ln for ln, b in zip(lines, bad, strict=True) if not b]
    before = df.attrs.get("rejected")
    kept.attrs["rejected"] = RejectedRows(
        pd.concat([pd.DataFrame(before), rej], ignore_index=True)
        if before is not None and len(before) else rej)
    warnings.warn(f"{file}: {int(bad.sum())} rows not kept ({reason}); see "
                  "df.attrs['rejected']", RejectedRowsWarning, stacklevel=3)
    return kept



def check_refs(
    child: pd.DataFrame, col: str, parent: pd.DataFrame, pcol: str, allowed: set[str]
) -> None:
    """Raise :class:`DataError` at the first ``child[col]`` not in ``parent[pcol]`` or
    ``allowed`` (a foreign-key check that names file, line, column and value)."""
    known = set(parent[pcol]) | allowed
    for line, value in zip(child.attrs["lines"], child[col], strict=True):
        if value not in known:
            raise DataError(
                f"refers to an unknown {pcol}",
                file=child.attrs.get("source_file"),
                line=line,
                column=col,
                value=value,
                expected=f"one of {sorted(known)} (from {parent.attrs.get('source_file')})",
            )



def load_processed(name: str) -> pd.DataFrame:
    """A table of ``data/processed`` (built by ``python -m netlib.tooling.build``), checksum-verified.

    ``name`` is the file name with or without ``.csv``. Raises :class:`DataError` when the
    file is missing or differs from its hash in ``data/processed/datapackage.json``.
    """
    file = name if name.endswith(".csv") else f"{name}.csv"
    path = PROCESSED / file
    descriptor = PROCESSED / package.DESCRIPTOR
    hint = "Build it with `python -m netlib.tooling.build` (or `make data`)."
    if not path.is_file() or not descriptor.is_file():
        missing = path if not path.is_file() else descriptor
        raise DataError("processed file not found", file=rel(missing), hint=hint)
    recorded = package.recorded_hashes(descriptor)
    if file not in recorded:
        raise DataError(f"not a resource of {rel(descriptor)}", file=rel(path), hint=hint)
    actual = package.sha256(path)
    if recorded[file] != actual:
        raise DataError(
            f"checksum mismatch: the processed file differs from its hash in {rel(descriptor)}",
            file=rel(path), column="sha256", value=actual, expected=recorded[file], hint=hint,
        )
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    # an integer column with empty cells would come back as floats: keep it integer
    res = next((r for r in package.read(descriptor)["resources"] if r["path"] == file), {})
    for fld in res.get("schema", {}).get("fields", []):
        c = fld["name"]
        if fld.get("type") == "integer" and c in df and pd.api.types.is_float_dtype(df[c]):
            df[c] = df[c].astype("Int64")
    df.attrs["source_file"] = rel(path)
    return df


PROVENANCE_COLUMNS = ["file", "title", "kind", "origin", "licence", "card", "sha256"]


def load_provenance() -> pd.DataFrame:
    """One row per raw file, from ``data/raw/datapackage.json``: file (path under
    ``data/raw``), title, kind, origin (its sources' titles, ``; ``-joined), licence (its
    licences, ``name: title``, ``; ``-joined), card and sha256; sorted by file."""
    rows = []
    for path, res in provenance.records().items():
        rows.append({
            "file": path,
            "title": res.get("title", ""),
            "kind": res.get("kind", ""),
            "origin": "; ".join(s["title"] for s in res.get("sources", [])),
            "licence": "; ".join(f"{lic.get('name', lic.get('path', ''))}: {lic.get('title', '')}"
                                 for lic in res.get("licenses", [])),
            "card": res.get("card", ""),
            "sha256": str(res.get("hash", "")).removeprefix("sha256:"),
        })
    df = pd.DataFrame(rows, columns=PROVENANCE_COLUMNS).astype("string")
    df = df.sort_values("file").reset_index(drop=True)
    df.attrs["source_file"] = rel(provenance.DESCRIPTOR_FILE)
    return df
