"""Root-relative paths that work from any working directory (including ``notebooks/``).

The project root is the directory holding this package's ``pyproject.toml``. It can be
overridden with the ``NETLIB_ROOT`` environment variable (e.g. to point the notebooks at
a copy of the data elsewhere).

The five source documents are not part of the repository. They are looked for in
``$NETLIB_SOURCES`` (a relative value is taken relative to the root), by default in
``../shared/seeds`` beside the root (:func:`sources_dir`).
"""

from __future__ import annotations

import os
from pathlib import Path


def find_root() -> Path:
    """Return the compendium's root directory.

    ``$NETLIB_ROOT`` wins if set; otherwise the parent of the ``netlib`` package, which
    must hold ``pyproject.toml`` (the package is installed in editable mode).
    """
    env = os.environ.get("NETLIB_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    here = Path(__file__).resolve().parents[2]
    if not (here / "pyproject.toml").is_file():
        raise RuntimeError(
            f"netlib is not inside the compendium (no pyproject.toml in {here}); "
            "install it with `pip install -e .` from the repository or set NETLIB_ROOT"
        )
    return here


ROOT: Path = find_root()
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
PROCESSED: Path = DATA / "processed"
NOTEBOOKS: Path = ROOT / "notebooks"
REPORT: Path = ROOT / "report"
DEFAULT_SOURCES: Path = ROOT.parent / "shared" / "seeds"
SOURCES_ENV = "NETLIB_SOURCES"


def sources_dir() -> Path:
    """The folder holding the five seed texts: ``$NETLIB_SOURCES``, else ``../shared/seeds``.

    Read at each call, so that a change of the variable is seen without re-importing.
    A relative ``$NETLIB_SOURCES`` is relative to the compendium's root, not to the working
    directory (notebooks run in ``notebooks/``).
    """
    env = os.environ.get(SOURCES_ENV)
    if not env:
        return DEFAULT_SOURCES
    p = Path(env).expanduser()
    return p if p.is_absolute() else ROOT / p


SEEDS: Path = sources_dir()  # as found at import time; prefer sources_dir()


def root_path(*parts: str | os.PathLike[str]) -> Path:
    """``ROOT / parts`` — a path inside the compendium, independent of the working directory."""
    return ROOT.joinpath(*parts)


def rel(path: str | os.PathLike[str]) -> str:
    """A path for messages and outputs: relative to the root when inside it, else reduced to
    the folder name (``…/my_survey`` for a folder, ``…/my_survey/ties.csv`` for a file in it),
    so that no user's directory layout (which often holds a name) is printed into errors,
    notebooks or the report."""
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        keep = 1 if p.is_dir() else 2
        return "…/" + "/".join(p.parts[-keep:]) if len(p.parts) > keep else p.as_posix()
