"""Checksums of the raw files, as recorded in ``data/raw/datapackage.json``.

Every file under ``data/raw`` (except the descriptor and the cards) is a resource of the data
package, with its sha256 in ``hash`` (see :mod:`netlib.data.package`). Loaders call
:func:`verify` before reading, so an edited raw file is caught with the name of the file
that changed.

Command line::

    python -m netlib.data.provenance check     # verify every resource, list undescribed files
    python -m netlib.data.provenance update F  # record the new sha256 of F after a deliberate edit
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from netlib.data import package
from netlib.data.errors import DataError
from netlib.data.files import atomic_write_text
from netlib.data.paths import RAW, rel

DESCRIPTOR_FILE = RAW / package.DESCRIPTOR
sha256 = package.sha256


def _descriptor(path: Path | None = None) -> dict[str, Any]:
    path = Path(path) if path is not None else DESCRIPTOR_FILE
    if not path.is_file():
        raise DataError("data package descriptor not found", file=rel(path),
                        hint=f"Regenerate it with `{package.COMMAND}`.")
    return package.read(path)


def records(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The resources of the raw descriptor, keyed by path relative to ``data/raw``."""
    return {r["path"]: r for r in _descriptor(path)["resources"]}


def _recorded(rec: dict[str, Any]) -> str:
    return str(rec.get("hash", "")).removeprefix("sha256:")


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
    descriptor = rel(DESCRIPTOR_FILE)
    rec = records().get(name)
    if rec is None:
        raise DataError(
            f"raw file is not a resource of {descriptor}",
            file=rel(path),
            expected="a resource (title, licence, sources, card, schema, sha256)",
            hint="Add it to the catalogue named in pyproject.toml ([tool.netlib] raw-package) "
            f"with a data card and run `{package.COMMAND}`.",
        )
    actual = sha256(path)
    if actual != _recorded(rec):
        raise DataError(
            f"checksum mismatch: the file has changed since its sha256 was recorded in "
            f"{descriptor}",
            file=rel(path),
            column="sha256",
            value=actual,
            expected=_recorded(rec),
            hint=f"If the change is deliberate, say why in {rec.get('card', 'its data card')} "
            f"and run `python -m netlib.data.provenance update {name}`; otherwise restore it "
            f"with `git checkout -- data/raw/{name}`.",
        )


def update(names: list[str], path: Path | None = None) -> None:
    """Record the current sha256 of the named raw files in the descriptor."""
    path = Path(path) if path is not None else DESCRIPTOR_FILE
    descriptor = _descriptor(path)
    by_path = {r["path"]: r for r in descriptor["resources"]}
    for name in names:
        name = Path(name).as_posix().removeprefix("data/raw/")
        if name not in by_path:
            raise SystemExit(f"{name} is not a resource of {rel(path)}; add it to the "
                             f"catalogue and run `{package.COMMAND}` first")
        by_path[name]["hash"] = f"sha256:{sha256(path.parent / name)}"
    atomic_write_text(path, package.dumps(descriptor))


def check(path: Path | None = None) -> list[str]:
    """Problems with the raw folder (:func:`netlib.data.package.file_problems`)."""
    return package.file_problems(Path(path) if path is not None else DESCRIPTOR_FILE)


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
