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

import hashlib
import warnings
from pathlib import Path

import pandas as pd

from netlib.data import provenance
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
    file is missing or differs from ``data/processed/MANIFEST.csv``.
    """
    file = name if name.endswith(".csv") else f"{name}.csv"
    path = PROCESSED / file
    manifest = PROCESSED / "MANIFEST.csv"
    hint = "Build it with `python -m netlib.tooling.build` (or `make data`)."
    if not path.is_file() or not manifest.is_file():
        missing = path if not path.is_file() else manifest
        raise DataError("processed file not found", file=rel(missing), hint=hint)
    recorded = pd.read_csv(manifest, dtype=str).set_index("file")["sha256"]
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if file not in recorded.index:
        raise DataError("not listed in data/processed/MANIFEST.csv", file=rel(path), hint=hint)
    if recorded[file] != actual:
        raise DataError(
            "checksum mismatch: the processed file differs from its build manifest",
            file=rel(path), column="sha256", value=actual, expected=recorded[file], hint=hint,
        )
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    df.attrs["source_file"] = rel(path)
    return df


def load_provenance() -> pd.DataFrame:
    """``data/raw/PROVENANCE.csv``: origin, licence, card and sha256 of every raw file."""
    return load_table(provenance.PROVENANCE_SCHEMA, provenance.PROVENANCE_FILE, verify=False)
