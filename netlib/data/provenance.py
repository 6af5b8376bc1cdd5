"""Provenance of the raw files: origin, licence, data card and sha256 of each.

``data/raw/PROVENANCE.csv`` lists every file under ``data/raw`` (except itself and the
cards). Loaders call :func:`verify` before reading, so an edited raw file is caught with
the name of the file that changed.

Command line::

    python -m netlib.data.provenance check     # verify every listed file, list unlisted ones
    python -m netlib.data.provenance update F  # record the new sha256 of F after a deliberate edit
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from pathlib import Path

from netlib.data.errors import DataError
from netlib.data.paths import RAW, rel
from netlib.data.schema import Column, Schema

PROVENANCE_FILE = RAW / "PROVENANCE.csv"

PROVENANCE_SCHEMA = Schema(
    name="provenance",
    file="PROVENANCE.csv",
    key=("file",),
    description="one row per raw file: file, title, kind, origin, licence, card, sha256",
    obtain="It is part of the repository; restore it with `git checkout -- data/raw/PROVENANCE.csv`.",
    columns=(
        Column("file", description="path relative to data/raw"),
        Column("title"),
        Column("kind", kind="category", categories=("extracted", "public_dataset", "synthetic")),
        Column("origin", description="seed file and place, public dataset, or generator + seed"),
        Column("licence"),
        Column("card", description="data card, relative to data/raw"),
        Column("sha256", pattern=r"[0-9a-f]{64}"),
    ),
)


def sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def records() -> dict[str, dict[str, str]]:
    """The provenance rows, keyed by file (validated)."""
    from netlib.data.validate import read_validated

    data = read_validated(PROVENANCE_FILE, PROVENANCE_SCHEMA).data
    return {str(r["file"]): {k: str(v) for k, v in r.items()} for r in data.to_dict("records")}


def verify(path: Path) -> None:
    """Raise :class:`DataError` if ``path`` (under ``data/raw``) differs from its recorded sha256.

    Files outside ``data/raw`` (a researcher's own data) are not checked.
    """
    path = Path(path).resolve()
    try:
        name = path.relative_to(RAW.resolve()).as_posix()
    except ValueError:
        return
    if not path.is_file():
        return  # the loader reports the missing file with how to obtain it
    rec = records().get(name)
    if rec is None:
        raise DataError(
            "raw file is not listed in data/raw/PROVENANCE.csv",
            file=rel(path),
            expected="a provenance row (origin, licence, card, sha256)",
            hint="Add a row and a data card, then run `python -m netlib.data.provenance update "
            f"{name}`.",
        )
    actual = sha256(path)
    if actual != rec["sha256"]:
        raise DataError(
            "checksum mismatch: the file has changed since its provenance was recorded",
            file=rel(path),
            column="sha256",
            value=actual,
            expected=rec["sha256"],
            hint=f"If the change is deliberate, say why in {rec['card']} and run "
            f"`python -m netlib.data.provenance update {name}`; otherwise restore it with "
            f"`git checkout -- data/raw/{name}`.",
        )


def _write(rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=[c.name for c in PROVENANCE_SCHEMA.columns],
                       lineterminator="\n")
    w.writeheader()
    for r in sorted(rows, key=lambda r: r["file"]):
        w.writerow(r)
    PROVENANCE_FILE.write_text(buf.getvalue(), encoding="utf-8")


def update(names: list[str]) -> None:
    """Record the current sha256 of the named raw files."""
    recs = records()
    for name in names:
        if name not in recs:
            raise SystemExit(f"{name} is not listed in {rel(PROVENANCE_FILE)}; add a row first")
        recs[name]["sha256"] = sha256(RAW / name)
    _write(list(recs.values()))


def check() -> list[str]:
    """Problems with the raw folder: checksum mismatches, missing or unlisted files, cards."""
    problems = []
    recs = records()
    for name, rec in recs.items():
        p = RAW / name
        if not p.is_file():
            problems.append(f"{name}: listed but missing")
            continue
        try:
            verify(p)
        except DataError as e:
            problems.append(str(e))
        if not (RAW / rec["card"]).is_file():
            problems.append(f"{name}: data card {rec['card']} is missing")
    for p in sorted(RAW.rglob("*")):
        if p.is_file():
            name = p.relative_to(RAW).as_posix()
            if name == "PROVENANCE.csv" or name.startswith("cards/") or name in recs:
                continue
            problems.append(f"{name}: not listed in PROVENANCE.csv")
    return problems


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"] and len(argv) > 1:
        update(argv[1:])
        return 0
    if argv[:1] in (["check"], []):
        problems = check()
        print("\n".join(problems) if problems else "provenance: all raw files match")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
